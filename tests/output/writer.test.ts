import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fsp from 'node:fs/promises';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockName, readTree, tmpPrefix, writeOutput, type Fs } from '../../lib/output/writer.ts';
import { env, errnoError, noLeftovers, rejects, snapshot, tempOutputs } from '../support/output.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const temps = tempOutputs('alloy-stack-out-');
const tempDir = temps.make;
test.after(temps.removeAll);

const prodV1 = env('prod', { 'v1.ConfigMap-a.yaml': 'a: 1\n', 'v1.ConfigMap-old.yaml': 'old: 1\n', 'setup/v1.Namespace-monitoring.yaml': 'ns: 1\n' });
const prodV2 = env('prod', { 'v1.ConfigMap-a.yaml': 'a: 2\n', 'v1.ConfigMap-b.yaml': 'b: 1\n', 'setup/v1.Namespace-monitoring.yaml': 'ns: 1\n' });

/** Real fs, except that the n-th write into the temporary folder (or every matching call) throws. */
function failingFs(fail: { nthStagedWrite?: number; code?: string; when?: (op: string, target: string) => boolean }): Fs {
  let staged = 0;
  const code = fail.code ?? 'EIO';
  const check = (op: string, target: unknown) => {
    const t = String(target);
    if (op === 'writeFile' && t.includes(tmpPrefix) && ++staged === fail.nthStagedWrite) throw errnoError(code, `simulated failure writing ${t}`);
    if (fail.when?.(op, t)) throw errnoError(code, `simulated ${op} ${t}`);
  };
  const wrapped = { ...fsp } as Record<string, unknown>;
  for (const op of ['mkdir', 'writeFile', 'rename', 'copyFile', 'symlink', 'link', 'rm', 'unlink', 'rmdir'] as const) {
    const real = (fsp as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op]!;
    wrapped[op] = async (...args: unknown[]) => {
      check(op, args[op === 'rename' || op === 'copyFile' || op === 'link' || op === 'symlink' ? 1 : 0]);
      return real(...args);
    };
  }
  return wrapped as unknown as Fs;
}

test('a first export writes the files and manifest.json, and leaves no temporary folder or lock', async () => {
  const out = await tempDir();
  const result = await writeOutput(out, [prodV1]);
  assert.equal(result, { warnings: [], removed: [] });
  assert.equal([...(await readTree(out)).keys()], ['manifest.json', 'prod/setup/v1.Namespace-monitoring.yaml', 'prod/v1.ConfigMap-a.yaml', 'prod/v1.ConfigMap-old.yaml']);
  assert.is(await fsp.readFile(path.join(out, 'manifest.json'), 'utf8'), [
    '{',
    '    "prod/setup/v1.Namespace-monitoring.yaml": "environments/prod.ts",',
    '    "prod/v1.ConfigMap-a.yaml": "environments/prod.ts",',
    '    "prod/v1.ConfigMap-old.yaml": "environments/prod.ts"',
    '}',
    '',
  ].join('\n'));
  await noLeftovers(out);
});

test('exporting again replaces the folder: stale files recorded in manifest.json are removed', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const result = await writeOutput(out, [prodV2]);
  assert.equal(result.removed, ['prod/v1.ConfigMap-old.yaml']);
  const tree = await readTree(out);
  assert.equal([...tree.keys()], ['manifest.json', 'prod/setup/v1.Namespace-monitoring.yaml', 'prod/v1.ConfigMap-a.yaml', 'prod/v1.ConfigMap-b.yaml']);
  assert.is(tree.get('prod/v1.ConfigMap-a.yaml'), 'a: 2\n');
  await noLeftovers(out);
});

test("other environments' folders and manifest entries are kept", async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 1\n' })]);
  await writeOutput(out, [prodV2]);
  const manifest = JSON.parse(await fsp.readFile(path.join(out, 'manifest.json'), 'utf8')) as Record<string, string>;
  assert.is(manifest['dev/v1.ConfigMap-d.yaml'], 'environments/dev.ts');
  assert.is(manifest['prod/v1.ConfigMap-old.yaml'], undefined);
  assert.is(await fsp.readFile(path.join(out, 'dev/v1.ConfigMap-d.yaml'), 'utf8'), 'd: 1\n');
});

test('a failure while writing file N leaves the previous output identical, byte for byte, and no temporary folder', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 1\n' })]);
  await fsp.writeFile(path.join(out, 'prod', 'notes.txt'), 'mine\n');
  const before = await snapshot(out);
  const writes = prodV2.files.size + 1; // the files, then the staged manifest.json
  for (let n = 1; n <= writes; n++) {
    await rejects(() => writeOutput(out, [prodV2], { fs: failingFs({ nthStagedWrite: n }) }), /simulated failure writing/);
    assert.equal(await snapshot(out), before, `after failing write ${n}`);
    await noLeftovers(out);
  }
});

test('a failure during the swap is undone: the previous output stays identical', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 1\n' })]);
  const before = await snapshot(out);
  for (const target of ['dev', 'manifest.json']) {
    // The staged folder or manifest is renamed into place last: fail that rename, after prod was swapped.
    let failed = false; // only the first time: the rename back must work
    const fs = failingFs({ when: (op, t) => !failed && op === 'rename' && t === path.join(out, target) && (failed = true) });
    await rejects(() => writeOutput(out, [prodV2, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 2\n' })], { fs }), /could not replace the output/);
    assert.equal(await snapshot(out), before, `after failing the rename to ${target}`);
    await noLeftovers(out);
  }
});

test('if a swap cannot be undone either, the previous folders are kept and the message says where', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 1\n' })]);
  const fs = failingFs({ when: (op, t) => op === 'rename' && t === path.join(out, 'dev') });
  await rejects(() => writeOutput(out, [prodV2, env('dev', { 'v1.ConfigMap-d.yaml': 'd: 2\n' })], { fs }), /could not restore everything.*The previous folders are in .*alloy-stack-tmp-.*\/old/);
  const [tmp] = (await fsp.readdir(out)).filter((n) => n.startsWith(tmpPrefix));
  assert.is(await fsp.readFile(path.join(out, tmp!, 'old', '1', 'v1.ConfigMap-d.yaml'), 'utf8'), 'd: 1\n');
  assert.is(await fsp.readFile(path.join(out, 'prod', 'v1.ConfigMap-old.yaml'), 'utf8'), 'old: 1\n', 'prod was restored');
});

test('ENOSPC part-way says so and changes nothing', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  await rejects(() => writeOutput(out, [prodV2], { fs: failingFs({ nthStagedWrite: 2, code: 'ENOSPC' }) }),
    /could not write prod\/.*: no space left on the device; the previous output is unchanged/);
  assert.equal(await snapshot(out), before);
  await noLeftovers(out);
});

test('a read-only output folder is refused with a clear message and left as it was', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  await fsp.chmod(out, 0o555);
  const root = process.getuid?.() === 0;
  // As root, chmod does not stop writes: simulate what the kernel would say through the injected fs.
  const fs = root ? failingFs({ code: 'EACCES', when: (op, t) => ['writeFile', 'mkdir', 'rename', 'rm'].includes(op) && t.startsWith(out + path.sep) }) : undefined;
  try {
    await rejects(() => writeOutput(out, [prodV2], { fs }), /permission denied \(EACCES\); the previous output is unchanged/);
  } finally {
    await fsp.chmod(out, 0o755);
  }
  assert.equal(await snapshot(out), before);
});

test("files the user put in an environment folder are carried over, with a warning naming them", async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.writeFile(path.join(out, 'prod', 'kustomization.yaml'), 'resources: []\n');
  await fsp.mkdir(path.join(out, 'prod', 'notes', 'empty'), { recursive: true });
  await fsp.writeFile(path.join(out, 'prod', 'notes', 'todo.md'), '- x\n');
  await fsp.symlink('kustomization.yaml', path.join(out, 'prod', 'link.yaml'));
  await fsp.writeFile(path.join(out, 'README.md'), 'hello\n');
  const result = await writeOutput(out, [prodV2]);
  assert.equal(result.warnings, [`kept 3 files in ${path.join(out, 'prod')} that alloy-stack did not write: prod/kustomization.yaml, prod/link.yaml, prod/notes/todo.md`]);
  assert.is(await fsp.readFile(path.join(out, 'prod', 'kustomization.yaml'), 'utf8'), 'resources: []\n');
  assert.is(await fsp.readFile(path.join(out, 'prod', 'notes', 'todo.md'), 'utf8'), '- x\n');
  assert.is(await fsp.readlink(path.join(out, 'prod', 'link.yaml')), 'kustomization.yaml');
  assert.ok((await fsp.stat(path.join(out, 'prod', 'notes', 'empty'))).isDirectory());
  assert.is(await fsp.readFile(path.join(out, 'README.md'), 'utf8'), 'hello\n');
  assert.is(JSON.parse(await fsp.readFile(path.join(out, 'manifest.json'), 'utf8'))['prod/kustomization.yaml'], undefined);
});

test('a user file where a rendered file would go is refused, not overwritten', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.writeFile(path.join(out, 'prod', 'v1.ConfigMap-b.yaml'), 'mine\n');
  const before = await snapshot(out);
  await rejects(() => writeOutput(out, [prodV2]), /v1\.ConfigMap-b\.yaml exists but manifest\.json does not record it/);
  assert.equal(await snapshot(out), before);
  await noLeftovers(out);
});

test('a non-empty folder without manifest.json is not ours: refused, untouched', async () => {
  const out = await tempDir();
  await fsp.mkdir(path.join(out, 'prod'), { recursive: true });
  await fsp.writeFile(path.join(out, 'prod', 'deployment.yaml'), 'x\n');
  const before = await snapshot(out);
  await rejects(() => writeOutput(out, [prodV1]), /rendered is not empty and has no manifest\.json, so alloy-stack did not write it \(found: prod\)/);
  assert.equal(await snapshot(out), before);
  await noLeftovers(out);
});

test('an environment folder that manifest.json knows nothing of is not ours: refused', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.mkdir(path.join(out, 'staging'));
  await fsp.writeFile(path.join(out, 'staging', 'x.yaml'), 'x\n');
  const before = await snapshot(out);
  await rejects(() => writeOutput(out, [env('staging', { 'a.yaml': 'a\n' })]), /staging exists and manifest\.json records none of its files/);
  assert.equal(await snapshot(out), before);
  await fsp.rm(path.join(out, 'staging', 'x.yaml'));
  await writeOutput(out, [env('staging', { 'a.yaml': 'a\n' })]); // an empty folder is fine
});

test('concurrent exports in one process serialize on the lock and both land', async () => {
  const out = await tempDir();
  await Promise.all([writeOutput(out, [prodV1]), writeOutput(out, [env('dev', { 'a.yaml': 'a\n' })]), writeOutput(out, [env('qa', { 'a.yaml': 'a\n' })])]);
  const manifest = JSON.parse(await fsp.readFile(path.join(out, 'manifest.json'), 'utf8')) as Record<string, string>;
  assert.equal(Object.values(manifest).sort(), ['environments/dev.ts', 'environments/prod.ts', 'environments/prod.ts', 'environments/prod.ts', 'environments/qa.ts']);
  await noLeftovers(out);
});

test('concurrent exports from separate processes serialize and both land', async () => {
  const out = await tempDir();
  const script = (name: string) => `
    import { writeOutput } from ${JSON.stringify(path.join(here, '../../lib/output/writer.ts'))};
    const files = new Map(Array.from({ length: 50 }, (_, i) => [${JSON.stringify(name)} + '/f' + i + '.yaml', 'x: ' + i + '\\n']));
    await writeOutput(${JSON.stringify(out)}, [{ envName: ${JSON.stringify(name)}, envFile: 'environments/${name}.ts', files }], { lockWaitMs: 20000 });`;
  const run = (name: string) => new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(name)], { stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
  await fsp.mkdir(out, { recursive: true });
  assert.equal(await Promise.all([run('a'), run('b'), run('c')]), [0, 0, 0]);
  const tree = await readTree(out);
  assert.is(tree.size, 151);
  await noLeftovers(out);
});

test('a lock held by a live process fails cleanly, naming the directory and pid', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  const holder = spawn('sleep', ['30']);
  try {
    await fsp.writeFile(path.join(out, lockName), `${holder.pid} test\n`);
    await rejects(() => writeOutput(out, [prodV2], { lockWaitMs: 100 }), new RegExp(`another export is writing ${out.replaceAll('/', '\\/')} \\(pid ${holder.pid}\\)`));
  } finally {
    holder.kill();
  }
  await fsp.rm(path.join(out, lockName));
  assert.equal(await snapshot(out), before);
});

test('a stale lock left by a dead process is taken over', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const dead = spawnSync('true').pid;
  await fsp.writeFile(path.join(out, lockName), `${dead} old\n`);
  await writeOutput(out, [prodV2], { lockWaitMs: 0 });
  await noLeftovers(out);
  assert.is(await fsp.readFile(path.join(out, 'prod', 'v1.ConfigMap-b.yaml'), 'utf8'), 'b: 1\n');
});

test('writers racing to take over one stale lock all succeed, one at a time', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.writeFile(path.join(out, lockName), `${spawnSync('true').pid} old\n`);
  await Promise.all(['a', 'b', 'c', 'd'].map((name) => writeOutput(out, [env(name, { 'x.yaml': `${name}\n` })])));
  assert.is((await readTree(out)).size, 1 + 3 + 4);
  await noLeftovers(out);
});

test('a temporary folder left by a killed export is cleaned up, with a warning', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.mkdir(path.join(out, `${tmpPrefix}999999-dead`, 'new'), { recursive: true });
  const result = await writeOutput(out, [prodV2]);
  assert.match(result.warnings.join('\n'), /alloy-stack-tmp-999999-dead, left behind by an interrupted export/);
  await noLeftovers(out);
});

test('an export may own several folders (kubectl and Tanka); a renamed environment drops its old files', async () => {
  const out = await tempDir();
  const withTanka = (name: string) => ({
    envName: name, envFile: 'environments/prod.ts', folders: [name, `tanka/${name}`],
    files: new Map([[`${name}/v1.ConfigMap-a.yaml`, 'a\n'], [`tanka/${name}/main.jsonnet`, '{}\n'], [`tanka/${name}/objects.json`, '{}\n']]),
  });
  await writeOutput(out, [withTanka('prod')]);
  assert.equal([...(await readTree(out)).keys()], ['manifest.json', 'prod/v1.ConfigMap-a.yaml', 'tanka/prod/main.jsonnet', 'tanka/prod/objects.json']);
  const result = await writeOutput(out, [withTanka('production')]);
  assert.equal(result.removed, ['prod/v1.ConfigMap-a.yaml', 'tanka/prod/main.jsonnet', 'tanka/prod/objects.json']);
  assert.equal([...(await readTree(out)).keys()], ['manifest.json', 'production/v1.ConfigMap-a.yaml', 'tanka/production/main.jsonnet', 'tanka/production/objects.json']);
  assert.equal((await fsp.readdir(out)).sort(), ['manifest.json', 'production', 'tanka']);
});

test('bad exports are refused before anything is written', async () => {
  const out = await tempDir();
  await rejects(() => writeOutput(out, [env('a/b', {})]), /cannot be a folder name/);
  await rejects(() => writeOutput(out, [{ envName: 'prod', envFile: 'e.ts', files: new Map([['dev/x.yaml', '']]) }]), /e\.ts: file "dev\/x\.yaml" is outside its folders \(prod\)/);
  await rejects(() => writeOutput(out, [{ envName: 'prod', envFile: 'e.ts', files: new Map([['prod/../x.yaml', '']]) }]), /must be a relative path/);
  await rejects(() => writeOutput(out, [env('prod', {}), { ...env('prod', {}), envFile: 'environments/other.ts' }]), /folder "prod" overlaps "prod" of environment prod/);
});

test('readTree lists every file with its text, skipping the lock and temporary folders', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  await fsp.writeFile(path.join(out, lockName), '1 x\n');
  await fsp.mkdir(path.join(out, `${tmpPrefix}1-x`));
  await fsp.writeFile(path.join(out, `${tmpPrefix}1-x`, 'f'), '');
  const tree = await readTree(out);
  assert.equal([...tree.keys()], ['manifest.json', 'prod/setup/v1.Namespace-monitoring.yaml', 'prod/v1.ConfigMap-a.yaml', 'prod/v1.ConfigMap-old.yaml']);
  assert.is(tree.get('prod/v1.ConfigMap-a.yaml'), 'a: 1\n');
  assert.equal(await readTree(path.join(out, 'missing')), new Map());
});

test.run();
