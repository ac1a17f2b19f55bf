// --kustomize and --sync-waves: the folder kubectl kustomize (the same code Flux and Argo CD run) accepts as it
// is, listing every file once with setup/ first; Argo CD waves on setup/ objects and on custom resources.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { kustomizationText, syncWave } from '../../lib/export/kustomize.ts';
import { runScript } from '../support/cli.ts';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-kustomize-'));
const run = runScript('export.ts', ['environments/prod', 'environments/all-features', '--out', out, '--kustomize', '--sync-waves']);

test('the export with --kustomize succeeds', () => {
  assert.is(run.status, 0, run.stderr);
});

test('kustomization.yaml lists every file of the folder once, setup/ first, and nothing else', () => {
  for (const env of ['prod', 'all-features']) {
    const dir = path.join(out, env);
    const { resources } = parse(fs.readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
    const onDisk = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && !fs.statSync(path.join(dir, f)).isDirectory());
    assert.equal([...resources].sort(), onDisk.sort());
    assert.ok(resources[0]!.startsWith('setup/'), resources[0]);
    assert.is(resources.findLastIndex((r) => r.startsWith('setup/')) < resources.findIndex((r) => !r.startsWith('setup/')), true);
  }
});

test('kubectl kustomize accepts each folder and puts the Namespace first', () => {
  for (const env of ['prod', 'all-features']) {
    const text = execFileSync('kubectl', ['kustomize', path.join(out, env)], { encoding: 'utf8' });
    const objects = parseAllDocuments(text).map((d) => d.toJS() as { kind: string });
    const files = fs.readdirSync(path.join(out, env), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    assert.is(objects.length, files.length);
    assert.is(objects[0]!.kind, 'Namespace');
  }
});

test('--sync-waves: the Namespace in wave -1, built-in kinds in the default wave, a custom resource in wave 1', () => {
  const namespace = parse(fs.readFileSync(path.join(out, 'prod', 'setup', 'v1.Namespace-monitoring.yaml'), 'utf8')) as { metadata: { annotations?: Record<string, string> } };
  assert.is(namespace.metadata.annotations?.['argocd.argoproj.io/sync-wave'], '-1');
  const statefulSet = fs.readFileSync(path.join(out, 'prod', 'apps-v1.StatefulSet-alloy-stack-alloy-metrics.yaml'), 'utf8');
  assert.not.match(statefulSet, 'sync-wave');
  assert.is(syncWave({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'x' } }), '1');
  assert.is(syncWave({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' } }), '-1');
  assert.is(syncWave({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }), undefined);
});

test('kustomizationText puts setup/ first whatever the input order', () => {
  const { resources } = parse(kustomizationText(['b.yaml', 'setup/z.yaml', 'a.yaml'])) as { resources: string[] };
  assert.equal(resources, ['setup/z.yaml', 'a.yaml', 'b.yaml']);
});

test('--check knows the kustomized folder is up to date, and that one without --kustomize is stale', () => {
  const args = ['environments/prod', 'environments/all-features', '--out', out];
  assert.is(runScript('export.ts', [...args, '--kustomize', '--sync-waves', '--check']).status, 0);
  assert.is(runScript('export.ts', [...args, '--check']).status, 1);
});

test('--sync-waves without --kustomize is refused', () => {
  const refused = runScript('export.ts', ['environments/prod', '--out', out, '--sync-waves']);
  assert.is(refused.status, 1);
  assert.match(refused.stderr, '--sync-waves goes with --kustomize');
});

test.after(() => fs.rmSync(out, { recursive: true, force: true }));
test.run();
