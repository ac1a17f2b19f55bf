import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { extract, flatten } from '../../lib/core/flatten.ts';

const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { 'a.alloy': 'x' } });

test('objects are found at any depth, in tree order, through objects and arrays', () => {
  const tree = { a: { configMap: cm('a') }, b: [cm('b'), { deep: [cm('c')] }], c: cm('d') };
  assert.equal(flatten(tree).map((o) => o.metadata.name), ['a', 'b', 'c', 'd']);
  assert.equal(extract(tree).map((e) => e.path), ['tree.a.configMap', 'tree.b[0]', 'tree.b[1].deep[0]', 'tree.c']);
});

test('a Kubernetes object is taken whole: its fields are not walked', () => {
  assert.equal(flatten({ x: cm('x') }), [cm('x')]);
});

test('null and undefined are skipped (Jsonnet `if` without `else`)', () => {
  assert.equal(flatten({ a: null, b: undefined, c: { d: null }, e: cm('e') }).length, 1);
});

test('a primitive in the tree is an error naming its path', () => {
  const tree = { alloyMetrics: { configMap: { data: 'oops' } } };
  assert.throws(() => flatten(tree), (e: Error) =>
    e.message === 'tree.alloyMetrics.configMap.data: expected a Kubernetes object (apiVersion and kind) or a tree of them, found a string');
  assert.throws(() => flatten({ list: [cm('a'), 3] }), /tree\.list\[1\]: .* found a number/);
  assert.throws(() => flatten({ list: [null] }), /tree\.list\[0\]: .* found null/);
  assert.throws(() => flatten({ 'odd.key': true }), /tree\["odd\.key"\]: .* found a boolean/);
});

test('an object with only one of apiVersion and kind, or empty ones, is named', () => {
  assert.throws(() => flatten({ a: { apiVersion: 'v1', metadata: { name: 'x' } } }), /tree\.a: a Kubernetes object needs both apiVersion and kind as non-empty strings \(apiVersion: "v1", kind: nothing\)/);
  assert.throws(() => flatten({ a: { apiVersion: '', kind: 'ConfigMap' } }), /tree\.a: .*apiVersion: ""/);
});

test('an object without metadata.name is refused, as Tanka does', () => {
  assert.throws(() => flatten({ a: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } }), /tree\.a\.metadata\.name: the v1 ConfigMap needs a name/);
  assert.throws(() => flatten({ a: { apiVersion: 'v1', kind: 'ConfigMap' } }), /tree\.a\.metadata: the v1 ConfigMap needs a metadata object, found nothing/);
  assert.equal(flatten({ a: { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'x-' } } }).length, 1);
});

test('List and *List kinds are unwrapped, recursively', () => {
  const tree = {
    list: { apiVersion: 'v1', kind: 'List', items: [cm('a'), { apiVersion: 'v1', kind: 'ConfigMapList', items: [cm('b')] }] },
    c: cm('c'),
  };
  assert.equal(extract(tree).map((e) => `${e.path} ${e.object.metadata.name}`), ['tree.list.items[0] a', 'tree.list.items[1].items[0] b', 'tree.c c']);
  assert.throws(() => flatten({ l: { apiVersion: 'v1', kind: 'List', items: [1] } }), /tree\.l\.items\[0\]: expected a Kubernetes object .* in the List, found a number/);
  assert.throws(() => flatten({ l: { apiVersion: 'v1', kind: 'List', items: {} } }), /tree\.l\.items: a List needs an items array, found an object/);
});

test('a kind ending in List without items is an ordinary object (e.g. a CRD kind)', () => {
  assert.equal(flatten({ a: { apiVersion: 'x/v1', kind: 'AccessList', metadata: { name: 'a' } } }).length, 1);
});

test('property: every object placed anywhere in a random tree is found exactly once', () => {
  const leaf = fc.string({ minLength: 1, maxLength: 5 }).map(cm);
  const { tree } = fc.letrec((tie) => ({
    // null only as an object's value: Tanka skips it there and refuses it in an array.
    tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 3 }), fc.option(tie('tree')), { maxKeys: 3, noNullPrototype: true })),
  }));
  fc.assert(fc.property(tree, (t) => {
    const expected: unknown[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') ('kind' in v ? expected.push(v) : Object.values(v).forEach(collect));
    };
    collect(t);
    const found = flatten(t);
    assert.is(found.length, expected.length);
    found.forEach((o, i) => assert.is(o, expected[i]));
  }), { numRuns: 300 });
});

test.run();
