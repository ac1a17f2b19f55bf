import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffEnvironment, type EnvSide } from '../../lib/diff/objects.ts';

const configMap = (files: Record<string, string>) =>
  `apiVersion: v1\ndata:\n${Object.entries(files).map(([k, v]) => `  ${k}: |\n${v.split('\n').filter(Boolean).map((l) => `    ${l}\n`).join('')}`).join('')}kind: ConfigMap\nmetadata:\n  name: alloy-metrics\n`;

function side(files: Record<string, string>, envName = 'prod'): EnvSide {
  return { envName, files: new Map(Object.entries(files)), cloud: new Map() };
}

test('unchanged, added and removed environments', () => {
  const a = side({ 'v1.Service-a.yaml': 'kind: Service\n' });
  assert.equal(diffEnvironment('environments/prod.ts', a, a), { file: 'environments/prod.ts', name: 'prod', status: 'unchanged', added: [], removed: [], changed: [], cost: [] });
  const added = diffEnvironment('environments/prod.ts', undefined, a);
  assert.equal([added.status, added.added, added.removed], ['added', ['v1.Service-a.yaml'], []]);
  const removed = diffEnvironment('environments/prod.ts', a, undefined);
  assert.equal([removed.status, removed.added, removed.removed], ['removed', [], ['v1.Service-a.yaml']]);
});

test('a changed ConfigMap: the rest, then each changed file, named by key', () => {
  const base = side({ 'v1.ConfigMap-alloy-metrics.yaml': configMap({ 'kubelet.alloy': 'a = 1\nb = 2\n', 'old.alloy': 'x\n' }) });
  const head = side({ 'v1.ConfigMap-alloy-metrics.yaml': configMap({ 'kubelet.alloy': 'a = 1\nb = 3\n', 'traefik.alloy': 't\n' }), 'v1.Service-t.yaml': 'kind: Service\n' });
  const diff = diffEnvironment('environments/prod.ts', base, head);
  assert.is(diff.status, 'changed');
  assert.equal(diff.added, ['v1.Service-t.yaml']);
  assert.equal(diff.changed.map((c) => [c.path, c.data]), [
    ['v1.ConfigMap-alloy-metrics.yaml', { configMap: 'alloy-metrics', added: ['traefik.alloy'], removed: ['old.alloy'], changed: ['kubelet.alloy'] }],
  ]);
  assert.equal(diff.changed[0]!.patches, [
    '--- a/prod/v1.ConfigMap-alloy-metrics.yaml data["kubelet.alloy"]\n+++ b/prod/v1.ConfigMap-alloy-metrics.yaml data["kubelet.alloy"]\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n',
    '--- a/prod/v1.ConfigMap-alloy-metrics.yaml data["old.alloy"]\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n',
    '--- /dev/null\n+++ b/prod/v1.ConfigMap-alloy-metrics.yaml data["traefik.alloy"]\n@@ -0,0 +1,1 @@\n+t\n',
  ]);
});

test('a change splitting cannot see shows the whole file; a new name is a change', () => {
  const base = side({ 'v1.ConfigMap-c.yaml': 'kind: ConfigMap\ndata:\n  a: x\n  b: y\n' });
  const head = side({ 'v1.ConfigMap-c.yaml': 'kind: ConfigMap\ndata:\n  b: y\n  a: x\n' }, 'prod-eu');
  const diff = diffEnvironment('environments/prod.ts', base, head);
  assert.equal([diff.status, diff.name, diff.renamedFrom], ['changed', 'prod-eu', 'prod']);
  assert.match(diff.changed[0]!.patches[0]!, /^--- a\/prod-eu\/v1\.ConfigMap-c\.yaml\n\+\+\+ b\/prod-eu\/v1\.ConfigMap-c\.yaml\n/);
});

test('no cost line when one side cannot compute its cloud path', () => {
  const base: EnvSide = { envName: 'prod', files: new Map() };
  const head: EnvSide = { envName: 'prod', files: new Map(), cloud: new Map([['traefik', { keep: ['up'], drop: [] }]]) };
  assert.equal(diffEnvironment('environments/prod.ts', base, head).cost, []);
  assert.equal(diffEnvironment('environments/prod.ts', { ...base, cloud: new Map() }, head).cost, [{ component: 'traefik', status: 'new', more: [], less: [], size: 1 }]);
});

test.run();
