// The streaming API of lib/output/writer.ts: openOutput, add one export at a time, commit or abort.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openOutput, readTree, tmpPrefix, writeOutput, type EnvExport, type Fs, type WriteResult } from '../../lib/output/writer.ts';
import { env, errnoError, noLeftovers, ours, rejects, snapshot, tempOutputs } from '../support/output.ts';

const temps = tempOutputs('alloy-stack-writer-');
const tempDir = temps.make;
test.after(temps.removeAll);

/** An export owning two folders, as with --tanka; `envFile` stays when the environment is renamed. */
const withTanka = (envName: string, envFile: string): EnvExport => ({
  envName, envFile, folders: [envName, `tanka/${envName}`],
  files: new Map([[`${envName}/v1.ConfigMap-a.yaml`, 'a\n'], [`tanka/${envName}/main.jsonnet`, '{}\n']]),
});
const prodV1 = env('prod', { 'v1.ConfigMap-a.yaml': 'a: 1\n', 'v1.ConfigMap-old.yaml': 'old: 1\n', 'setup/v1.Namespace-monitoring.yaml': 'ns: 1\n' });
const prodV2 = env('prod', { 'v1.ConfigMap-a.yaml': 'a: 2\n', 'v1.ConfigMap-b.yaml': 'b: 1\n', 'setup/v1.Namespace-monitoring.yaml': 'ns: 1\n' });
const devV1 = env('dev', { 'v1.ConfigMap-d.yaml': 'd: 1\n' });
const devV2 = env('dev', { 'v1.ConfigMap-d.yaml': 'd: 2\n', 'v1.ConfigMap-e.yaml': 'e: 1\n' });

/** An output folder with history: two environments, a Tanka one, user files, a killed export's leftover. */
async function seeded(): Promise<string> {
  const out = await tempDir();
  await writeOutput(out, [prodV1, devV1, withTanka('blue', 'environments/blue.ts')]);
  await fsp.writeFile(path.join(out, 'prod', 'notes.txt'), 'mine\n');
  await fsp.writeFile(path.join(out, 'dev', 'kustomization.yaml'), 'resources: []\n');
  await fsp.mkdir(path.join(out, `${tmpPrefix}999999-dead`, 'new'), { recursive: true });
  return out;
}
// blue is renamed green: its old folders go after the swap; prod drops a file while staging.
const nextExports = [prodV2, withTanka('green', 'environments/blue.ts'), devV2, env('qa', { 'a.yaml': 'a\n' })];

/** Output folders differ per test: compare results with the folder replaced by a placeholder. */
const relative = (out: string, result: WriteResult) => ({ ...result, warnings: result.warnings.map((w) => w.replaceAll(out, '<out>')) });

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

/** Real fs, except that the n-th write into the temporary folder throws, and staged texts matching `slow` wait a little. */
function injectedFs(options: { nthStagedWrite?: number; code?: string; slow?: (text: string) => boolean }): Fs {
  let staged = 0;
  return {
    ...fsp,
    writeFile: (async (...args: Parameters<typeof fsp.writeFile>) => {
      const target = String(args[0]);
      if (target.includes(tmpPrefix) && ++staged === options.nthStagedWrite) throw errnoError(options.code ?? 'EIO', `simulated failure writing ${target}`);
      // Lets a later export overtake this one if staging were not serialized.
      if (target.includes(tmpPrefix) && options.slow?.(String(args[1]))) await pause();
      return fsp.writeFile(...args);
    }) as typeof fsp.writeFile,
  };
}
const slowProd = (text: string) => [...prodV2.files.values()].includes(text);

test('adding exports one at a time, then committing, gives exactly what writeOutput gives', async () => {
  const [all, streamed] = [await seeded(), await seeded()];
  const expected = await writeOutput(all, nextExports);
  const writer = await openOutput(streamed);
  for (const exp of nextExports) await writer.add(exp);
  const result = await writer.commit();
  assert.equal(relative(streamed, result), relative(all, expected));
  // As writeOutput gave before the streaming API: removals while staging (prod) and after the swap (blue).
  assert.equal(relative(all, expected), {
    warnings: [
      `removed <out>/${tmpPrefix}999999-dead, left behind by an interrupted export`,
      'kept 1 file in <out>/prod that alloy-stack did not write: prod/notes.txt',
      'kept 1 file in <out>/dev that alloy-stack did not write: dev/kustomization.yaml',
    ],
    removed: ['blue/v1.ConfigMap-a.yaml', 'prod/v1.ConfigMap-old.yaml', 'tanka/blue/main.jsonnet'],
  });
  assert.equal(await snapshot(streamed), await snapshot(all));
  await noLeftovers(streamed);
});

test('an added export is not kept once staged: only its paths are, for the swap', async () => {
  // A full collection on demand, without starting node with --expose-gc.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const out = await tempDir();
  const writer = await openOutput(out);
  const staged: WeakRef<ReadonlyMap<string, string>>[] = [];
  // In a function of its own, so that no variable of this test holds the files.
  const addOne = async (name: string) => {
    const exp = env(name, { 'v1.ConfigMap-a.yaml': 'x'.repeat(10_000) });
    staged.push(new WeakRef(exp.files));
    await writer.add(exp);
  };
  for (const name of ['a', 'b', 'c']) await addOne(name);
  await pause();
  gc();
  assert.equal(staged.map((ref) => ref.deref() === undefined), [true, true, true], 'the files of every staged export were collected');
  await writer.commit();
  assert.equal([...(await readTree(out)).keys()], ['a/v1.ConfigMap-a.yaml', 'b/v1.ConfigMap-a.yaml', 'c/v1.ConfigMap-a.yaml', 'manifest.json']);
});

test('two adds in flight at once give the same output as adds one after another', async () => {
  const [sequential, overlapping] = [await seeded(), await seeded()];
  const one = await openOutput(sequential);
  for (const exp of nextExports) await one.add(exp);
  const expected = await one.commit();
  // prod's writes are slowed down, so dev would finish first if adds were not staged in call order.
  const two = await openOutput(overlapping, { fs: injectedFs({ slow: slowProd }) });
  await Promise.all(nextExports.map((exp) => two.add(exp)));
  const result = await two.commit();
  assert.equal(relative(overlapping, result), relative(sequential, expected));
  assert.equal(await snapshot(overlapping), await snapshot(sequential));
  await noLeftovers(overlapping);
});

test('before commit, the staging folder holds the added files while the live folder is unchanged', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  const writer = await openOutput(out);
  await writer.add(prodV2);
  const [staging] = (await fsp.readdir(out)).filter((n) => n.startsWith(tmpPrefix));
  assert.ok(staging, 'a staging folder exists');
  const staged = [...(await snapshot(path.join(out, staging!)))].filter(([, bytes]) => bytes !== null);
  for (const [file, text] of prodV2.files) {
    assert.ok(staged.some(([rel, bytes]) => rel.endsWith(file.slice('prod/'.length)) && bytes!.toString() === text), `${file} is staged`);
  }
  assert.equal(await snapshot(out, ours), before, 'the live output is untouched');
  await writer.commit();
  assert.is(await fsp.readFile(path.join(out, 'prod', 'v1.ConfigMap-b.yaml'), 'utf8'), 'b: 1\n');
});

test('a failing add (ENOSPC on write N) fails the writer: commit refuses, abort leaves the output identical', async () => {
  const out = await seeded();
  await fsp.rm(path.join(out, `${tmpPrefix}999999-dead`), { recursive: true });
  const before = await snapshot(out);
  const writes = prodV2.files.size + devV2.files.size;
  for (let n = 1; n <= writes; n++) {
    const writer = await openOutput(out, { fs: injectedFs({ nthStagedWrite: n, code: 'ENOSPC' }) });
    // Both in flight, as the export CLI does: the one queued behind the failure is refused too.
    const settled = await Promise.allSettled([writer.add(prodV2), writer.add(devV2)]);
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    assert.ok(failed.length > 0 && failed.every((s) => /no space left on the device/.test((s.reason as Error).message)), `write ${n} failed the adds`);
    assert.is(settled[1]!.status, 'rejected', 'an add after a failed one is refused');
    await rejects(() => writer.commit(), /could not commit .*: an earlier add failed, so nothing was swapped in \(.*no space left/);
    await rejects(() => writer.add(env('qa', { 'a.yaml': 'a\n' })), /no space left/);
    await writer.abort();
    assert.equal(await snapshot(out), before, `after failing write ${n}`);
  }
});

test('overlapping folders and duplicate names across adds are refused as writeOutput refuses them', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  const cases: [EnvExport, EnvExport, RegExp][] = [
    [prodV2, { ...env('prod', {}), envFile: 'environments/other.ts' }, /^environments\/other\.ts: folder "prod" overlaps "prod" of environment prod$/],
    [withTanka('blue', 'environments/blue.ts'), env('tanka', { 'x.yaml': '' }), /^environments\/tanka\.ts: folder "tanka" overlaps "tanka\/blue" of environment blue$/],
    [env('tanka', { 'x.yaml': '' }), withTanka('blue', 'environments/blue.ts'), /^environments\/blue\.ts: folder "tanka\/blue" overlaps "tanka" of environment tanka$/],
    [devV1, { envName: 'qa', envFile: 'e.ts', files: new Map([['dev/x.yaml', '']]) }, /^e\.ts: file "dev\/x\.yaml" is outside its folders \(qa\)$/],
  ];
  for (const [first, second, pattern] of cases) {
    await rejects(() => writeOutput(out, [first, second]), pattern);
    const writer = await openOutput(out);
    await writer.add(first);
    await rejects(() => writer.add(second), pattern);
    await rejects(() => writer.commit(), /an earlier add failed/);
    await writer.abort();
    assert.equal(await snapshot(out), before);
    await noLeftovers(out);
  }
});

test('abort waits for an add being staged, so nothing is left behind', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  // Creating a staged folder signals, then waits: created after the staging folder was removed, it would bring it back.
  let signal: (() => void) | undefined;
  const fs: Fs = {
    ...fsp,
    mkdir: (async (...args: Parameters<typeof fsp.mkdir>) => {
      if (signal && String(args[0]).includes(tmpPrefix)) {
        signal();
        await pause();
      }
      return fsp.mkdir(...args);
    }) as typeof fsp.mkdir,
  };
  const writer = await openOutput(out, { fs });
  const staging = new Promise<void>((resolve) => (signal = resolve));
  const first = writer.add(withTanka('blue', 'environments/blue.ts'));
  await staging;
  await writer.abort();
  await first.catch(() => undefined);
  assert.equal(await snapshot(out), before);
  await noLeftovers(out);
});

test('abort is harmless twice, after commit, and concurrently; adds after it are refused', async () => {
  const out = await tempDir();
  await writeOutput(out, [prodV1]);
  const before = await snapshot(out);
  const writer = await openOutput(out);
  await writer.add(prodV2);
  await writer.abort();
  await writer.abort();
  await rejects(() => writer.add(devV1), /already committed or aborted/);
  await rejects(() => writer.commit(), /already committed or aborted/);
  assert.equal(await snapshot(out), before);
  await noLeftovers(out);

  const committed = await openOutput(out);
  await committed.add(prodV2);
  await committed.commit();
  const after = await snapshot(out);
  await Promise.all([committed.abort(), committed.abort()]);
  assert.equal(await snapshot(out), after, 'abort after commit changes nothing');
});

test('the lock is held from openOutput until commit or abort, then released', async () => {
  const out = await tempDir();
  const writer = await openOutput(out);
  await rejects(() => openOutput(out, { lockWaitMs: 0 }), /another export is writing/);
  await writer.add(prodV1);
  await writer.commit();
  const next = await openOutput(out, { lockWaitMs: 0 });
  await next.add(prodV2);
  await next.abort();
  const last = await openOutput(out, { lockWaitMs: 0 });
  await last.abort();
  await noLeftovers(out);
  assert.is(await fsp.readFile(path.join(out, 'prod', 'v1.ConfigMap-a.yaml'), 'utf8'), 'a: 1\n', 'the aborted add left no trace');
});

test('openOutput refuses a non-empty folder without manifest.json, and releases the lock', async () => {
  const out = await tempDir();
  await fsp.mkdir(path.join(out, 'prod'), { recursive: true });
  await fsp.writeFile(path.join(out, 'prod', 'deployment.yaml'), 'x\n');
  await rejects(() => openOutput(out), /is not empty and has no manifest\.json/);
  await noLeftovers(out);
});

test.run();
