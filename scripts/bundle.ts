// Runs a script from one bundle of it and all it imports, built with esbuild and cached in
// node_modules/.cache/alloy-stack/. Why: tsx loads each module through its loader thread, about 3 ms a
// module, and the export CLI reaches some 170 (lib/ and the yaml package's): loading cost more than
// rendering. The cache is keyed by the content of every input, so a bundle never runs stale code: any
// change to lib/, scripts/ or a dependency rebuilds it (once, ~0.2 s). ALLOY_STACK_NO_BUNDLE=1 runs the
// sources through tsx instead, for a debugger or a stack trace with the original lines.
//
// Environment files import lib/index.ts themselves. A loader hook hands them the bundle's copy of it, so a
// process holds one copy of the library (one patch marker symbol, one UserError class), as without a bundle.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Built {
  /** Content hash of every input; names the bundle's folder. */
  key: string;
  /** Hash of every input's size and modification time: when it matches, reading the inputs is skipped. */
  stamp?: string;
  /** Inputs relative to the repository, as esbuild's metafile lists them. */
  inputs: string[];
  /** Entry point (relative to the repository) -> its output, relative to the bundle's folder. */
  outputs: Record<string, string>;
}

const keep = 3; // bundles kept, so a process still running an older one can load its lazy chunks

export interface BundleOptions {
  /** The project's folder; entries are relative to it. */
  root: string;
  /** The script to run. */
  entry: string;
  /** Entry points bundled with it whose imports from outside the bundle get the bundle's copy (lib/index.ts). */
  shared: readonly string[];
  /** Default: node_modules/.cache/alloy-stack under root. */
  cache?: string;
}

/**
 * Imports `entry` from its bundle, building the bundle first when any input changed. When it cannot be
 * built (a syntax error esbuild reports, a cache folder that cannot be written), the sources run instead:
 * the same program, with tsx's own error for a broken file.
 */
export async function runBundled(options: BundleOptions): Promise<{ bundled: boolean; built: boolean }> {
  const { root, entry } = options;
  const fromSources = async () => {
    await import(pathToFileURL(path.join(root, entry)).href);
    return { bundled: false, built: false };
  };
  if (process.env.ALLOY_STACK_NO_BUNDLE === '1') return fromSources();
  let bundle: Bundle;
  try {
    bundle = await freshBundle(options);
  } catch {
    return fromSources();
  }
  register(hookUrl, { data: bundle.hook });
  await import(bundle.entryUrl);
  return { bundled: true, built: bundle.built };
}

interface Bundle {
  entryUrl: string;
  hook: { redirects: Record<string, string>; prefix: string };
  built: boolean;
}

async function freshBundle(options: BundleOptions): Promise<Bundle> {
  const { root, entry, shared } = options;
  const cache = options.cache ?? path.join(root, 'node_modules', '.cache', 'alloy-stack');
  const entries = [entry, ...shared];
  // One record per project folder and entries: two checkouts sharing node_modules do not rebuild each other's.
  const current = path.join(cache, `${createHash('sha256').update(JSON.stringify([root, entries])).digest('hex').slice(0, 16)}.json`);
  let built = readBuilt(current);
  let fresh = built !== undefined && sameEntries(built, entries) && isDir(path.join(cache, built.key));
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
  if (!fresh) built = await build(root, cache, entries, current);
  const dir = path.join(cache, built!.key);
  const url = (rel: string) => pathToFileURL(path.join(dir, rel)).href;
  const redirects = Object.fromEntries(shared.map((s) => [pathToFileURL(path.join(root, s)).href, url(built!.outputs[s]!)]));
  return { entryUrl: url(built!.outputs[entry]!), hook: { redirects, prefix: `${pathToFileURL(dir).href}/` }, built: !fresh };
}

function readBuilt(file: string): Built | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Built;
  } catch {
    return undefined;
  }
}

const sameEntries = (built: Built, entries: readonly string[]) => entries.every((e) => Object.hasOwn(built.outputs, e));

const isDir = (dir: string) => statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;

function writeBuilt(file: string, built: Built): void {
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(built, null, 2)}\n`);
  renameSync(tmp, file);
}

// Stats of ~250 files cost about a millisecond; reading and hashing them, about twenty.
function statStamp(root: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    const stat = statSync(path.join(root, input), { throwIfNoEntry: false });
    hash.update(`${input}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

// Node's version too: the bundle targets the running Node.
function contentKey(root: string, entries: readonly string[], inputs: readonly string[]): string {
  const hash = createHash('sha256').update(`${process.version}\0${entries.join('\0')}\0\0`);
  for (const input of inputs) {
    hash.update(`${input}\0`);
    try {
      hash.update(readFileSync(path.join(root, input)));
    } catch {
      hash.update('\0missing');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function build(root: string, cache: string, entries: readonly string[], current: string): Promise<Built> {
  const esbuild = await import('esbuild');
  const staging = path.join(cache, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [...entries],
      outdir: staging,
      outbase: root,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      metafile: true,
      logLevel: 'silent',
      // Bundled CommonJS (the yaml package) may require Node's built-ins.
      banner: { js: "import { createRequire as __alloyStackRequire } from 'node:module'; const require = __alloyStackRequire(import.meta.url);" },
      plugins: [importMetaUrlOfSource],
    });
    const inputs = Object.keys(result.metafile.inputs).filter((i) => !i.includes(':')).sort();
    const outputs: Record<string, string> = {};
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      if (meta.entryPoint !== undefined) outputs[meta.entryPoint] = path.relative(staging, path.join(root, out)).split(path.sep).join('/');
    }
    const stamp = statStamp(root, inputs);
    const built: Built = { key: contentKey(root, entries, inputs), stamp, inputs, outputs };
    const dir = path.join(cache, built.key);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another export built the same inputs a moment ago: its bundle is this one.
      if (!isDir(dir)) throw error;
    }
    writeBuilt(current, built);
    prune(cache, built.key);
    return built;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

// import.meta.url in a bundle is the bundle's; code that finds files next to itself needs its source's.
const importMetaUrlOfSource = {
  name: 'import-meta-url-of-source',
  setup(b: { onLoad: (o: { filter: RegExp }, f: (a: { path: string }) => { contents: string; loader: 'ts' } | undefined) => void }) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
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

// The loader hook, plain JavaScript: it runs on Node's loader thread, before any TypeScript could.
const hookSource = `
import { readFile } from 'node:fs/promises';
let redirects = new Map();
let prefix = '';
export function initialize(data) { redirects = new Map(Object.entries(data.redirects)); prefix = data.prefix; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const to = redirects.get(resolved.url);
  return to === undefined ? resolved : { url: to, format: 'module', shortCircuit: true };
}
export async function load(url, context, next) {
  if (!url.startsWith(prefix)) return next(url, context);
  return { format: 'module', source: await readFile(new URL(url)), shortCircuit: true };
}
`;
const hookUrl = `data:text/javascript,${encodeURIComponent(hookSource)}`;
