import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { append, byName, patch, patchOwned, remove, replace } from '../../lib/core/patch.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

const json = fc.jsonValue({ maxDepth: 4 });
const object = fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 5, noNullPrototype: true });
// Objects with few key names, so that merges actually meet at depth. (Not `constructor`: uvu's deep
// equality reads it as the class; the unit tests cover it.)
const key = fc.constantFrom('a', 'b', 'c', 'name', '__proto__');
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.array(tie('tree'), { maxLength: 3 }), tie('node')),
  node: fc.dictionary(key, tie('tree'), { maxKeys: 4, noNullPrototype: true }),
}));
const nodes = fc.dictionary(key, tree, { maxKeys: 4, noNullPrototype: true });

// Overrides with markers, built over the same few keys.
const { override } = fc.letrec((tie) => ({
  override: fc.oneof(
    { depthSize: 'small' },
    tree,
    fc.constant(remove),
    fc.array(tree, { maxLength: 2 }).map((items) => append(items)),
    tree.map((value) => replace(value)),
    fc.dictionary(key, tie('override'), { maxKeys: 3, noNullPrototype: true }),
  ),
}));
const overrides = fc.dictionary(key, override, { maxKeys: 4, noNullPrototype: true });

const runs = { numRuns: 300 };

// Plain JSON data: no symbol keys (markers carry one), no undefined, only plain objects and arrays.
function plain(value: unknown): boolean {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  if (Array.isArray(value)) return value.every(plain);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.getOwnPropertySymbols(value).length === 0 && Object.values(value).every(plain);
}

test('patch never mutates its inputs (they are deep-frozen)', () => {
  fc.assert(fc.property(nodes, overrides, overrides, (a, b, c) => {
    const [fa, fb, fc_] = [deepFreeze(structuredClone(a)), deepFreeze(b), deepFreeze(c)];
    try {
      patch<unknown>(fa, fb, fc_);
    } catch (error) {
      // A refused patch (append on a number, …) is fine; a TypeError from writing a frozen object is not.
      if (error instanceof TypeError) throw error;
    }
    assert.equal(fa, a);
  }), runs);
});

test('patch(x) equals x, and patch(x, {}) equals x', () => {
  fc.assert(fc.property(json, (x) => {
    assert.equal(patch(x), x);
    if (typeof x === 'object' && x !== null && !Array.isArray(x)) assert.equal(patch(x, {}), x);
  }), runs);
});

test('associativity: patch(patch(a, b), c) equals patch(a, b, c)', () => {
  fc.assert(fc.property(nodes, nodes, nodes, (a, b, c) => {
    assert.equal(patch(patch<unknown>(a, b), c), patch<unknown>(a, b, c));
  }), runs);
});

test('merging plain objects keeps every key of both', () => {
  fc.assert(fc.property(object, object, (a, b) => {
    const keys = Object.keys(patch<Record<string, unknown>>(a, b)).sort();
    assert.equal(keys, [...new Set([...Object.keys(a), ...Object.keys(b)])].sort());
  }), runs);
});

test('the result holds no marker', () => {
  fc.assert(fc.property(nodes, overrides, (a, b) => {
    let out: unknown;
    try {
      out = patch<unknown>(a, b);
    } catch {
      return;
    }
    assert.ok(plain(out), 'the result is plain JSON data');
  }), runs);
});

test('a field of b wins; a field only in a survives', () => {
  fc.assert(fc.property(object, object, (a, b) => {
    const out = patch<Record<string, unknown>>(a, b);
    for (const k of Object.keys(b)) {
      const bothObjects = [a[k], b[k]].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
      if (!bothObjects) assert.equal(out[k], b[k]);
    }
    for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) assert.equal(out[k], a[k]);
  }), runs);
});

test('byName on an array of named items touches only the named one', () => {
  const items = fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }).map((names) =>
    names.map((name, i) => ({ name, i })));
  fc.assert(fc.property(items, fc.nat(), fc.integer(), (list, pick, value) => {
    const target = list[pick % list.length]!;
    const out = patch<unknown>({ list }, { list: byName({ [target.name]: { value } }) }) as { list: unknown[] };
    assert.equal(out.list, list.map((item) => (item.name === target.name ? { ...item, value } : item)));
  }), runs);
});

// The outcome of a call: its result, or the message it failed with.
function outcome(run: () => unknown): unknown {
  try {
    return { result: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

test('patchOwned on a copy gives what patch gives, errors included, and leaves the copy alone', () => {
  fc.assert(fc.property(nodes, overrides, overrides, (a, b, c) => {
    const owned = deepFreeze(patch<unknown>(a));
    assert.equal(outcome(() => patchOwned<unknown>('override', owned, b, c)), outcome(() => patch<unknown>(a, b, c)));
    assert.equal(owned, a);
  }), runs);
});

test.run();
