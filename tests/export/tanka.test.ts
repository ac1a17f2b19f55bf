import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { tankaFiles, tankaFolder } from '../../lib/export/tanka.ts';

const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } },
  {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'alloy', namespace: 'monitoring', labels: { '10': 'x', app: 'alloy' } },
    data: { 'pods.alloy': 'prometheus.scrape "pods" {\n\ttargets = []\n}\n', odd: 'quote " backslash \\ nul \u0000 é 😀 \u2028', n: 'on' },
  },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'alloy', namespace: 'monitoring' }, spec: { replicas: 3, f: 0.1, big: 2 ** 60, t: true, z: null, list: [] } },
];
const env = { envName: 'prod', envFile: 'environments/prod.ts', namespace: 'monitoring', labels: { cluster: 'prod-eu-west-1' }, spec: { injectLabels: true }, objects };

test('the files sit in tanka/<env>/, outside the kubectl folder', () => {
  assert.is(tankaFolder('prod'), 'tanka/prod');
  assert.equal([...tankaFiles(env).keys()], ['tanka/prod/main.jsonnet', 'tanka/prod/objects.json']);
});

test('jsonnet evaluates main.jsonnet to a Tanka Environment whose data holds the objects', () => {
  const jsonnet = spawnSync('jsonnet', ['--version'], { encoding: 'utf8' });
  if (jsonnet.error || jsonnet.status !== 0) {
    assert.unreachable('jsonnet not found: run scripts/install-tools.sh (Debian package jsonnet) to check the Tanka environment');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-tanka-'));
  try {
    for (const [rel, text] of tankaFiles(env)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const run = spawnSync('jsonnet', [path.join(dir, 'tanka/prod/main.jsonnet')], { encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    const evaluated = JSON.parse(run.stdout) as { data: Record<string, KubeObject> };
    assert.equal({ ...evaluated, data: undefined }, {
      apiVersion: 'tanka.dev/v1alpha1', kind: 'Environment',
      metadata: { name: 'prod', labels: { cluster: 'prod-eu-west-1' } },
      spec: { namespace: 'monitoring', injectLabels: true },
      data: undefined,
    });
    assert.equal(evaluated.data, {
      'setup/v1.Namespace-monitoring.yaml': objects[0],
      'v1.ConfigMap-alloy.yaml': objects[1],
      'apps-v1.StatefulSet-alloy.yaml': objects[2],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('objects.json is deterministic: keys sorted at every level', () => {
  const text = tankaFiles(env).get('tanka/prod/objects.json')!;
  assert.ok(text.indexOf('"10": "x"') < text.indexOf('"app": "alloy"'));
  assert.is(tankaFiles({ ...env, objects: [...objects].reverse() }).get('tanka/prod/objects.json'), text);
});

test('two objects with one file name are refused', () => {
  assert.throws(() => tankaFiles({ ...env, objects: [objects[0]!, objects[0]!] }), /two objects would both be setup\/v1\.Namespace-monitoring\.yaml/);
});

test.run();
