// lib/fast-start/compiled-environments.ts on files of its own: compiled once and run with the library given, compiled
// again when a file or what it imports changes, and left to the import where a script cannot stand in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileEnvironments } from '../../lib/fast-start/compiled-environments.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-compiled-'));
const cache = path.join(root, 'cache');
const libraryFile = path.join(root, 'lib', 'index.ts');
const library = { environment: (spec: object, patch: object = {}) => ({ ...spec, ...patch }) };
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
  return path.join(root, rel);
};
write('lib/index.ts', "export const environment = () => { throw new Error('the real library must not run'); };\n");
write('envs/base.ts', "import { environment } from '../lib/index.ts';\nexport default environment({ name: 'base', replicas: 1 });\n");
const one = write('envs/one.ts', [
  "import { environment } from '../lib/index.ts';",
  "import base from './base.ts';",
  "export default environment(base, { name: 'one' });",
].join('\n'));

async function compiled(files: string[]) {
  const loaders = await compileEnvironments(files, { cache, libraryFile, library });
  return { loaders, run: (file: string) => (loaders.get(file)?.load() as { default: Record<string, unknown> } | undefined)?.default };
}
const records = () => fs.readdirSync(cache).filter((f) => f.endsWith('.json')).map((f) => path.join(cache, f));

test('a file compiles with what it imports, and its library imports get the library given', async () => {
  const { run } = await compiled([one]);
  assert.equal(run(one), { name: 'one', replicas: 1 });
  assert.is(records().length, 1);
});

test('an unchanged file is taken from the cache', async () => {
  const [record] = records();
  const before = fs.statSync(record!).mtimeMs;
  const { run } = await compiled([one]);
  assert.is(run(one)?.name, 'one');
  assert.is(fs.statSync(record!).mtimeMs, before, 'not written again');
});

test('a change to the file or to a file it imports compiles it again', async () => {
  write('envs/base.ts', "import { environment } from '../lib/index.ts';\nexport default environment({ name: 'base', replicas: 2 });\n");
  assert.is((await compiled([one])).run(one)?.replicas, 2);
  write('envs/one.ts', `${fs.readFileSync(one, 'utf8').replace("'one'", "'one again'")}`);
  assert.is((await compiled([one])).run(one)?.name, 'one again');
});

test('a file that imports a package, reads import.meta, awaits at the top or does not parse is left to the import; the others compile', async () => {
  const pkg = write('envs/pkg.ts', "import { parse } from 'yaml';\nexport default { name: String(parse('pkg')) };\n");
  const meta = write('envs/meta.ts', 'export default { name: import.meta.url };\n');
  const awaits = write('envs/awaits.ts', "export default await Promise.resolve({ name: 'awaits' });\n");
  const broken = write('envs/broken.ts', 'export default {;\n');
  const fine = write('envs/fine.ts', "import { environment } from '../lib/index.ts';\nexport default environment({ name: 'fine' });\n");
  const { loaders, run } = await compiled([pkg, meta, awaits, broken, fine]);
  assert.equal([...loaders.keys()], [fine]);
  assert.equal(run(fine), { name: 'fine' });
  // The package's file is recorded as one to import, so it is not compiled on every export.
  assert.equal((await compiled([pkg, fine])).loaders.has(pkg), false);
});

test('an error thrown while the file runs reaches the caller', async () => {
  const throws = write('envs/throws.ts', "throw new Error('no environment here');\n");
  const { loaders } = await compiled([throws]);
  assert.throws(() => loaders.get(throws)!.load(), /no environment here/);
});

test.after(() => fs.rmSync(root, { recursive: true, force: true }));
test.run();
