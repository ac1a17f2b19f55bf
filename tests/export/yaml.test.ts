import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import YAML from 'yaml';
import { toYaml } from '../../lib/export/yaml.ts';

const both = (text: string) => [YAML.parse(text, { version: '1.1' }) as unknown, YAML.parse(text, { version: '1.2' }) as unknown];

test('keys are sorted at every level; list items are not indented; no document marker', () => {
  const text = toYaml({ spec: { b: 1, a: [{ d: 1, c: 2 }] }, apiVersion: 'v1', kind: 'ConfigMap' });
  assert.is(text, 'apiVersion: v1\nkind: ConfigMap\nspec:\n  a:\n  - c: 2\n    d: 1\n  b: 1\n');
});

test('keys sort by code unit, integer-like keys included', () => {
  assert.is(toYaml({ b: 1, '10': 1, '2': 1, B: 1, _: 1 }), '"10": 1\n"2": 1\nB: 1\n_: 1\nb: 1\n');
});

test('a shared object is written twice, never as an anchor and alias', () => {
  const labels = { app: 'alloy' };
  const text = toYaml({ metadata: { labels }, spec: { selector: { matchLabels: labels } } });
  assert.not.match(text, /[&*]a1/);
  assert.is(text.split('app: alloy').length, 3);
});

test('strings a YAML 1.1 or 1.2 reader (or Go) would take for something else are quoted', () => {
  for (const s of ['on', 'off', 'yes', 'no', 'y', 'n', 'Y', 'N', 'true', 'False', '~', 'null', 'Null', 'NULL', '', '010', '0o10', '0x1F', '0b101',
    '1e3', '1_000', '+_1', '1:20', '.inf', '-.Inf', '.NaN', '2001-12-14', '2001-1-2', '<<', '=', '12', '-1', '0.5', '.5']) {
    const text = toYaml({ v: s, [s]: 'k' });
    assert.ok(text.includes(`v: "${s}"`), `${JSON.stringify(s)} quoted in ${JSON.stringify(text)}`);
    for (const back of both(text)) assert.equal(back, { v: s, [s]: 'k' });
  }
});

test('numbers, booleans and null stay what they are', () => {
  const value = { i: 42, n: -7, f: 0.1, e: 1e21, s: 1e-7, t: true, f2: false, z: null };
  for (const back of both(toYaml(value))) assert.equal(back, value);
});

test('multi-line strings are block literals that keep every character', () => {
  const alloy = 'prometheus.scrape "pods" {\n  targets    = discovery.kubernetes.pods.targets\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n';
  assert.is(toYaml({ data: { 'pods.alloy': alloy } }), `data:\n  pods.alloy: |\n${alloy.replace(/^(?=.)/gm, '    ')}`);
  assert.match(toYaml({ s: 'a\nb' }), /^s: \|-\n {2}a\n {2}b\n$/);
  assert.match(toYaml({ s: 'a\n\n' }), /^s: \|\+\n/);
});

test('strings a block literal cannot hold exactly are double-quoted, and still round-trip', () => {
  const cases: Record<string, string> = {
    cr: 'a\r\nb\n', endsInSpaces: 'a\n  ', onlyNewlines: '\n\n', tabFirst: '\tx\ny', nel: 'a\u0085b\nc', ls: 'a\u2028b\nc', bom: '\ufeffa\nb', c1: 'a\u0080b\nc',
  };
  for (const [name, s] of Object.entries(cases)) {
    const text = toYaml({ s });
    assert.ok(text.startsWith('s: "'), `${name}: ${JSON.stringify(text)}`);
    assert.not.match(text, /[\u0080-\u009f\u2028\u2029\ufeff]/, `${name}: escaped`);
    for (const back of both(text)) assert.equal(back, { s }, name);
  }
});

test('trailing spaces, tabs inside lines and leading spaces survive in block literals', () => {
  for (const s of ['a  \nb\n', 'a\tb\n\tc\n', '  a\nb\n', 'a\n  \nb\n', '\nabc', 'x\n---\n...\n%y\n']) {
    const text = toYaml({ s });
    assert.match(text, /^s: \|/, JSON.stringify(s));
    for (const back of both(text)) assert.equal(back, { s });
  }
});

test('values JSON cannot hold are refused, naming the field', () => {
  assert.throws(() => toYaml({ a: { b: [1, undefined] } }, 'v1 ConfigMap x'), /v1 ConfigMap x\.a\.b\[1\]: an array item is undefined/);
  assert.throws(() => toYaml({ a: NaN }), /value\.a: NaN is not a JSON number/);
  assert.throws(() => toYaml({ a: new Date(0) }), /value\.a: expected plain data, found a Date object/);
  assert.throws(() => toYaml({ a: () => 1 }), /value\.a: a function cannot be written/);
  assert.throws(() => toYaml({ a: 'x\ud800' }), /lone UTF-16 surrogate/);
  assert.is(toYaml({ a: 1, b: undefined }), 'a: 1\n');
});

// Strings built from the pieces that break naive YAML writers.
const pieces = ["'", '"', ': ', ':', '#', ' #', '*', '&', '!', '%', '@', '`', '|', '>', '-', '- ', '? ', '?', '[', ']', '{', '}', ',', '\\',
  '\n', '\r', '\t', ' ', '  ', '\n ', ' \n', '\u0085', '\u2028', '\ufeff', '\x00', '\x1b', '\x7f', 'é', '😀', '中',
  'on', 'yes', 'no', 'null', '~', '010', '0o7', '1e3', '.5', '0x1', '1_0', '---', '...', '<<', '=', 'a', 'b', '1'];
const nasty = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => s.isWellFormed()),
  fc.string({ unit: 'grapheme', minLength: 500, maxLength: 1500 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nasty, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));
const objects = fc.dictionary(nasty, value, { maxKeys: 6, noNullPrototype: true });

test('property: YAML 1.1 and 1.2 readers get back exactly what was written', () => {
  fc.assert(fc.property(objects, (x) => {
    const text = toYaml(x);
    assert.not.match(text, /^---/);
    for (const back of both(text)) assert.equal(back, x);
  }), { numRuns: 400 });
});

test('property: the text is the same for the same value, whatever its key order', () => {
  fc.assert(fc.property(objects, (x) => {
    const reversed = Object.fromEntries(Object.entries(x).reverse());
    assert.is(toYaml(reversed), toYaml(x));
  }), { numRuns: 100 });
});

test.run();
