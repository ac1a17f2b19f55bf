// Every generated .alloy file of the prod-like config, byte for byte against tests/fixtures/metrics.
// UPDATE_SNAPSHOTS=1 rewrites the fixtures (and removes ones no longer generated); review the git diff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { parse } from '../../../lib/alloy/parse.ts';
import { print } from '../../../lib/alloy/print.ts';
import type { AlloyConfig } from '../../../lib/pipelines/alloy-config.ts';
import { render } from './support.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/metrics');
const update = process.env.UPDATE_SNAPSHOTS === '1';

const printed = (config: AlloyConfig) => new Map(config.files.map((f) => [f.name, print(f.file)]));

const files = printed(render());

test('the fixtures are exactly the generated files', () => {
  if (update) {
    mkdirSync(fixtures, { recursive: true });
    for (const name of readdirSync(fixtures)) if (name.endsWith('.alloy') && !files.has(name)) rmSync(path.join(fixtures, name));
    for (const [name, text] of files) writeFileSync(path.join(fixtures, name), text);
  }
  const stored = existsSync(fixtures) ? readdirSync(fixtures).filter((n) => n.endsWith('.alloy')).sort() : [];
  assert.equal(stored, [...files.keys()].sort(), 'generated files differ from tests/fixtures/metrics; run with UPDATE_SNAPSHOTS=1');
});

for (const [name, actual] of files) {
  test(`snapshot ${name}`, () => {
    const fixture = path.join(fixtures, name);
    const expected = existsSync(fixture) ? readFileSync(fixture, 'utf8') : '';
    if (actual !== expected) {
      const diff = createTwoFilesPatch(`tests/fixtures/metrics/${name}`, `generated ${name}`, expected, actual);
      assert.ok(false, `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept):\n${diff}`);
    }
  });
}

test('the printed files parse back and pass the graph check as text', () => {
  const parsed = [...files].map(([name, text]) => ({ name, file: parse(text, name) }));
  assert.equal(checkGraph(parsed).map((p) => p.message), []);
  for (const { name, file } of parsed) assert.is(print(file), files.get(name), name);
});

test('changing one includeMetrics entry changes one line of one file', () => {
  const changed = printed(render({ metricsTuning: { 'kube-state-metrics': { includeMetrics: ['kube_pod_annotations'] } } }));
  const differing = [...files.keys()].filter((name) => files.get(name) !== changed.get(name));
  assert.equal(differing, ['kube-state-metrics.alloy']);
  const before = files.get('kube-state-metrics.alloy')!.split('\n');
  const after = changed.get('kube-state-metrics.alloy')!.split('\n');
  assert.is(after.length, before.length);
  assert.is(before.filter((line, i) => line !== after[i]).length, 1);
});

test.run();
