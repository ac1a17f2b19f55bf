import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { kindOrder, processObjects, sortObjects } from '../../lib/export/process.ts';

const obj = (apiVersion: string, kind: string, name: string, metadata: Record<string, unknown> = {}): KubeObject => ({ apiVersion, kind, metadata: { name, ...metadata } });
const opts = { namespace: 'monitoring' };

test('namespaced kinds without a namespace get the default; cluster-wide kinds and set ones do not', () => {
  const out = processObjects([
    obj('v1', 'ConfigMap', 'a'),
    obj('v1', 'ConfigMap', 'b', { namespace: 'other' }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'c'),
    obj('v1', 'Namespace', 'monitoring'),
    obj('example.com/v1', 'Widget', 'w'),
  ], opts);
  const ns = Object.fromEntries(out.map((o) => [o.metadata.name, o.metadata.namespace]));
  assert.equal(ns, { a: 'monitoring', b: 'other', c: undefined, monitoring: undefined, w: 'monitoring' });
});

test('annotation tanka.dev/namespaced overrides the kind list', () => {
  const out = processObjects([
    obj('example.com/v1', 'ClusterWidget', 'cw', { annotations: { 'tanka.dev/namespaced': 'false' } }),
    obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'cr', { annotations: { 'tanka.dev/namespaced': 'true' } }),
  ], opts);
  assert.equal(out.map((o) => [o.metadata.name, o.metadata.namespace]), [['cr', 'monitoring'], ['cw', undefined]]);
});

test('standard and given labels are added without overwriting existing keys', () => {
  const [out] = processObjects([obj('v1', 'ConfigMap', 'a', { labels: { 'app.kubernetes.io/part-of': 'mine', team: 'x' } })], { ...opts, labels: { team: 'y', env: 'prod' } });
  assert.equal(out!.metadata.labels, { 'app.kubernetes.io/part-of': 'mine', 'app.kubernetes.io/managed-by': 'alloy-stack', team: 'x', env: 'prod' });
});

test('labels keep the order a spread gives: the defaults first, then the object\'s own; null counts as none', () => {
  const [out] = processObjects([obj('v1', 'ConfigMap', 'a', { labels: { b: '1', 'app.kubernetes.io/managed-by': 'me' } })], { ...opts, labels: { a: '2' } });
  assert.equal(Object.entries(out!.metadata.labels!), [['app.kubernetes.io/part-of', 'alloy-stack'], ['app.kubernetes.io/managed-by', 'me'], ['a', '2'], ['b', '1']]);
  const [none] = processObjects([obj('v1', 'ConfigMap', 'a', { labels: null })], opts);
  assert.equal(none!.metadata.labels, { 'app.kubernetes.io/part-of': 'alloy-stack', 'app.kubernetes.io/managed-by': 'alloy-stack' });
  const [proto] = processObjects([obj('v1', 'ConfigMap', 'a', { labels: JSON.parse('{"__proto__": "x"}') })], opts);
  assert.is(Object.getPrototypeOf(proto!.metadata.labels), Object.prototype);
  assert.is(Object.keys(proto!.metadata.labels!).at(-1), '__proto__');
});

test('inputs are not mutated', () => {
  const input = [obj('v1', 'ConfigMap', 'a')];
  const copy = structuredClone(input);
  processObjects(input, opts);
  assert.equal(input, copy);
});

test("Tanka's kind order, then unknown kinds alphabetically, then namespace and name", () => {
  const out = processObjects([
    obj('apps/v1', 'StatefulSet', 'alloy'),
    obj('monitoring.coreos.com/v1', 'ServiceMonitor', 'b'),
    obj('v1', 'Service', 'b'),
    obj('v1', 'Service', 'a', { namespace: 'z' }),
    obj('v1', 'Service', 'a'),
    obj('example.com/v1', 'Alpha', 'x'),
    obj('v1', 'Namespace', 'monitoring'),
    obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
    obj('v1', 'ServiceAccount', 'alloy'),
  ], opts);
  assert.equal(out.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`), [
    'Namespace//monitoring', 'ServiceAccount/monitoring/alloy', 'CustomResourceDefinition//widgets.example.com',
    'Service/monitoring/a', 'Service/monitoring/b', 'Service/z/a', 'StatefulSet/monitoring/alloy', 'Alpha/monitoring/x', 'ServiceMonitor/monitoring/b',
  ]);
});

test('a duplicate object is an error naming both sources', () => {
  assert.throws(
    () => processObjects([obj('v1', 'ConfigMap', 'a'), obj('v1', 'ConfigMap', 'a', { namespace: 'monitoring' })], { ...opts, sources: ['tree.x.configMap', 'tree.y.configMap'] }),
    /tree\.x\.configMap and tree\.y\.configMap are the same object \(v1 ConfigMap monitoring\/a\)/,
  );
  assert.throws(() => processObjects([obj('apps/v1', 'Deployment', 'a'), obj('apps/v1beta1', 'Deployment', 'a')], opts), /object 1 and object 2 are the same object/);
  processObjects([obj('v1', 'ConfigMap', 'a'), obj('v1', 'ConfigMap', 'a', { namespace: 'other' }), obj('v1', 'Secret', 'a')], opts);
});

test('property: sorting is a deterministic total order (any input order gives the same output)', () => {
  const kinds = fc.constantFrom(...kindOrder, 'Widget', 'Alpha');
  const objects = fc.uniqueArray(fc.tuple(kinds, fc.constantFrom('a', 'b', 'c'), fc.constantFrom('x', 'y', 'z')), { maxLength: 20, selector: (t) => t.join('/') })
    .map((ts) => ts.map(([kind, ns, name]) => obj('v1', kind, name, { namespace: ns })));
  fc.assert(fc.property(objects, fc.nat(), (list, seed) => {
    const shuffled = [...list].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
    assert.equal(sortObjects(shuffled), sortObjects(list));
  }));
});

test.run();
