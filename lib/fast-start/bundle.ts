// Runs a command's function from one bundle of its module and all it imports, built with esbuild and cached in
// node_modules/.cache/alloy-stack/ (bundle-build.ts). Why: tsx loads each module through its loader
// thread, about 3 ms a module, and the export CLI reaches some 170 (lib/ and the yaml package's): loading cost
// more than rendering. The cache is keyed by the content of every input, so a bundle never runs stale code:
// any change to lib/, scripts/ or a dependency rebuilds it (once, ~0.2 s). ALLOY_STACK_NO_BUNDLE=1 runs the
// sources through tsx instead, for a debugger or a stack trace with the original lines. Measured (export of
// environments/prod, 11 pairs; fleet of 1000, 5 pairs; wall, min / median of with / without): one environment
// 0.37 / 0.44 s against 0.65 / 0.88 s (ratio median 0.55), the fleet 3.70 / 4.05 s against 4.22 / 4.26 s
// (ratio median 0.92).
//
// The bundle is a script (CommonJS), not an ES module, because only a script can use V8's code cache on
// Node 20: the first run saves the compiled code of every function it ran beside the bundle, and later runs
// skip compiling it. Measured as above with ALLOY_STACK_NO_V8_CACHE=1: one environment 0.47 / 0.49 s
// against 0.49 / 0.56 s (ratio median 0.90), the fleet 3.68 / 3.92 s against 3.87 / 4.23 s (ratio 0.99). A script has no import(): files outside
// the bundle load through host.ts, which in the bundle is the launcher's import(). An entry
// cannot use top-level await either; one that does runs from the sources.
//
// Environment files import lib/index.ts themselves. A loader hook hands them the bundle's copy of it, so a
// process holds one copy of the library (one patch marker symbol, one UserError class), as without a bundle.
import { readFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { freshBundle } from './bundle-build.ts';
import { codeFileOf, wrapperHead, wrapperTail } from './bundle-script.ts';
import { replaceFile } from './replace-file.ts';
import { isOff } from './switches.ts';

export interface BundleOptions {
  /** The project's folder; entries are relative to it. */
  root: string;
  /** The module whose function runs. */
  entry: string;
  /** The name of that function, exported by `entry`; it is called with `args`. */
  run: string;
  args?: readonly unknown[];
  /** Modules bundled with it whose imports from outside the bundle get the bundle's copy (lib/index.ts). */
  shared: readonly string[];
  /** Default: node_modules/.cache/alloy-stack under root. */
  cache?: string;
}

export interface Ran {
  /** Whether the bundle ran (else the sources). */
  bundled: boolean;
  /** Whether the bundle was built by this run. */
  built: boolean;
  /** Whether V8 took the saved code of an earlier run. */
  cachedCode: boolean;
  /** What the function returned (awaited). */
  result: unknown;
}

/**
 * Calls `run` of `entry` from its bundle, building the bundle first when any input changed. When it cannot be built
 * (a syntax error esbuild reports, a cache folder that cannot be written), the sources run instead: the
 * same program, with tsx's own error for a broken file.
 */
export async function runBundled(options: BundleOptions): Promise<Ran> {
  const { root, entry, shared, run, args = [] } = options;
  const call = async (module: Record<string, unknown>) => {
    const command = module[run];
    if (typeof command !== 'function') throw new Error(`${entry} exports no function ${run}`);
    return (await (command as (...a: readonly unknown[]) => unknown)(...args)) as unknown;
  };
  const fromSources = async () => {
    const module = (await import(pathToFileURL(path.join(root, entry)).href)) as Record<string, unknown>;
    return { bundled: false, built: false, cachedCode: false, result: await call(module) };
  };
  if (isOff('BUNDLE')) return fromSources();
  let bundle;
  try {
    bundle = await freshBundle({ root, entry, shared, cache: options.cache ?? path.join(root, 'node_modules', '.cache', 'alloy-stack') });
  } catch {
    return fromSources();
  }
  const { exports, cachedCode } = evaluate(bundle.file);
  const namespaces = new Map(shared.map((rel, i) => [pathToFileURL(path.join(root, rel)).href, exports[`shared${i}`] as object]));
  (globalThis as Record<symbol, unknown>)[sharedKey] = namespaces;
  register(hookUrl, { data: { shared: Object.fromEntries([...namespaces].map(([url, ns]) => [url, Object.keys(ns)])) } });
  const result = await call((exports.load as () => Record<string, unknown>)());
  return { bundled: true, built: bundle.built, cachedCode, result };
}

// The code cache sits beside the bundle. V8 refuses one made by another V8 or with other flags; it is then
// made again, at exit, so that it holds every function this run compiled.
function evaluate(file: string): { exports: Record<string, unknown>; cachedCode: boolean } {
  const codeFile = codeFileOf(file);
  const useCache = !isOff('V8_CACHE');
  let cachedData: Buffer | undefined;
  try {
    if (useCache) cachedData = readFileSync(codeFile);
  } catch {
    // None yet.
  }
  // Node's own CommonJS wrapper, and the launcher's import(); on the first line, so line numbers hold.
  // esbuild writes ASCII only (non-ASCII characters escaped), which latin1 reads without decoding.
  const wrapped = `${wrapperHead}${readFileSync(file, 'latin1')}${wrapperTail}`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const cachedCode = cachedData !== undefined && !script.cachedDataRejected;
  if (!cachedCode && useCache) process.once('exit', () => saveCode(codeFile, script));
  const module = { exports: {} as Record<string, unknown> };
  const host = { loadModule: (url: string) => import(url), codeCacheDir: path.dirname(file), bundleFile: file };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), host);
  return { exports: module.exports, cachedCode };
}

function saveCode(codeFile: string, script: vm.Script): void {
  try {
    replaceFile(codeFile, script.createCachedData());
  } catch {
    // A read-only cache: the next run compiles, as this one did.
  }
}

const sharedKey = Symbol.for('alloy-stack shared modules');

// The loader hook, plain JavaScript: it runs on Node's loader thread, before any TypeScript could. A shared
// module becomes one that re-exports the bundle's namespace, which the launcher left in a global.
const hookSource = `
let shared = new Map();
export function initialize(data) { shared = new Map(Object.entries(data.shared)); }
const suffix = '?alloy-stack-bundled';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  return shared.has(resolved.url) ? { url: resolved.url + suffix, format: 'module', shortCircuit: true } : resolved;
}
export async function load(url, context, next) {
  const names = url.endsWith(suffix) ? shared.get(url.slice(0, -suffix.length)) : undefined;
  if (names === undefined) return next(url, context);
  const source = [
    'const namespace = globalThis[Symbol.for("alloy-stack shared modules")].get(' + JSON.stringify(url.slice(0, -suffix.length)) + ');',
    ...names.map((name, i) => 'const e' + i + ' = namespace[' + JSON.stringify(name) + '];'),
    'export { ' + names.map((name, i) => 'e' + i + ' as ' + JSON.stringify(name)).join(', ') + ' };',
  ].join('\\n');
  return { format: 'module', source, shortCircuit: true };
}
`;
const hookUrl = `data:text/javascript,${encodeURIComponent(hookSource)}`;
