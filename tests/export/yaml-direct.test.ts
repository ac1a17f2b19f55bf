// toYaml writes most objects directly instead of through the `yaml` package (lib/export/yaml.ts): the text
// must be byte for byte the package's, which packageYaml() reads back as a check (and yaml.test.ts and
// yaml-go.test.ts read with YAML 1.2 and Go's reader).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { packageYaml, rememberedTexts, rememberTexts, toYaml, toYamlEach } from '../../lib/export/yaml.ts';
import { loadAllowLists, loadEnvironment, resolveEnvironmentFiles } from '../../lib/cli/environments.ts';
import { buildStage, validateStage } from '../../lib/render.ts';

const same = (value: unknown) => assert.is(toYaml(value), packageYaml(value), JSON.stringify(value));

test('the rendered example environments: every object', async () => {
  const allowLists = await loadAllowLists();
  let count = 0;
  for (const file of await resolveEnvironmentFiles(['environments'])) {
    const input = { spec: await loadEnvironment(file), file, allowLists };
    for (const object of buildStage(validateStage(input), input)) {
      same(object);
      count += 1;
    }
  }
  assert.ok(count > 50, `${count} objects`);
});

test('block literals: chomping, empty and blank lines, lines with spaces, at every depth', () => {
  for (const s of ['a\nb', 'a\nb\n', 'a\n\nb\n', 'a\n\n\nb', 'x {\n  y = 1\n}\n', 'a  \nb\n', 'a\n  \nb', 'a\tb\n\tc\n', 'x\n---\n...\n%y\n', 'a\n\n', ' a\nb', '\na', 'a \n', 'a\n\t']) {
    same({ s });
    same({ d: { e: { s } } });
    same({ l: [s, { s }, [s]] });
  }
});

test('maps and lists inside lists, empty ones, null, numbers and booleans', () => {
  same({ a: [[1, [2, []]], [{}], [{ b: [] }], { c: {}, d: null }], e: { f: [{ g: { h: [true, false, null] } }] } });
  same({ n: [0, -0, 1, -1, 1.5, 1e21, 1e-7, 2 ** 60, Number.MAX_SAFE_INTEGER, 0.1] });
  same({ a: undefined, b: { c: undefined } });
});

test('toYamlEach: the texts toYaml gives one by one; scalars new to the batch are learned together', () => {
  const values = [{ a: 5, b: '5' }, { a: '5', b: 5 }, { t: true, f: 'true', n: null, s: 'null' }, { l: ['7', 7, 7.5, '7.5', 'new-ec2d9f'] }, { k: { '7': 7, 'new-key-8c1f': '8' } }];
  const texts = toYamlEach(values, (i) => `value ${i}`);
  assert.equal(texts, values.map((v) => packageYaml(v)));
  assert.is(texts[0], 'a: 5\nb: "5"\n');
  assert.is(texts[1], 'a: "5"\nb: 5\n');
});

test('toYamlEach: an object the direct writer leaves to the package does not change the others', () => {
  const values = [{ a: 'x' }, { b: -0, c: 'y' }, { n: Object.assign(Object.create(null), { d: 'z' }) }, { e: ' leading\nspace' }, { f: 'w' }];
  assert.equal(toYamlEach(values, (i) => `value ${i}`), values.map((v) => packageYaml(v)));
});

test('toYamlEach: data JSON cannot hold is an error naming the value and the field', () => {
  assert.throws(() => toYamlEach([{ a: 1 }, { b: [1, 2, undefined] }], (i) => `object ${i}`), /^object 1\.b\[2\]: an array item is undefined/);
  assert.throws(() => toYamlEach([{ a: 'ok' }, { b: { c: 'x\udc00' } }], (i) => `object ${i}`), /object 1\.b\.c: the string holds a lone UTF-16 surrogate/);
  assert.throws(() => toYamlEach([{ a: new Map() }], (i) => `object ${i}`), /object 0\.a: expected plain data, found a Map object/);
  // A hole in an array is an undefined item too (JSON.stringify would turn it into null).
  assert.throws(() => toYaml({ a: [1, , 3] }), /value\.a\[1\]: an array item is undefined/);
});

test('remembered texts carry over: what one process learned, another takes instead of asking', () => {
  const value = { 'a key learned here': 'a value learned here', count: 123456789 };
  const text = toYaml(value);
  const { scalars, keys } = rememberedTexts(100_000);
  assert.ok(scalars.some(([v, t]) => v === 'a value learned here' && t === 'a value learned here'));
  assert.ok(scalars.some(([v, t]) => v === 123456789 && t === '123456789'));
  assert.ok(keys.some(([k, t]) => k === 'a key learned here' && t === 'a key learned here:'));
  // Taken as given (they come from the same code): a text nobody asked the package for shows it.
  rememberTexts({ scalars: [['carried over', '"carried over"']], keys: [['never asked', '"never asked":']] });
  assert.is(toYaml({ 'never asked': 'carried over' }), '"never asked": "carried over"\n');
  assert.is(toYaml(value), text);
});

test('a multi-line string at several depths, in several objects', () => {
  const s = 'line one\n  indented\n\nlast\n';
  const values = [{ a: s, b: { c: s, d: [s, { e: s }] } }, { f: { g: { h: s } } }, { i: s }];
  assert.equal(toYamlEach(values, (i) => `value ${i}`), values.map((v) => packageYaml(v)));
});

// Kubernetes-like values: plain names, label keys with / and dots, numbers as strings, and the nasty pieces.
const pieces = ["'", '"', ': ', ':', '#', ' #', '*', '&', '!', '%', '@', '`', '|', '>', '-', '- ', '? ', '?', '[', ']', '{', '}', ',', '\\',
  '\n', '\n\n', '\r', '\t', ' ', '  ', '\n ', ' \n', '\u0085', '\u2028', '\ufeff', '\x00', '\x7f', 'é', '😀', 'on', 'yes', 'null', '~',
  '010', '0o7', '1e3', '.5', '0x1', '1_0', '---', '...', '<<', '=', 'app.kubernetes.io/name', 'alloy', 'a', 'b', '1'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => s.isWellFormed()),
  fc.constantFrom('', 'x'.repeat(1100), 'monitoring', '8080', 'true', 'prometheus.scrape "x" {\n\tjob_name = "x"\n}\n'),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.constant(undefined),
    fc.array(tie('value').filter((v) => v !== undefined), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
}));

test('a hexadecimal digest is written as the package writes it, number-like ones quoted', () => {
  const digests = ['00000000', '12345678', '1234e567', '0000e000', 'deadbeef', 'e1234567', '1234567e', '0b101010', '0b10101a', 'cafe0000', 'abcdef0123456789'.repeat(4)];
  for (const digest of digests) same({ metadata: { annotations: { 'checksum/config': digest } } });
  assert.is(toYaml(['e1234567', 'd1234567']), '- "e1234567"\n- d1234567\n');
  fc.assert(fc.property(fc.stringMatching(/^[0-9a-f]{8,80}$/), fc.stringMatching(/^[0-9be]{8,40}$/), (hex, numberLike) => {
    same([hex, numberLike]);
  }), { numRuns: 500 });
});

test('property: the direct writer and the package write the same text', () => {
  fc.assert(fc.property(fc.dictionary(text, value, { maxKeys: 6, noNullPrototype: true }), (x) => same(x)), { numRuns: 1000 });
});

test('property: several objects written together, as renderFiles does, are written as one by one', () => {
  const objects = fc.array(fc.dictionary(text, value, { maxKeys: 4, noNullPrototype: true }), { maxLength: 5 });
  fc.assert(fc.property(objects, (xs) => {
    assert.equal(toYamlEach(xs, (i) => `value ${i}`), xs.map((x) => packageYaml(x)));
  }), { numRuns: 300 });
});

test.run();
