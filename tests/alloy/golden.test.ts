// Golden tests against the real `alloy fmt`: every accepted input formats to its recorded output byte
// for byte, outputs are fixed points, rejected inputs fail where Alloy's parser fails.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AlloySyntaxError, parse } from '../../lib/alloy/parse.ts';
import { print } from '../../lib/alloy/print.ts';

const fmtDir = fileURLToPath(new URL('../fixtures/alloy-fmt/', import.meta.url));
const examplesDir = fileURLToPath(new URL('../fixtures/alloy-reference-examples/', import.meta.url));
const read = (dir: string, name: string) => readFileSync(dir + name, 'utf8');

// From the fixtures' README: what the real parser said about the inputs it rejects.
const rejected: Record<string, { line: number; column: number; message: string }> = {
  '02-multiline-array': { line: 5, column: 47, message: "missing ',' in expression list" },
  '17-bad-label': { line: 1, column: 19, message: 'expected block label to be a valid identifier, but got "kube-state-metrics"' },
  '18-single-quote': { line: 4, column: 13, message: 'illegal single-quoted string; use double quotes' },
};

const inputs = readdirSync(fmtDir).filter((f) => f.endsWith('.in.alloy')).sort();

test('the fixture set is complete', () => {
  assert.is(inputs.length, 18);
});

for (const input of inputs) {
  const name = input.replace('.in.alloy', '');
  const expected = rejected[name];
  if (expected) {
    test(`${name}: rejected at ${expected.line}:${expected.column}`, () => {
      try {
        parse(read(fmtDir, input), input);
        assert.unreachable('parse should fail');
      } catch (error) {
        assert.instance(error, AlloySyntaxError);
        const e = error as AlloySyntaxError;
        assert.equal([e.file, e.line, e.column], [input, expected.line, expected.column]);
        assert.is(e.message, `${input}:${expected.line}:${expected.column}: ${expected.message}`);
      }
    });
    continue;
  }
  test(`${name}: formats like alloy fmt`, () => {
    const out = read(fmtDir, `${name}.out.alloy`);
    assert.fixture(print(parse(read(fmtDir, input), input)), out);
  });
  test(`${name}: the output is a fixed point`, () => {
    const out = read(fmtDir, `${name}.out.alloy`);
    assert.fixture(print(parse(out)), out);
  });
}

// The forms the parser added (tests/fixtures/alloy-fmt-added/README.md says how their outputs were made).
const addedDir = fileURLToPath(new URL('../fixtures/alloy-fmt-added/', import.meta.url));
const added = readdirSync(addedDir).filter((f) => f.endsWith('.in.alloy')).sort();

test('one added case per added form', () => {
  assert.equal(added.map((f) => f.replace('.in.alloy', '')), ['19-list-comments', '20-expression-comments', '21-string-keys', '22-chained-access']);
});

for (const input of added) {
  const name = input.replace('.in.alloy', '');
  test(`${name}: formats by the rules of Alloy's printer, comments kept`, () => {
    const out = read(addedDir, `${name}.out.alloy`);
    assert.fixture(print(parse(read(addedDir, input), input)), out);
    // Every comment of the input survives, in order.
    const comments = (t: string) => t.match(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? [];
    assert.equal(comments(out), comments(read(addedDir, input)));
  });
  test(`${name}: the output is a fixed point`, () => {
    const out = read(addedDir, `${name}.out.alloy`);
    assert.fixture(print(parse(out)), out);
  });
}

for (const example of readdirSync(examplesDir).filter((f) => f.endsWith('.alloy')).sort()) {
  test(`reference example ${example} prints back byte for byte`, () => {
    const text = read(examplesDir, example);
    assert.fixture(print(parse(text, example)), text);
  });
}

test.run();
