// Environment files compiled ahead by esbuild to CommonJS scripts, cached, and run in this thread. Why:
// importing a file through tsx costs a round trip to its loader thread, and this thread's share of that
// (messages, module records, linking) was about 0.8 ms a file, most of a second in a fleet of 1000, beside
// 2 ms a file on the loader thread. Measured with ALLOY_STACK_NO_COMPILED_ENVIRONMENTS=1 (wall, min / median,
// with against without): a fleet of 1000 3.88 / 4.26 s against 4.51 / 4.86 s (5 pairs, ratio median 0.86,
// cpu 0.77); one environment 0.44 / 0.51 s against 0.47 / 0.49 s (11 pairs, ratio 0.94). Each file is bundled with the local files it imports; the library
// (lib/index.ts) stays outside and is this process's copy, as an import would give. A file that imports a
// package, reads import.meta (a script has none), uses top-level await or does not compile is imported as
// before (tsx then reports its errors).
//
// The cache is keyed by the content of each file and what it bundles, and by this compiler: a record
// whose inputs changed is compiled again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { replaceFile } from './replace-file.ts';
import { isOff } from './switches.ts';

/** The library's import inside compiled code. */
const libraryId = 'alloy-stack:library';

interface Record {
  /** Hash of the compiler and of every input's content. */
  key: string;
  /** The file and the local files bundled into it, absolute. */
  inputs: string[];
  /** The script, or null where the file must be imported (it imports a package). */
  code: string | null;
}

export interface CompileOptions {
  /** Where records are kept. */
  cache: string;
  /** lib/index.ts, absolute: imports of it are left to `library`. */
  libraryFile: string;
  /** What imports of lib/index.ts get. */
  library: object;
}

/** Loads one compiled environment file: its module's exports. */
export type Loader = () => unknown;

/** One compiled environment file: its script, which a render worker runs with its own copy of the library, and its loader here. */
export interface Compiled {
  code: string;
  load: Loader;
}

/**
 * A loader for each file that compiles to a script, from the cache or compiled now (one esbuild run for all
 * that changed). Files missing from the map are imported as before. Never throws: a cache that cannot be
 * read or written, or an esbuild that fails, leaves files to the import.
 */
export async function compileEnvironments(files: readonly string[], options: CompileOptions): Promise<Map<string, Compiled>> {
  const loaders = new Map<string, Compiled>();
  if (isOff('COMPILED_ENVIRONMENTS')) return loaders;
  const compiler = compilerKey();
  const digests = new Map<string, string>(); // files many import (a shared base) are read once
  const stale: string[] = [];
  for (const file of files.map((f) => path.resolve(f))) {
    const record = readRecord(options.cache, file);
    if (record !== undefined && record.key === contentKey(compiler, record.inputs, digests)) addLoader(loaders, file, record, options);
    else stale.push(file);
  }
  if (stale.length === 0) return loaders;
  for (const [file, record] of await compileEach(stale, compiler, options.libraryFile)) {
    addLoader(loaders, file, record, options);
    writeRecord(options.cache, file, record);
  }
  prune(options.cache);
  return loaders;
}

function addLoader(loaders: Map<string, Compiled>, file: string, record: Record, options: CompileOptions): void {
  const code = record.code;
  if (code === null) return;
  loaders.set(file, { code, load: compiledLoader(file, code, options.library) });
}

/** Runs a compiled file's script, whose one import, of lib/index.ts, gets `library`. */
export function compiledLoader(file: string, code: string, library: object): Loader {
  return () => {
    // The parameters of a CommonJS module, less __filename and __dirname, which an ES module has not either.
    const run = vm.compileFunction(code, ['exports', 'require', 'module'], { filename: file });
    const module = { exports: {} as unknown };
    const require = (id: string) => {
      if (id === libraryId) return library;
      throw new Error(`${file}: cannot load ${id} here`); // compile() left no other import
    };
    run(module.exports, require, module);
    return module.exports;
  };
}

const recordFile = (cache: string, file: string) => path.join(cache, `${createHash('sha256').update(file).digest('hex').slice(0, 24)}.json`);

function readRecord(cache: string, file: string): Record | undefined {
  try {
    return JSON.parse(readFileSync(recordFile(cache, file), 'utf8')) as Record;
  } catch {
    return undefined;
  }
}

function writeRecord(cache: string, file: string, record: Record): void {
  try {
    mkdirSync(cache, { recursive: true });
    replaceFile(recordFile(cache, file), JSON.stringify(record));
  } catch {
    // A read-only cache: compiled again next time.
  }
}

// Records of files long gone (a benchmark's fleets, renamed environments) would pile up: past the limit,
// the oldest half goes. One still in use is compiled again once.
const recordsLimit = 20_000;
function prune(cache: string): void {
  try {
    const names = readdirSync(cache).filter((n) => n.endsWith('.json'));
    if (names.length <= recordsLimit) return;
    const byAge = names.map((n) => ({ file: path.join(cache, n), mtime: statSync(path.join(cache, n)).mtimeMs })).sort((a, b) => a.mtime - b.mtime);
    for (const { file } of byAge.slice(0, names.length - recordsLimit / 2)) rmSync(file, { force: true });
  } catch {
    // Another export pruning at the same time, or a read-only cache.
  }
}

// This file's own source (the bundle keeps the source's URL), esbuild's and Node's versions.
let compilerKeyMemo: string | undefined;
function compilerKey(): string {
  compilerKeyMemo ??= createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(`\0${process.version}\0${esbuildVersion()}`)
    .digest('hex');
  return compilerKeyMemo;
}

// Its package.json, not the package: loading esbuild costs every export that compiles nothing.
function esbuildVersion(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve('esbuild/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function contentKey(compiler: string, inputs: readonly string[], digests = new Map<string, string>()): string {
  const hash = createHash('sha256').update(compiler);
  for (const input of inputs) hash.update(`\0${input}\0${digestOf(input, digests)}`);
  return hash.digest('hex');
}

function digestOf(file: string, digests: Map<string, string>): string {
  let digest = digests.get(file);
  if (digest === undefined) {
    try {
      digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    } catch {
      digest = 'missing';
    }
    digests.set(file, digest);
  }
  return digest;
}

type Plugin = import('esbuild').Plugin;
type Message = import('esbuild').Message;

// One esbuild run for all. When it fails (a syntax error, top-level await), once more without the files its
// errors name, so that one broken file does not send a fleet back to the import; those are not recorded.
async function compileEach(files: readonly string[], compiler: string, libraryFile: string): Promise<Map<string, Record>> {
  try {
    return await compile(files, compiler, libraryFile);
  } catch (error) {
    const named = new Set(((error as { errors?: Message[] }).errors ?? []).map((m) => m.location?.file).filter((f) => f !== undefined).map((f) => path.resolve('/', f)));
    const rest = files.filter((f) => !named.has(f));
    if (named.size === 0 || rest.length === 0 || rest.length === files.length) return new Map();
    return compile(rest, compiler, libraryFile).catch(() => new Map());
  }
}

async function compile(files: readonly string[], compiler: string, libraryFile: string): Promise<Map<string, Record>> {
  // required, not imported: in the export's bundle, a script, there is no import().
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const root = path.parse(files[0]!).root;
  const result = await esbuild.build({
    entryPoints: [...files],
    absWorkingDir: root,
    outdir: path.join(root, 'out'), // nothing is written: names only
    outbase: root,
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: `node${process.versions.node}`,
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
    plugins: [library(libraryFile)], // plugins that read every file would cost more than the compiling
  });
  const texts = new Map(result.outputFiles.map((o) => [o.path, o.text]));
  // import.meta would be an empty object in a script.
  const emptyMeta = new Set(result.warnings.filter((w) => w.id === 'empty-import-meta' && w.location).map((w) => path.resolve(root, w.location!.file)));
  const records = new Map<string, Record>();
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint === undefined) continue;
    const file = path.resolve(root, meta.entryPoint);
    const inputs = [file, ...Object.keys(meta.inputs).map((i) => path.resolve(root, i)).filter((i) => i !== file)];
    const imports = meta.imports.filter((i) => i.external && i.path !== libraryId);
    const code = imports.length === 0 && !inputs.some((i) => emptyMeta.has(i)) ? texts.get(path.resolve(root, out)) ?? null : null;
    records.set(file, { key: contentKey(compiler, inputs), inputs, code });
  }
  return records;
}

function library(libraryFile: string): Plugin {
  return {
    name: 'alloy-stack-library',
    setup(b) {
      b.onResolve({ filter: /index\.ts$/ }, (args) => {
        if (args.kind === 'entry-point' || path.resolve(args.resolveDir, args.path) !== libraryFile) return undefined;
        return { path: libraryId, external: true };
      });
    },
  };
}
