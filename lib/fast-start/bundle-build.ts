// Builds the bundle bundle.ts runs, or finds it already built: one CommonJS script per set of
// inputs, in node_modules/.cache/alloy-stack/<content hash>/bundle.cjs.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { replaceFile } from './replace-file.ts';

export interface BuildOptions {
  /** The project's folder; entries are relative to it. */
  root: string;
  /** The module the bundle is built from (its exports are the launcher's to call). */
  entry: string;
  /** Modules bundled with it whose namespaces the bundle exports too (lib/index.ts). */
  shared: readonly string[];
  /** Where bundles are kept. */
  cache: string;
}

export interface Bundle {
  /** The bundle's script; its exports are `load` (evaluates the entry, returns its exports) and `shared<i>` (shared[i]'s namespace). */
  file: string;
  /** Whether it was built by this call. */
  built: boolean;
}

interface Built {
  /** Content hash of every input; names the bundle's folder. */
  key: string;
  /** Hash of every input's size and modification time: when it matches, reading the inputs is skipped. */
  stamp?: string;
  /** Inputs relative to the repository, as esbuild's metafile lists them. */
  inputs: string[];
}

export const bundleName = 'bundle.cjs';
const keep = 3; // bundles kept, so a process still running an older one keeps its files
const builder = fileURLToPath(import.meta.url);
// In the bundle, host.ts is the launcher's (bundle.ts says why).
const hostFile = path.join(path.dirname(builder), 'host.ts');

/** The bundle of the current inputs, built when none is. Throws when esbuild cannot build it. */
export async function freshBundle(options: BuildOptions): Promise<Bundle> {
  const { root, cache } = options;
  const entries = [options.entry, ...options.shared];
  // One record per project folder and entries: two checkouts sharing node_modules do not rebuild each other's.
  const current = path.join(cache, `${createHash('sha256').update(JSON.stringify([root, entries])).digest('hex').slice(0, 16)}.json`);
  let built = readBuilt(current);
  let fresh = built !== undefined && isFile(path.join(cache, built.key, bundleName));
  const stamp = fresh ? statStamp(root, built!.inputs) : undefined;
  if (fresh && stamp !== built!.stamp) {
    // Touched, perhaps not changed (a checkout, a save without edits): the content decides. Stamped
    // before reading, so an edit meanwhile changes the stamp again.
    fresh = contentKey(root, entries, built!.inputs) === built!.key;
    if (fresh) {
      try {
        writeBuilt(current, { ...built!, stamp });
      } catch {
        // A read-only cache still serves its bundle; the contents are read again next time.
      }
    }
  }
  if (!fresh) built = await build(options, current);
  return { file: path.join(cache, built!.key, bundleName), built: !fresh };
}

function readBuilt(file: string): Built | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Built;
  } catch {
    return undefined;
  }
}

const isFile = (file: string) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;

function writeBuilt(file: string, built: Built): void {
  replaceFile(file, `${JSON.stringify(built, null, 2)}\n`);
}

// Stats of ~250 files cost about a millisecond; reading and hashing them, about twenty.
function statStamp(root: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const input of [builder, ...inputs]) {
    const stat = statSync(path.resolve(root, input), { throwIfNoEntry: false });
    hash.update(`${input}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

// Node's version too, as the bundle targets the running Node; and this file, which decides what is built.
function contentKey(root: string, entries: readonly string[], inputs: readonly string[]): string {
  const hash = createHash('sha256').update(`${process.version}\0${entries.join('\0')}\0\0`);
  for (const input of [builder, ...inputs]) {
    hash.update(`${input}\0`);
    try {
      hash.update(readFileSync(path.resolve(root, input)));
    } catch {
      hash.update('\0missing');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

// The bundle's own entry: the shared namespaces are exported before the entry runs, so that files the entry
// loads find them; `require` evaluates the entry only when the launcher calls load().
function entrySource(options: BuildOptions): string {
  const spec = (rel: string) => JSON.stringify(`./${rel.split(path.sep).join('/')}`);
  return [
    ...options.shared.map((rel, i) => `export * as shared${i} from ${spec(rel)};`),
    `export const load = () => require(${spec(options.entry)});`,
  ].join('\n');
}

async function build(options: BuildOptions, current: string): Promise<Built> {
  const { root, cache } = options;
  const esbuild = await import('esbuild');
  const staging = path.join(cache, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      stdin: { contents: entrySource(options), resolveDir: root, sourcefile: '<bundle entry>', loader: 'ts' },
      outfile: path.join(staging, bundleName),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node}`,
      charset: 'ascii', // the launcher reads it as latin1
      metafile: true,
      logLevel: 'silent',
      external: ['esbuild'], // a native binary beside its package: required from there
      plugins: [launcherHost, importMetaUrlOfSource],
    });
    // A dependency reading import.meta would get an empty object in a script: run the sources instead.
    const emptyMeta = result.warnings.find((w) => w.id === 'empty-import-meta');
    if (emptyMeta) throw new Error(`${emptyMeta.location?.file}: ${emptyMeta.text}`);
    const inputs = Object.keys(result.metafile.inputs).filter((i) => !i.includes(':') && !i.startsWith('<')).sort();
    const built: Built = { key: contentKey(root, [options.entry, ...options.shared], inputs), stamp: statStamp(root, inputs), inputs };
    const dir = path.join(cache, built.key);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another export built the same inputs a moment ago: its bundle is this one.
      if (!isFile(path.join(dir, bundleName))) throw error;
    }
    writeBuilt(current, built);
    prune(cache, built.key);
    return built;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// import.meta.url in a bundle is the bundle's; code that finds files next to itself needs its source's.
const importMetaUrlOfSource: Plugin = {
  name: 'import-meta-url-of-source',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

// `__alloyStackHost` is a parameter of the function the launcher wraps the bundle in.
const launcherHost: Plugin = {
  name: 'launcher-host',
  setup(b) {
    b.onLoad({ filter: /host\.ts$/ }, (args) => {
      if (path.resolve(args.path) !== hostFile) return undefined;
      return {
        contents: [
          'declare const __alloyStackHost: { loadModule(url: string): Promise<unknown>; codeCacheDir: string; bundleFile: string };',
          'export const loadModule = (url: string): Promise<unknown> => __alloyStackHost.loadModule(url);',
          'export const codeCacheDir = (): string | undefined => __alloyStackHost.codeCacheDir;',
          'export const bundleFile = (): string | undefined => __alloyStackHost.bundleFile;',
        ].join('\n'),
        loader: 'ts',
      };
    });
  },
};

function prune(cache: string, current: string): void {
  const bundles = readdirSync(cache, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[0-9a-f]{16}$/.test(e.name) && e.name !== current)
    .map((e) => ({ name: e.name, mtime: statSync(path.join(cache, e.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of bundles.slice(keep - 1)) rmSync(path.join(cache, old.name), { recursive: true, force: true });
}
