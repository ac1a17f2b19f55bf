// The export's render workers (lib/cli/render-pool.ts), run as a user runs the export: a fleet rendered by
// worker threads is byte for byte what the export's own thread renders, in the same order, with the same
// messages; a bad environment is reported as it is without workers and nothing is written; a file that did
// not compile ahead (it imports a package) renders beside the workers' files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFleet } from '../../bench/fleet.ts';
import { repoRoot, snapshotTree } from '../support/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-pool-'));
// A platform repository of its own: ES modules, with the packages it imports.
fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
const fleet = writeFleet(path.join(root, 'fleet'), 6, repoRoot);
const lib = JSON.stringify(path.join(repoRoot, 'lib', 'index.ts'));
const prod = JSON.stringify(path.join(repoRoot, 'environments', 'prod.ts'));
// Importing a package keeps a file from being compiled ahead (compiled-environments.ts): it loads here.
fs.writeFileSync(path.join(fleet, 'c0003.ts'), [
  `import { environment } from ${lib};`,
  `import prod from ${prod};`,
  "import { stringify } from 'yaml';",
  "export default environment(prod, { name: 'c0003', clusterName: stringify('c0003-pkg').trim() });",
  '',
].join('\n'));

function exportFleet(dir: string, out: string, workers: string) {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'scripts', 'export.ts'), dir, '--out', out], {
    cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ALLOY_STACK_NO_BUNDLE: '', ALLOY_STACK_RENDER_WORKERS: workers },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('workers render what the export thread renders, in the same order', () => {
  const pooled = exportFleet(fleet, path.join(root, 'pooled'), '2');
  const here = exportFleet(fleet, path.join(root, 'here'), '0');
  assert.is(pooled.status, 0, pooled.stderr);
  assert.is(here.status, 0, here.stderr);
  assert.ok(pooled.stdout.includes('6 environments rendered by 2 worker threads'), pooled.stdout);
  assert.not.ok(here.stdout.includes('worker threads'), here.stdout);
  const lines = (s: string, out: string) => s.split('\n').filter((l) => l.includes(' -> ')).map((l) => l.replace(path.join(root, out), 'OUT'));
  assert.equal(lines(pooled.stdout, 'pooled'), lines(here.stdout, 'here'));
  assert.is(lines(here.stdout, 'here').length, 6);
  const a = snapshotTree(path.join(root, 'pooled'));
  const b = snapshotTree(path.join(root, 'here'));
  assert.ok(a.size > 6 * 30, `${a.size} files`);
  assert.equal([...a.keys()], [...b.keys()]);
  for (const [file, bytes] of a) if (b.get(file) !== bytes) assert.unreachable(`${file} differs`);
  assert.ok(a.has('c0003/v1.ConfigMap-alloy-stack-alloy-metrics.yaml'));
});

test('a bad environment rendered by a worker is reported as without workers, and nothing is written', () => {
  const broken = path.join(root, 'broken');
  fs.cpSync(fleet, broken, { recursive: true });
  fs.writeFileSync(path.join(broken, 'c0004.ts'), `import { environment } from ${lib};\nimport prod from ${prod};\nexport default environment(prod, { name: 'c0004', prometheus: { retention: 15 } } as never);\n`);
  const pooled = exportFleet(broken, path.join(root, 'broken-pooled'), '2');
  const here = exportFleet(broken, path.join(root, 'broken-here'), '0');
  assert.is(pooled.status, 1, pooled.stderr);
  assert.ok(pooled.stderr.includes('c0004.ts') && pooled.stderr.includes('retention'), pooled.stderr);
  assert.is(pooled.stderr, here.stderr);
  assert.not.ok(fs.existsSync(path.join(root, 'broken-pooled', 'c0000')));
});

test('a number of workers that is not one is refused, naming the variable', () => {
  const bad = exportFleet(fleet, path.join(root, 'bad'), 'two');
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /ALLOY_STACK_RENDER_WORKERS: "two" is not a number/);
});

test.after(() => fs.rmSync(root, { recursive: true, force: true }));
test.run();
