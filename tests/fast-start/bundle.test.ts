// lib/fast-start/bundle.ts on a small project of its own: built once, reused while nothing changed, rebuilt on a
// change, one copy of the shared library for files loaded from outside the bundle, import.meta.url kept,
// and V8's code cache saved by one run and taken by the next.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot } from '../support/cli.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-bundle-'));
const cache = path.join(root, 'cache');
const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

write('package.json', '{ "type": "module" }\n');
write('lib/note.txt', 'read beside its source\n');
const library = (value: number) => [
  "import { readFileSync } from 'node:fs';",
  "export const marker = Symbol('one copy');",
  `export const value: number = ${value};`,
  "export const note = readFileSync(new URL('./note.txt', import.meta.url), 'utf8').trim();",
].join('\n');
write('lib/index.ts', library(1));
// Loaded at run time from outside the bundle, as environment files are.
write('env/one.ts', "export { marker } from '../lib/index.ts';\n");
const hostFile = path.join(repoRoot, 'lib', 'fast-start', 'host.ts');
// No top-level await: the bundle is a script (a test below runs one that has it).
const main = (body: string) => [
  "import { marker, note, value } from '../lib/index.ts';",
  `import { codeCacheDir, loadModule } from ${JSON.stringify(hostFile)};`,
  body,
].join('\n');
write('lib/main.ts', main([
  'export async function main(greeting: string): Promise<string> {',
  "  const env = (await loadModule(new URL('../env/one.ts', import.meta.url).href)) as { marker: symbol };",
  "  console.log('output', JSON.stringify({ value, note, sameCopy: env.marker === marker }));",
  "  console.log('cacheDir', JSON.stringify(codeCacheDir() ?? null));",
  '  return `${greeting}, ${value}`;',
  '}',
].join('\n')));
write('run.ts', [
  `import { runBundled } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'lib', 'fast-start', 'bundle.ts')).href)};`,
  `const { result, ...how } = await runBundled({ root: ${JSON.stringify(root)}, entry: process.env.ENTRY ?? 'lib/main.ts', run: 'main', args: ['hello'], shared: ['lib/index.ts'], cache: process.env.CACHE });`,
  "console.log('how', JSON.stringify(how));",
  "console.log('result', JSON.stringify(result));",
].join('\n'));

function spawn(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'run.ts')], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ALLOY_STACK_NO_BUNDLE: '', CACHE: cache, ...env },
  });
}

function run(env: Record<string, string> = {}) {
  const result = spawn(env);
  assert.is(result.status, 0, result.stderr);
  // Lines by name: Node may add warnings of its own to either stream.
  const line = (name: string) => JSON.parse(result.stdout.split('\n').find((l) => l.startsWith(`${name} `))!.slice(name.length + 1));
  const cacheDir = result.stdout.split('\n').some((l) => l.startsWith('cacheDir ')) ? line('cacheDir') as string | null : undefined;
  return { output: line('output'), how: line('how'), result: line('result') as string, cacheDir };
}

test('the first run builds the bundle and runs it', () => {
  const { output, how, result, cacheDir } = run();
  assert.is(result, 'hello, 1', 'the function is called with the arguments, and its promise awaited');
  assert.equal(how, { bundled: true, built: true, cachedCode: false });
  assert.ok(typeof cacheDir === 'string' && fs.readdirSync(cacheDir).includes('bundle.cjs'), 'codeCacheDir() is the bundle\'s folder');
  assert.equal(output, { value: 1, note: 'read beside its source', sameCopy: true });
});

test('an unchanged project reuses the bundle, and the code the first run compiled', () => {
  const { output, how } = run();
  assert.equal(how, { bundled: true, built: false, cachedCode: true });
  assert.is(output.value, 1);
});

test('a code cache V8 refuses is made again', () => {
  const [codeFile] = fs.readdirSync(cache, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.v8-code'));
  assert.ok(codeFile, 'a code cache beside the bundle');
  fs.writeFileSync(path.join(cache, codeFile), 'not code');
  const { output, how } = run();
  assert.equal(how, { bundled: true, built: false, cachedCode: false });
  assert.equal(output, { value: 1, note: 'read beside its source', sameCopy: true });
  assert.is(run().how.cachedCode, true);
});

test('a source touched but not changed reuses it', () => {
  const file = path.join(root, 'lib', 'index.ts');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(file, later, later);
  assert.equal(run().how, { bundled: true, built: false, cachedCode: true });
  assert.equal(run().how, { bundled: true, built: false, cachedCode: true });
});

test('a changed source rebuilds it, and the change shows', () => {
  write('lib/index.ts', library(2));
  const { output, how } = run();
  assert.equal(how, { bundled: true, built: true, cachedCode: false });
  assert.equal(output, { value: 2, note: 'read beside its source', sameCopy: true });
});

test('every change shows, and at most three bundles are kept', () => {
  for (const value of [3, 4, 5, 1]) {
    write('lib/index.ts', library(value));
    assert.is(run().output.value, value);
  }
  const bundles = fs.readdirSync(cache).filter((name) => /^[0-9a-f]{16}$/.test(name));
  assert.ok(bundles.length <= 3, bundles.join(', '));
});

test('ALLOY_STACK_NO_BUNDLE=1 runs the sources', () => {
  const { output, how, cacheDir } = run({ ALLOY_STACK_NO_BUNDLE: '1' });
  assert.is(cacheDir, null, 'no folder lives as long as the sources');
  assert.equal(how, { bundled: false, built: false, cachedCode: false });
  assert.equal(output, { value: 1, note: 'read beside its source', sameCopy: true });
});

test('an entry with top-level await, which a script cannot have, runs from the sources', () => {
  write('lib/awaits.ts', main([
    "const env = (await loadModule(new URL('../env/one.ts', import.meta.url).href)) as { marker: symbol };",
    "export const main = (greeting: string) => console.log('output', JSON.stringify({ value, note, sameCopy: env.marker === marker })) ?? greeting;",
  ].join('\n')));
  const { output, how, result } = run({ ENTRY: 'lib/awaits.ts' });
  assert.is(result, 'hello');
  assert.equal(how, { bundled: false, built: false, cachedCode: false });
  assert.equal(output, { value: 1, note: 'read beside its source', sameCopy: true });
});

test('a cache folder that cannot be made runs the sources', () => {
  write('not-a-folder', '');
  const { output, how } = run({ CACHE: path.join(root, 'not-a-folder', 'cache') });
  assert.equal(how, { bundled: false, built: false, cachedCode: false });
  assert.equal(output, { value: 1, note: 'read beside its source', sameCopy: true });
});

test('a syntax error in a source fails with an error naming the file', () => {
  const original = fs.readFileSync(path.join(root, 'lib', 'index.ts'), 'utf8');
  write('lib/index.ts', `${original}\nexport const broken = ;\n`);
  try {
    const result = spawn({});
    assert.is.not(result.status, 0);
    assert.match(result.stderr, /lib\/index\.ts/);
  } finally {
    write('lib/index.ts', original);
  }
});

test.after(() => fs.rmSync(root, { recursive: true, force: true }));
test.run();
