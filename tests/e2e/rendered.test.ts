// The committed rendered/ folder: current (the CI gate users copy), and accepted by real tools:
// kubectl kustomize (malformed YAML, duplicates), promtool (Prometheus config), jsonnet (Tanka).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot, requireTool, runScript } from '../support/cli.ts';

const rendered = path.join(repoRoot, 'rendered');
const environments = ['dev', 'prod', 'staging'];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-rendered-'));

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml')).sort();
}

test('rendered/ is current (export --check)', () => {
  const result = runScript('export.ts', ['environments/', '--check']);
  assert.is(result.status, 0, `rendered/ is stale: run npx tsx scripts/export.ts environments/\n${result.stdout}${result.stderr}`);
});

for (const env of environments) {
  test(`kubectl kustomize reads every object of ${env} exactly once`, () => {
    const kubectl = requireTool('kubectl');
    const dir = path.join(scratch, `kustomize-${env}`);
    fs.cpSync(path.join(rendered, env), dir, { recursive: true });
    const files = yamlFiles(dir);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), YAML.stringify({ resources: files }));
    const result = spawnSync(kubectl, ['kustomize', dir], { encoding: 'utf8' });
    assert.is(result.status, 0, result.stderr);
    assert.is(YAML.parseAllDocuments(result.stdout).length, files.length);
  });

  test(`promtool accepts the Prometheus config of ${env}`, () => {
    const promtool = requireTool('promtool');
    const configMap = YAML.parse(fs.readFileSync(path.join(rendered, env, 'v1.ConfigMap-alloy-stack-prometheus.yaml'), 'utf8'));
    const file = path.join(scratch, `${env}-prometheus.yml`);
    fs.writeFileSync(file, configMap.data['prometheus.yml']);
    const result = spawnSync(promtool, ['check', 'config', file], { encoding: 'utf8' });
    assert.is(result.status, 0, result.stdout + result.stderr);
    assert.equal(YAML.parse(configMap.data['prometheus.yml']).scrape_configs, []);
  });
}

test('jsonnet evaluates the Tanka inline environments to the same objects as the YAML', () => {
  const jsonnet = requireTool('jsonnet');
  const out = path.join(scratch, 'tanka-export');
  const result = runScript('export.ts', ['environments/', '--tanka', '--out', out]);
  assert.is(result.status, 0, result.stderr);
  for (const env of environments) {
    const evaluated = spawnSync(jsonnet, [path.join(out, 'tanka', env, 'main.jsonnet')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.is(evaluated.status, 0, evaluated.stderr);
    const environment = JSON.parse(evaluated.stdout) as { kind: string; data: Record<string, unknown> };
    assert.is(environment.kind, 'Environment');
    const fromYaml = Object.fromEntries(yamlFiles(path.join(out, env)).map((f) => [
      f, YAML.parse(fs.readFileSync(path.join(out, env, f), 'utf8')),
    ]));
    assert.equal(environment.data, fromYaml);
  }
});

test.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
test.run();
