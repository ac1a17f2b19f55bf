// The only code that writes the rendered output. Atomic per export: every folder is built complete in a
// temporary folder inside the output folder (same file system, so rename works), then swapped in with
// renames; manifest.json last, also by rename. Any failure before the swap leaves the previous output
// byte-for-byte intact; a failure during the swap is rolled back. Only a kill between the two renames of one
// folder can leave that folder missing; the next export puts it back. No top-level side effects.
import * as nodeFs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../lib/errors.ts';
import { assertEnvName, compareUtf8, manifestJson, parseManifest } from '../lib/export/layout.ts';

/** The file operations used; tests inject failures (write number N, ENOSPC, EACCES) through this. */
export type Fs = Pick<typeof nodeFs,
  'mkdir' | 'writeFile' | 'readFile' | 'readdir' | 'rename' | 'rm' | 'rmdir' | 'lstat' | 'copyFile' | 'link' | 'unlink' | 'readlink' | 'symlink'>;

export interface EnvExport {
  envName: string;
  /** Recorded in manifest.json for each file, e.g. `environments/prod.ts`. */
  envFile: string;
  /** Path relative to the output folder (`prod/v1.ConfigMap-x.yaml`) to text. */
  files: ReadonlyMap<string, string>;
  /** The folders this export owns and replaces; default `[envName]`. Every file must sit in one. */
  folders?: readonly string[];
}

export interface WriteOptions {
  fs?: Fs;
  /** How long to wait for another export writing the same folder; default 10 s. */
  lockWaitMs?: number;
  pid?: number;
  isAlive?: (pid: number) => boolean;
}

export interface WriteResult {
  /** For people: user files kept, leftovers cleaned. */
  warnings: string[];
  /** Files manifest.json recorded that are no longer rendered, now gone. */
  removed: string[];
}

export const manifestName = 'manifest.json';
export const lockName = '.alloy-stack.lock';
export const tmpPrefix = '.alloy-stack-tmp-';
const ours = (name: string) => name === lockName || name.startsWith(`${lockName}.`) || name.startsWith(tmpPrefix);

export async function writeOutput(outDir: string, exports: readonly EnvExport[], options: WriteOptions = {}): Promise<WriteResult> {
  const fs = options.fs ?? nodeFs;
  const plan = planExports(exports);
  await io(`create ${outDir}`, () => fs.mkdir(outDir, { recursive: true }));
  const release = await acquireLock(outDir, fs, options);
  try {
    return await writeLocked(outDir, plan, fs, options.pid ?? process.pid);
  } finally {
    await release();
  }
}

interface Plan { exp: EnvExport; folders: string[] }

// Everything that can be refused without touching the disk is refused here.
function planExports(exports: readonly EnvExport[]): Plan[] {
  const all: { folder: string; envName: string }[] = [];
  const plans = exports.map((exp) => {
    assertEnvName(exp.envName);
    const folders = [...(exp.folders ?? [exp.envName])];
    for (const folder of folders) {
      assertRelative(folder, `${exp.envFile}: folder`);
      if (folder === manifestName || ours(folder.split('/')[0]!)) throw new Error(`${exp.envFile}: folder "${folder}" is a name alloy-stack uses for itself`);
      for (const other of all) {
        if (folder === other.folder || folder.startsWith(`${other.folder}/`) || other.folder.startsWith(`${folder}/`)) {
          throw new Error(`${exp.envFile}: folder "${folder}" overlaps "${other.folder}" of environment ${other.envName}`);
        }
      }
      all.push({ folder, envName: exp.envName });
    }
    for (const file of exp.files.keys()) {
      assertRelative(file, `${exp.envFile}: file`);
      if (!folders.some((f) => file.startsWith(`${f}/`))) throw new Error(`${exp.envFile}: file "${file}" is outside its folders (${folders.join(', ')})`);
    }
    return { exp, folders };
  });
  return plans;
}

function assertRelative(rel: string, what: string): void {
  if (rel.split('/').some((s) => s === '' || s === '.' || s === '..' || s.includes('\0'))) {
    throw new Error(`${what} "${rel}" must be a relative path without empty, "." or ".." parts`);
  }
}

async function writeLocked(outDir: string, plan: Plan[], fs: Fs, pid: number): Promise<WriteResult> {
  const warnings: string[] = [];
  const removed: string[] = [];
  const top = await io(`read ${outDir}`, () => fs.readdir(outDir));
  for (const name of top.filter((n) => n.startsWith(tmpPrefix))) {
    // We hold the lock, so a temporary folder here is from an export that was killed.
    await io(`remove ${name}`, () => fs.rm(path.join(outDir, name), { recursive: true, force: true }));
    warnings.push(`removed ${path.join(outDir, name)}, left behind by an interrupted export`);
  }
  const manifestPath = path.join(outDir, manifestName);
  const manifestText = await readIfExists(fs, manifestPath);
  if (manifestText === undefined) {
    const foreign = top.filter((n) => !ours(n));
    if (foreign.length > 0) {
      throw new UserError(`${outDir} is not empty and has no ${manifestName}, so alloy-stack did not write it (found: ${foreign.sort().slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}); export into an empty or new folder`);
    }
  }
  const existing = manifestText === undefined ? {} : parseManifest(manifestText, manifestPath);
  const recorded = new Set(Object.keys(existing));

  const tmp = path.join(outDir, `${tmpPrefix}${pid}-${randomBytes(4).toString('hex')}`);
  await io(`create ${tmp}`, () => fs.mkdir(tmp));
  let committed = false;
  let keepTmp = false; // when a swap could not be undone, the previous folders are only in tmp
  try {
    let manifest = existing;
    const swaps: { folder: string; staged: string }[] = [];
    for (const { exp, folders } of plan) {
      for (const folder of folders) {
        const staged = path.join(tmp, 'new', String(swaps.length));
        const kept = await stageFolder(fs, outDir, folder, staged, exp, recorded);
        if (kept.length > 0) warnings.push(`kept ${kept.length} file${kept.length === 1 ? '' : 's'} in ${path.join(outDir, folder)} that alloy-stack did not write: ${kept.join(', ')}`);
        swaps.push({ folder, staged });
        if (recordsUnder(recorded, folder)) for (const rel of recorded) if (rel.startsWith(`${folder}/`) && !exp.files.has(rel)) removed.push(rel);
      }
    }
    manifest = mergeAll(existing, plan);
    const stagedManifest = path.join(tmp, manifestName);
    await io(`write ${stagedManifest}`, () => fs.writeFile(stagedManifest, manifestJson(manifest)));
    try {
      await swapIn(fs, outDir, tmp, swaps, stagedManifest);
    } catch (error) {
      keepTmp = error instanceof SwapUndoError;
      throw error;
    }
    committed = true;
    // Files an environment owned outside its folders now (it was renamed, or dropped a folder).
    const inFolders = (rel: string) => plan.some((p) => p.folders.some((f) => rel.startsWith(`${f}/`)));
    for (const rel of Object.keys(existing).filter((k) => !Object.hasOwn(manifest, k) && !inFolders(k))) {
      try {
        await fs.rm(path.join(outDir, ...rel.split('/')), { force: true });
        removed.push(rel);
        await pruneEmptyDirs(fs, outDir, path.dirname(rel));
      } catch (error) {
        warnings.push(`could not remove ${rel}, which alloy-stack wrote before: ${(error as Error).message}`);
      }
    }
  } finally {
    try {
      if (!keepTmp) await fs.rm(tmp, { recursive: true, force: true });
    } catch (error) {
      // After a commit the output is complete; before it, the error being thrown matters more.
      if (committed) warnings.push(`could not remove the temporary folder ${tmp}: ${(error as Error).message}`);
    }
  }
  return { warnings, removed: removed.sort(compareUtf8) };
}

// Whether any recorded file lies in `folder`; the answer per folder prefix is computed once per set.
const prefixes = new WeakMap<ReadonlySet<string>, Set<string>>();
function recordsUnder(recorded: ReadonlySet<string>, folder: string): boolean {
  let set = prefixes.get(recorded);
  if (!set) {
    set = new Set();
    for (const rel of recorded) for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) set.add(rel.slice(0, i));
    prefixes.set(recorded, set);
  }
  return set.has(folder);
}

/**
 * mergeManifest applied for each export in turn, in one pass: an entry goes when a later export owns it
 * (same environment file, or a path in one of its folders), as mergeManifest decides.
 */
function mergeAll(existing: Readonly<Record<string, string>>, plan: readonly Plan[]): Record<string, string> {
  const folderOf = new Map<string, number>(); // folder -> index of the last export owning it
  plan.forEach(({ folders }, i) => folders.forEach((f) => folderOf.set(f, i)));
  const fileOf = new Map<string, number>();
  plan.forEach(({ exp }, i) => fileOf.set(exp.envFile, i));
  const ownedLater = (rel: string, file: string, after: number) => {
    if ((fileOf.get(file) ?? -1) > after) return true;
    for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) if ((folderOf.get(rel.slice(0, i)) ?? -1) > after) return true;
    return false;
  };
  const merged: Record<string, string> = {};
  for (const [rel, file] of Object.entries(existing)) if (!ownedLater(rel, file, -1)) merged[rel] = file;
  plan.forEach(({ exp }, i) => {
    for (const rel of exp.files.keys()) if (!ownedLater(rel, exp.envFile, i)) merged[rel] = exp.envFile;
  });
  return merged;
}

/** Builds the new content of one folder: the rendered files plus the user's files from the old one. */
async function stageFolder(fs: Fs, outDir: string, folder: string, staged: string, exp: EnvExport, recorded: ReadonlySet<string>): Promise<string[]> {
  const live = path.join(outDir, ...folder.split('/'));
  const old = await listTree(fs, live, `${outDir}/${folder}`);
  if (old.length > 0 && !recordsUnder(recorded, folder)) {
    throw new UserError(`${live} exists and ${manifestName} records none of its files, so alloy-stack did not write it; move it away or export elsewhere`);
  }
  await io(`create ${staged}`, () => fs.mkdir(staged, { recursive: true }));
  const dirs = new Set<string>();
  for (const rel of exp.files.keys()) if (rel.startsWith(`${folder}/`)) dirs.add(path.posix.dirname(rel.slice(folder.length + 1)));
  const kept: Entry[] = [];
  for (const entry of old) {
    const rel = `${folder}/${entry.rel}`;
    if (entry.kind === 'dir') {
      // An empty folder is the user's (ours always hold files); a folder of stale files goes with them.
      if (!old.some((e) => e.rel.startsWith(`${entry.rel}/`))) dirs.add(entry.rel);
    } else if (!recorded.has(rel)) {
      if (exp.files.has(rel)) {
        throw new UserError(`${path.join(outDir, rel)} exists but ${manifestName} does not record it, so alloy-stack did not write it; move it away (an export never overwrites a file it did not write)`);
      }
      kept.push(entry);
      dirs.add(path.posix.dirname(entry.rel));
    }
  }
  for (const dir of [...dirs].sort()) if (dir !== '.') await io(`create ${dir}`, () => fs.mkdir(path.join(staged, ...dir.split('/')), { recursive: true }));
  // Several writes at a time: creating a file waits on the disk (0.2 to 1 ms), one after another it dominates a
  // fleet. Every write has settled before this returns, so a failure never races the clean-up of the folder.
  const writes = [...exp.files].filter(([rel]) => rel.startsWith(`${folder}/`));
  await settleAll(writes, 16, ([rel, text]) => io(`write ${rel}`, () => fs.writeFile(path.join(staged, ...rel.slice(folder.length + 1).split('/')), text)));
  for (const entry of kept) {
    const from = path.join(live, ...entry.rel.split('/'));
    const to = path.join(staged, ...entry.rel.split('/'));
    const what = `copy ${folder}/${entry.rel}`;
    if (entry.kind === 'symlink') await io(what, async () => fs.symlink(await fs.readlink(from), to));
    else await io(what, () => fs.copyFile(from, to));
  }
  return kept.map((e) => `${folder}/${e.rel}`);
}

interface Entry { rel: string; kind: 'file' | 'dir' | 'symlink' }

/** Runs `run` on every item, `limit` at a time; after all have settled, throws the first failure (in item order). */
async function settleAll<T>(items: readonly T[], limit: number, run: (item: T) => Promise<unknown>): Promise<void> {
  const failures: { i: number; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        await run(items[i]!);
      } catch (error) {
        failures.push({ i, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures.sort((a, b) => a.i - b.i)[0]!.error;
}

// Every entry under root, depth first; a missing root has none.
async function listTree(fs: Fs, root: string, shown: string): Promise<Entry[]> {
  let stat;
  try {
    stat = await fs.lstat(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw wrap(`read ${shown}`, error);
  }
  if (!stat.isDirectory()) throw new UserError(`${shown} is not a folder, so alloy-stack did not write it; move it away or export elsewhere`);
  const out: Entry[] = [];
  const walk = async (dir: string, prefix: string) => {
    const entries = await io(`read ${shown}`, () => fs.readdir(dir, { withFileTypes: true }));
    for (const e of entries.sort((a, b) => compareUtf8(a.name, b.name))) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push({ rel, kind: 'dir' });
        await walk(path.join(dir, e.name), rel);
      } else if (e.isSymbolicLink()) out.push({ rel, kind: 'symlink' });
      else if (e.isFile()) out.push({ rel, kind: 'file' });
      else throw new UserError(`${shown}/${rel} is neither a file nor a folder; move it away`);
    }
  };
  await walk(root, '');
  return out;
}

// Each folder: move the live one aside into the temporary folder, move the staged one in. Undone on failure.
async function swapIn(fs: Fs, outDir: string, tmp: string, swaps: { folder: string; staged: string }[], stagedManifest: string): Promise<void> {
  const undo: (() => Promise<unknown>)[] = [];
  try {
    for (const [i, { folder, staged }] of swaps.entries()) {
      const live = path.join(outDir, ...folder.split('/'));
      const created = await fs.mkdir(path.dirname(live), { recursive: true });
      if (created !== undefined) undo.push(() => fs.rm(created, { recursive: true }));
      const aside = path.join(tmp, 'old', String(i));
      await fs.mkdir(path.dirname(aside), { recursive: true });
      if (await exists(fs, live)) {
        await fs.rename(live, aside);
        undo.push(() => fs.rename(aside, live));
      }
      await fs.rename(staged, live);
      undo.push(() => fs.rename(live, staged));
    }
    await fs.rename(stagedManifest, path.join(outDir, manifestName));
  } catch (error) {
    const failures: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (undoError) {
        failures.push((undoError as Error).message);
      }
    }
    if (failures.length > 0) {
      throw withCause(new SwapUndoError(`the export failed while swapping folders (${describeError(error)}) and could not restore everything: ${failures.join('; ')}. The previous folders are in ${tmp}/old`), error);
    }
    throw wrap(`replace the output in ${outDir}`, error);
  }
}

class SwapUndoError extends UserError {}

async function pruneEmptyDirs(fs: Fs, outDir: string, rel: string): Promise<void> {
  for (let dir = rel; dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) {
    try {
      await fs.rmdir(path.join(outDir, ...dir.split('/')));
    } catch {
      return; // not empty, or gone: stop there
    }
  }
}

// The lock: `.alloy-stack.lock` created exclusively, holding "pid token". A lock whose pid is dead is taken
// over; to take it over, a writer first renames it to a name of its own, so two writers cannot both do it.
async function acquireLock(outDir: string, fs: Fs, options: WriteOptions): Promise<() => Promise<void>> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const lockPath = path.join(outDir, lockName);
  const token = `${pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + (options.lockWaitMs ?? 10_000);
  for (;;) {
    try {
      await fs.writeFile(lockPath, token, { flag: 'wx' });
      return async () => {
        if ((await readIfExists(fs, lockPath)) === token) await fs.unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw wrap(`lock ${outDir}`, error);
    }
    const held = await readIfExists(fs, lockPath);
    if (held === undefined) continue; // released meanwhile
    const holder = Number.parseInt(held, 10);
    if (held !== '' && Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      await takeOver(fs, lockPath, held, pid);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new UserError(`another export is writing ${outDir} (pid ${Number.isInteger(holder) ? holder : 'unknown'}); wait for it to finish, or remove ${lockPath} if that process is gone`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function takeOver(fs: Fs, lockPath: string, held: string, pid: number): Promise<void> {
  const aside = `${lockPath}.stale-${pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  if ((await readIfExists(fs, aside)) !== held) {
    await fs.link(aside, lockPath).catch(() => undefined); // a fresh lock of another writer: put it back
  }
  await fs.unlink(aside).catch(() => undefined);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Every file under dir (relative path with `/` to text), sorted; for `--check`. Lock and temporary folders are skipped. */
export async function readTree(dir: string, fs: Fs = nodeFs): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = (await listTree(fs, dir, dir)).filter((e) => !ours(e.rel.split('/')[0]!));
  for (const e of entries) {
    if (e.kind === 'dir') continue;
    files.set(e.rel, await io(`read ${e.rel}`, () => fs.readFile(path.join(dir, ...e.rel.split('/')), 'utf8')));
  }
  return new Map([...files].sort(([a], [b]) => compareUtf8(a, b)));
}

async function readIfExists(fs: Fs, file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw wrap(`read ${file}`, error);
  }
}

async function exists(fs: Fs, file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function io<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw wrap(what, error);
  }
}

function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `permission denied (${code})`;
  return (error as Error).message;
}

// File system errors say what we were doing; our own messages pass through unchanged. Both are messages
// for a person (UserError: the CLI prints one line, no stack); anything else is a bug and keeps its stack.
function wrap(what: string, error: unknown): Error {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code === undefined) return error as Error;
  return withCause(new UserError(`could not ${what}: ${describeError(error)}; the previous output is unchanged`), error);
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  return Object.assign(error, { cause });
}
