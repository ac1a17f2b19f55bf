// What Go's YAML reader (kubectl: sigs.k8s.io/yaml over yaml.v2, YAML 1.1) makes of our output: the reader
// that matters for `kubectl apply`. `kubectl label --local -o json` parses a file offline and prints JSON.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toYaml } from '../../lib/export/yaml.ts';

function kubectlRead(object: unknown): Record<string, unknown> {
  const found = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    assert.unreachable('kubectl not found: these tests check our YAML with the Go reader kubectl uses; install kubectl (see scripts/install-tools.sh)');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-yaml-'));
  try {
    const file = path.join(dir, 'object.yaml');
    writeFileSync(file, toYaml(object));
    const out = execFileSync('kubectl', ['label', '--local', '-f', file, 'checked=yes', '-o', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return JSON.parse(out) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pieces = ["'", '"', ': ', '#', ' #', '*', '&', '!', '%', '|', '>', '- ', '? ', '[', '{', ',', '\\', '\n', '\r', '\t', ' ', '\n ', ' \n',
  '\u0085', '\u2028', '\ufeff', '\x00', '\x1b', '\x7f', '\u0080', 'é', '😀', 'on', 'yes', 'y', 'null', '~', '010', '0o7', '1e3', '.5', '0x1',
  '1_0', '+', '---', '...', '<<', '=', '2001-1-2', 'a', '1'];
const nasty = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 12 }).filter((s) => s.isWellFormed()),
);

test('Go reads back every nasty string exactly, as values and as keys', () => {
  const strings = fc.sample(nasty, { numRuns: 600, seed: 42 });
  strings.push('', 'x'.repeat(3000), 'k'.repeat(1100), 'prometheus.scrape "x" {\n\tjob_name = "x"\n}\n', '\tfirst\n', '\n\tsecond\n');
  const data = Object.fromEntries(strings.map((s, i) => [`v${i}`, s]));
  const keys = Object.fromEntries(strings.map((s, i) => [s, `k${i}`]));
  const read = kubectlRead({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { ...data, ...keys } });
  assert.equal(read.data, { ...data, ...keys });
});

test('Go reads back numbers, booleans and null as they were', () => {
  const values = { i: 42, n: -7, big: 2 ** 60, f: 0.1, e: 1e21, s: 1e-7, max: Number.MAX_VALUE, t: true, f2: false, z: null, list: [1, 'on', [true]] };
  const read = kubectlRead({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, spec: values });
  assert.equal(read.spec, values);
});

test.run();
