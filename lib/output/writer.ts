// The only code that writes the rendered output. Atomic per export: every folder is built complete in a
// temporary folder inside the output folder (same file system, so rename works), then swapped in with
// renames; manifest.json last, also by rename. Any failure before the swap leaves the previous output
// byte-for-byte intact; a failure during the swap is rolled back. Only a kill between the two renames of one
// folder can leave that folder missing; the next export puts it back. No top-level side effects.
// Streaming (openOutput): each environment is staged as soon as it is rendered, so a fleet never sits in
// memory; only its file paths are kept until the swap.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { assertEnvName, compareUtf8, manifestJson, parseManifest } from '../export/layout.ts';
import { describeError, exists, io, localFs, readIfExists, withCause, wrap, type Fs } from './fs.ts';
import { acquireLock, lockName, type LockOptions } from './lock.ts';

export type { Fs } from './fs.ts';
export { lockName } from './lock.ts';

export interface EnvExport {
  envName: string;
  /** Recorded in manifest.json for each file, e.g. `environments/prod.ts`. */
  envFile: string;
  /** Path relative to the output folder (`prod/v1.ConfigMap-x.yaml`) to text. */
  files: ReadonlyMap<string, string>;
  /** The folders this export owns and replaces; default `[envName]`. Every file must sit in one. */
  folders?: readonly string[];
}

export interface WriteOptions extends LockOptions {
  fs?: Fs;
}

export interface WriteResult {
  /** For people: user files kept, leftovers cleaned. */
  warnings: string[];
  /** Files manifest.json recorded that are no longer rendered, now gone. */
  removed: string[];
}

/** An export in progress: holds the lock of the output folder from openOutput until commit or abort. */
export interface OutputWriter {
  /**
   * Plans (refusing bad names, overlapping folders, files outside folders, foreign files) and stages one
   * export; resolves when its files are written into the staging folder, after which their texts are not
   * kept. May be called again before that: exports are staged one at a time, in call order. A failed add
   * fails the writer: later adds and commit refuse, abort cleans up.
   */
  add(exp: EnvExport): Promise<void>;
  /** Waits for pending adds, merges the manifest, swaps every staged folder in, writes manifest.json, cleans up, releases the lock. */
  commit(): Promise<WriteResult>;
  /**
   * Removes the staging folder and releases the lock; the output folder is as before. Safe after a failed
   * add or commit, and more than once. Best effort: a staging folder it cannot remove is cleaned up, with
   * a warning, by the next export.
   */
  abort(): Promise<void>;
}

export const manifestName = 'manifest.json';
export const tmpPrefix = '.alloy-stack-tmp-';
const ours = (name: string) => name === lockName || name.startsWith(`${lockName}.`) || name.startsWith(tmpPrefix);

/** All exports at once; the same as openOutput, add each, commit. */
export async function writeOutput(outDir: string, exports: readonly EnvExport[], options: WriteOptions = {}): Promise<WriteResult> {
  // Bad exports are refused before the disk is touched, not even the folder created.
  const planner = new FolderPlanner();
  for (const exp of exports) planner.plan(exp);
  const writer = await openOutput(outDir, options);
  try {
    for (const exp of exports) await writer.add(exp);
    return await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Takes the lock of outDir (created if needed), cleans up after interrupted exports, checks manifest.json. */
export async function openOutput(outDir: string, options: WriteOptions = {}): Promise<OutputWriter> {
  const fs = options.fs ?? localFs;
  await io(`create ${outDir}`, () => fs.mkdir(outDir, { recursive: true }));
  const release = await acquireLock(outDir, fs, options);
  try {
    const warnings: string[] = [];
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
    const tmp = path.join(outDir, `${tmpPrefix}${options.pid ?? process.pid}-${randomBytes(4).toString('hex')}`);
    await io(`create ${tmp}`, () => fs.mkdir(tmp));
    return new StagingWriter({ outDir, fs, tmp, existing, warnings, release });
  } catch (error) {
    await release();
    throw error;
  }
}

// Everything that can be refused without touching the disk, one export at a time against those before it.
class FolderPlanner {
  /** Folder -> the environment that owns it. */
  private readonly owned = new Map<string, string>();
  /** Every proper ancestor of an owned folder -> one owned folder under it: overlaps in path-length steps, not per folder owned. */
  private readonly ancestors = new Map<string, string>();

  /** The folders of exp, or a refusal. */
  plan(exp: EnvExport): string[] {
    assertEnvName(exp.envName);
    const folders = [...(exp.folders ?? [exp.envName])];
    for (const folder of folders) {
      assertRelative(folder, `${exp.envFile}: folder`);
      if (folder === manifestName || ours(folder.split('/')[0]!)) throw new Error(`${exp.envFile}: folder "${folder}" is a name alloy-stack uses for itself`);
      const other = this.overlapping(folder);
      if (other !== undefined) throw new Error(`${exp.envFile}: folder "${folder}" overlaps "${other}" of environment ${this.owned.get(other)}`);
      this.owned.set(folder, exp.envName);
      for (const ancestor of ancestorsOf(folder)) if (!this.ancestors.has(ancestor)) this.ancestors.set(ancestor, folder);
    }
    for (const file of exp.files.keys()) {
      assertRelative(file, `${exp.envFile}: file`);
      if (!folders.some((f) => file.startsWith(`${f}/`))) throw new Error(`${exp.envFile}: file "${file}" is outside its folders (${folders.join(', ')})`);
    }
    return folders;
  }

  /** An owned folder that is this one, holds it or is inside it. */
  private overlapping(folder: string): string | undefined {
    if (this.owned.has(folder)) return folder;
    for (const ancestor of ancestorsOf(folder)) if (this.owned.has(ancestor)) return ancestor;
    return this.ancestors.get(folder);
  }
}

/** `a/b/c` -> `a`, `a/b`. */
function ancestorsOf(folder: string): string[] {
  const found: string[] = [];
  for (let at = folder.indexOf('/'); at >= 0; at = folder.indexOf('/', at + 1)) found.push(folder.slice(0, at));
  return found;
}

// An empty, `.` or `..` part (a leading or doubled `/` makes an empty one), or a NUL.
const notPlainRelative = /(?:^|\/)\.{0,2}(?:\/|$)|\0/;

function assertRelative(rel: string, what: string): void {
  if (notPlainRelative.test(rel)) throw new Error(`${what} "${rel}" must be a relative path without empty, "." or ".." parts`);
}

/** What the swap needs of a staged export: its paths, not its texts. */
interface Staged { envFile: string; folders: readonly string[]; files: readonly string[] }
interface Swap { folder: string; staged: string }
interface Opened { outDir: string; fs: Fs; tmp: string; existing: Readonly<Record<string, string>>; warnings: string[]; release: () => Promise<void> }

class StagingWriter implements OutputWriter {
  private readonly planner = new FolderPlanner();
  private readonly recorded: ReadonlySet<string>;
  private readonly staged: Staged[] = [];
  private readonly swaps: Swap[] = [];
  private readonly removed: string[] = [];
  // One export stages at a time, in call order: writes stay bounded by stageFolder's limit, and the staged
  // folders, warnings and manifest merge follow the order of the add calls. Never rejects.
  private queue: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  private state: 'open' | 'committing' | 'closed' = 'open';
  private committing: Promise<unknown> = Promise.resolve();
  /** Set once commit starts the swap: from then on commit removes the staging folder and releases the lock. */
  private commitCleansUp = false;
  private aborting: Promise<void> | undefined;

  constructor(private readonly o: Opened) {
    this.recorded = new Set(Object.keys(o.existing));
  }

  add(exp: EnvExport): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.state !== 'open') return Promise.reject(new Error(`add: the export into ${this.o.outDir} was already committed or aborted`));
    let folders: string[];
    try {
      folders = this.planner.plan(exp);
    } catch (error) {
      this.failure = { error };
      return Promise.reject(error);
    }
    const staging = this.queue.then(() => this.stage(exp, folders));
    this.queue = staging.catch(() => undefined);
    return staging;
  }

  private async stage(exp: EnvExport, folders: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure.error;
    if (this.state === 'closed') throw new Error(`add: the export into ${this.o.outDir} was aborted`);
    const { outDir, fs, tmp, warnings } = this.o;
    try {
      for (const folder of folders) {
        const staged = path.join(tmp, 'new', String(this.swaps.length));
        const kept = await stageFolder(fs, outDir, folder, staged, exp, this.recorded);
        if (kept.length > 0) warnings.push(`kept ${kept.length} file${kept.length === 1 ? '' : 's'} in ${path.join(outDir, folder)} that alloy-stack did not write: ${kept.join(', ')}`);
        this.swaps.push({ folder, staged });
        for (const rel of recordedUnder(this.recorded, folder)) if (!exp.files.has(rel)) this.removed.push(rel);
      }
      this.staged.push({ envFile: exp.envFile, folders, files: [...exp.files.keys()] });
    } catch (error) {
      this.failure ??= { error };
      throw error;
    }
  }

  commit(): Promise<WriteResult> {
    if (this.failure) return Promise.reject(this.refusal(this.failure.error));
    if (this.state !== 'open') return Promise.reject(new Error(`commit: the export into ${this.o.outDir} was already committed or aborted`));
    this.state = 'committing';
    const run = this.swapAll();
    this.committing = run.catch(() => undefined);
    return run;
  }

  private async swapAll(): Promise<WriteResult> {
    await this.queue;
    if (this.state === 'closed') throw new Error(`commit: the export into ${this.o.outDir} was aborted`);
    if (this.failure) throw this.refusal(this.failure.error);
    this.commitCleansUp = true;
    const { outDir, fs, tmp, existing, warnings } = this.o;
    const removed = this.removed;
    let committed = false;
    let keepTmp = false; // when a swap could not be undone, the previous folders are only in tmp
    try {
      const manifest = mergeAll(existing, this.staged);
      const stagedManifest = path.join(tmp, manifestName);
      await io(`write ${stagedManifest}`, () => fs.writeFile(stagedManifest, manifestJson(manifest)));
      try {
        await swapIn(fs, outDir, tmp, this.swaps, stagedManifest);
      } catch (error) {
        keepTmp = error instanceof SwapUndoError;
        throw error;
      }
      committed = true;
      // Files an environment owned outside its folders now (it was renamed, or dropped a folder).
      const inFolders = (rel: string) => this.staged.some((s) => s.folders.some((f) => rel.startsWith(`${f}/`)));
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
      this.state = 'closed';
      try {
        if (!keepTmp) await fs.rm(tmp, { recursive: true, force: true });
      } catch (error) {
        // After a commit the output is complete; before it, the error being thrown matters more.
        if (committed) warnings.push(`could not remove the temporary folder ${tmp}: ${(error as Error).message}`);
      }
      await this.o.release();
    }
    return { warnings, removed: removed.sort(compareUtf8) };
  }

  private refusal(error: unknown): Error {
    return withCause(new UserError(`could not commit ${this.o.outDir}: an earlier add failed, so nothing was swapped in (${(error as Error).message})`), error);
  }

  abort(): Promise<void> {
    this.aborting ??= this.discard();
    return this.aborting;
  }

  private async discard(): Promise<void> {
    this.state = 'closed'; // no add or commit starts from now on
    await this.committing;
    if (this.commitCleansUp) return; // and it may have kept the staging folder: it holds the previous folders
    await this.queue; // no staging write may race the removal of the staging folder
    await this.o.fs.rm(this.o.tmp, { recursive: true, force: true }).catch(() => undefined);
    await this.o.release().catch(() => undefined);
  }
}

// The recorded files under each folder prefix, indexed once per set: scanning every recorded file for each
// folder was quadratic when a fleet is exported again into its own output.
const indexes = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();
function recordedUnder(recorded: ReadonlySet<string>, folder: string): readonly string[] {
  let index = indexes.get(recorded);
  if (!index) {
    index = new Map();
    for (const rel of recorded) {
      for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) {
        const prefix = rel.slice(0, i);
        const list = index.get(prefix);
        if (list) list.push(rel);
        else index.set(prefix, [rel]);
      }
    }
    indexes.set(recorded, index);
  }
  return index.get(folder) ?? [];
}
const recordsUnder = (recorded: ReadonlySet<string>, folder: string) => recordedUnder(recorded, folder).length > 0;

/**
 * mergeManifest applied for each export in turn, in one pass: an entry goes when a later export owns it
 * (same environment file, or a path in one of its folders), as mergeManifest decides.
 */
function mergeAll(existing: Readonly<Record<string, string>>, staged: readonly Staged[]): Record<string, string> {
  const folderOf = new Map<string, number>(); // folder -> index of the last export owning it
  staged.forEach(({ folders }, i) => folders.forEach((f) => folderOf.set(f, i)));
  const fileOf = new Map<string, number>();
  staged.forEach(({ envFile }, i) => fileOf.set(envFile, i));
  const ownedLater = (rel: string, file: string, after: number) => {
    if ((fileOf.get(file) ?? -1) > after) return true;
    for (let i = rel.indexOf('/'); i !== -1; i = rel.indexOf('/', i + 1)) if ((folderOf.get(rel.slice(0, i)) ?? -1) > after) return true;
    return false;
  };
  const merged: Record<string, string> = {};
  for (const [rel, file] of Object.entries(existing)) if (!ownedLater(rel, file, -1)) merged[rel] = file;
  staged.forEach(({ envFile, files }, i) => {
    for (const rel of files) if (!ownedLater(rel, envFile, i)) merged[rel] = envFile;
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
  // One write after another: the file operations are synchronous underneath (fs.ts says why), and
  // a failure then never races the clean-up of the folder.
  for (const [rel, text] of exp.files) {
    if (rel.startsWith(`${folder}/`)) await io(`write ${rel}`, () => fs.writeFile(path.join(staged, ...rel.slice(folder.length + 1).split('/')), text));
  }
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

/** Every file under dir (relative path with `/` to text), sorted; for `--check`. Lock and temporary folders are skipped. */
export async function readTree(dir: string, fs: Fs = localFs): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = (await listTree(fs, dir, dir)).filter((e) => !ours(e.rel.split('/')[0]!));
  for (const e of entries) {
    if (e.kind === 'dir') continue;
    files.set(e.rel, await io(`read ${e.rel}`, () => fs.readFile(path.join(dir, ...e.rel.split('/')), 'utf8')));
  }
  return new Map([...files].sort(([a], [b]) => compareUtf8(a, b)));
}
