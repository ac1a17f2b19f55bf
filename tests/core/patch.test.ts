import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { append, byName, patch, patchAt, prepend, remove, replace, assertNoMarker } from '../../lib/core/patch.ts';

// The cases of Jsonnet's oop.jsonnet, in patch() form.
test('an override replaces a field and keeps the others', () => {
  assert.equal(patch({ a: 1, b: 2 }, { b: 3 }), { a: 1, b: 3 });
});

test('objects merge deeply (like f+:)', () => {
  const base = { spec: { replicas: 1, template: { metadata: { labels: { app: 'a' } as Record<string, string> } } } };
  assert.equal(patch(base, { spec: { template: { metadata: { labels: { tier: 'x' } } } } }), {
    spec: { replicas: 1, template: { metadata: { labels: { app: 'a', tier: 'x' } } } },
  });
});

test('arrays and scalars replace (like f:)', () => {
  assert.equal(patch({ args: ['a', 'b'], n: 1 }, { args: ['c'], n: 2 }), { args: ['c'], n: 2 });
});

test('replace() takes an object wholesale', () => {
  const base = { metadata: { annotations: { a: '1', b: '2' } as Record<string, string> } };
  assert.equal(patch(base, { metadata: { annotations: replace({ c: '3' }) } }), { metadata: { annotations: { c: '3' } } });
});

test('append() and prepend() extend arrays; a missing array counts as empty', () => {
  const base = { args: ['b'] } as { args: string[]; extra?: string[] };
  assert.equal(patch(base, { args: append(['c']) }), { args: ['b', 'c'] });
  assert.equal(patch(base, { args: prepend(['a']) }), { args: ['a', 'b'] });
  assert.equal(patch(base, { extra: append(['x']) }), { args: ['b'], extra: ['x'] });
});

test('append() on something that is not an array names the path', () => {
  const tree: unknown = { alloy: { spec: { replicas: 2 } } };
  assert.throws(() => patch(tree, { alloy: { spec: { replicas: append([1]) } } }), /override\.alloy\.spec\.replicas: append\(\) needs an array here, found a number/);
});

test('remove deletes a field, and an object from a tree', () => {
  const tree: unknown = { alloyMetrics: { statefulSet: { kind: 'StatefulSet' }, networkPolicy: { kind: 'NetworkPolicy' } } };
  assert.equal(patch(tree, { alloyMetrics: { networkPolicy: remove } }), { alloyMetrics: { statefulSet: { kind: 'StatefulSet' } } });
  assert.equal(patch(tree, { alloyMetrics: { nothing: remove } }), tree, 'removing a missing field is a no-op');
});

test('patchAt names the overrides in errors', () => {
  assert.throws(() => patchAt('environments/prod.ts: overrides', { a: 1 } as unknown, { a: append([1]) }), /^environments\/prod\.ts: overrides\.a: append\(\) needs an array here, found a number$/);
  assert.throws(() => patchAt('env', { a: 1 } as unknown, {}, { a: byName({}) }), /^env 2\.a: byName\(\)/);
});

test('remove of the whole value is refused', () => {
  assert.throws(() => patch({ a: 1 } as unknown, remove), /cannot remove the whole value/);
});

const statefulSet = {
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'alloy', image: 'grafana/alloy:v1', args: ['run'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'reloader', image: 'reloader:v1' },
        ],
      },
    },
  },
};

test('byName() patches one container, leaving the others and the order alone', () => {
  const out = patch(statefulSet, {
    spec: { template: { spec: { containers: byName({ alloy: { args: append(['--stability.level=public-preview']), env: byName({ B: { value: '3' } }) } }) } } },
  });
  assert.equal(out.spec.template.spec.containers, [
    { name: 'alloy', image: 'grafana/alloy:v1', args: ['run', '--stability.level=public-preview'], env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }] },
    { name: 'reloader', image: 'reloader:v1' },
  ]);
});

test('byName() with remove drops the item', () => {
  const out = patch(statefulSet, { spec: { template: { spec: { containers: byName({ reloader: remove }) } } } });
  assert.equal(out.spec.template.spec.containers.map((c) => c.name), ['alloy']);
});

test('byName() of a missing name fails, listing the names there are', () => {
  assert.throws(
    () => patch(statefulSet, { spec: { template: { spec: { containers: byName({ aloy: { image: 'x' } }) } } } }),
    /override\.spec\.template\.spec\.containers: byName\(\) found no item named "aloy" \(names: alloy, reloader\); use append\(\) to add one/,
  );
});

test('byName() on a non-array fails', () => {
  assert.throws(() => patch({ a: { b: 1 } } as unknown, { a: byName({ x: {} }) }), /override\.a: byName\(\) needs an array/);
});

test('several overrides apply left to right', () => {
  assert.equal(patch({ a: 1, b: [1] }, { a: 2 }, { b: append([2]) }, { a: 3 }), { a: 3, b: [1, 2] });
});

test('markers inside a new subtree are resolved against nothing', () => {
  assert.equal(patch({} as unknown, { a: { b: append([1]), c: remove } }), { a: { b: [1] } });
});

test('an object replaces a scalar and a scalar replaces an object', () => {
  assert.equal(patch({ a: 1, b: { c: 1 } } as unknown, { a: { x: 1 }, b: 2 }), { a: { x: 1 }, b: 2 });
});

test('undefined in an override changes nothing; undefined in the base is dropped', () => {
  assert.equal(patch({ a: 1, b: undefined } as { a: number; b?: number }, { a: undefined }), { a: 1 });
});

test('the result shares nothing with the inputs', () => {
  const base = { a: { b: [1] } };
  const out = patch(base, {});
  out.a.b.push(2);
  assert.equal(base, { a: { b: [1] } });
});

test('a marker nested in replace() is refused', () => {
  assert.throws(() => patch({ a: {} } as unknown, { a: replace({ b: remove }) }), /override\.a\.b: found the marker remove\(\) where plain data belongs/);
});

test('a marker in an array of an override is resolved or refused', () => {
  assert.throws(() => patch({ a: [] } as unknown, { a: [remove] }), /override\.a\[0\]: an array item cannot be removed/);
});

test('assertNoMarker names the path', () => {
  assert.throws(() => assertNoMarker({ a: [{ b: append([]) }] }, 'tree'), /tree\.a\[0\]\.b: found the marker append\(\)/);
});

test('keys such as __proto__ and constructor are plain keys', () => {
  const base = JSON.parse('{"__proto__": {"x": 1}, "a": 1}') as unknown;
  const out = patch(base, JSON.parse('{"__proto__": {"y": 2}, "constructor": 3}'));
  assert.equal(JSON.stringify(out), '{"__proto__":{"x":1,"y":2},"a":1,"constructor":3}');
  assert.is(Object.getPrototypeOf(out), Object.prototype);
});

test.run();
