// The export behind scripts/export.ts: renders each environment (validation and checks first) and
// stages its files, then swaps them all in atomically, or with --check compares them with what is on disk and
// exits 1 with a diff when it is stale. All or nothing: one failing environment writes none.
import { existsSync } from 'node:fs';
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { isUserError, UserError } from '../errors.ts';
import { manifestJson, mergeManifest, parseManifest } from '../export/layout.ts';
import { builtinMetricComponentNames, joinedMetricComponents } from '../config/metric-components.ts';
import { unusedAllowLists } from '../pipelines/allow-lists.ts';
import * as library from '../index.ts';
import { compileEnvironments, type Compiled } from '../fast-start/compiled-environments.ts';
import { outcomeOf, type Additions, type Outcome, type Tanka } from './environment-outcome.ts';
import { loadAllowLists, loadEnvironment, loadPlatformAllowLists, repoRoot, resolveEnvironmentFiles } from './environments.ts';
import { manifestName, openOutput, readTree, type EnvExport, type OutputWriter, type WriteResult } from '../output/writer.ts';
import { loadYamlTexts, saveYamlTexts, yamlTextsToShare } from '../fast-start/yaml-texts.ts';
import { poolSize, startRenderPool, type RenderPool } from './render-pool.ts';

// The entry of the render workers (render-pool.ts), which run this module's bundle.
export { serveRenders } from './render-worker.ts';

export interface ExportOptions {
  /** Environment files or folders of them, as given. */
  paths: readonly string[];
  /** The output folder. */
  out: string;
  /** Compare with the output folder instead of writing it. */
  check: boolean;
  /** Also write Tanka environments. */
  tanka: boolean;
  /** The command's arguments less --check, for the message that says how to refresh stale output. */
  rerun: string;
  /** How the command is called in that message; default `tsx scripts/export.ts`. */
  command?: string;
  /** Also write a kustomization.yaml per environment folder (lib/export/kustomize.ts). */
  kustomize?: boolean;
  /** With kustomize: Argo CD sync waves on setup/ objects and what needs them. */
  syncWaves?: boolean;
  /** The installed package's version, for a label on every object (lib/export/version-label.ts). */
  packageVersion?: string;
  /** A platform repository's allow-lists/ folder, over the package's defaults (loadPlatformAllowLists). */
  allowLists?: string;
  /** Where compiled environment files are kept; default node_modules/.cache/alloy-stack/environments here. */
  cache?: string;
}

/** What the export keeps of one rendered environment once its files are handed on. */
interface Summary {
  envFile: string;
  envName: string;
  /** Rendered objects (files without Tanka's). */
  objects: number;
}

/** Receives each rendered environment's files, in file order: staged for writing, or kept for --check. */
type Sink = (exp: EnvExport) => Promise<void>;

// Loading an environment file waits on tsx's loader thread; the next ones load while one renders (32 ahead
// waited 0.8 s in all for a fleet of 1000, 8 ahead 1.3 to 1.6 s).
const loadAhead = 32;

async function renderAll(files: readonly string[], tanka: Tanka | undefined, sink: Sink, { cache, allowLists, kustomize, syncWaves, packageVersion }: Omit<ExportOptions, 'paths'>): Promise<{ done: Summary[]; warnings: string[]; workers: number }> {
  // Parsed while the environment files compile, or load on tsx's loader thread.
  const platform = allowLists === undefined ? undefined : loadPlatformAllowLists(allowLists);
  const parsing = platform === undefined ? loadAllowLists() : platform.then((p) => p.lists);
  parsing.catch(() => {}); // awaited below; not unhandled meanwhile
  // A fleet renders in worker threads (render-pool.ts), which get ready while the files compile.
  const workers = poolSize(files.length);
  const pool = workers > 0 ? startRenderPool(workers) : undefined;
  const compiled = compileEnvironments(files, {
    cache: cache ?? path.join(repoRoot, 'node_modules', '.cache', 'alloy-stack', 'environments'),
    libraryFile: libraryFile(),
    library,
  });
  const done: Summary[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  const duplicates: string[] = [];
  const names = new Map<string, string>();
  const apps = new Set<string>([...builtinMetricComponentNames, ...joinedMetricComponents]);
  const additions: Additions = { kustomize: kustomize ? { syncWaves: syncWaves ?? false } : undefined, version: packageVersion };
  try {
    const outcomes = pool === undefined ? renderHere(files, await compiled, parsing, tanka, additions) : renderPooled(pool, files, await compiled, parsing, tanka, additions);
    for await (const outcome of outcomes) {
      if ('problems' in outcome) {
        problems.push(...outcome.problems);
        continue;
      }
      const { exp } = outcome;
      warnings.push(...outcome.warnings);
      // Files in folders are among the siblings below (folders list .ts files only).
      if (outcome.file.endsWith('.ts')) for (const app of outcome.apps) apps.add(app);
      const other = names.get(exp.envName);
      if (other !== undefined) {
        duplicates.push(`${exp.envFile}: name "${exp.envName}" is already used by ${other}; each environment needs its own folder`);
        continue;
      }
      names.set(exp.envName, exp.envFile);
      done.push({ envFile: exp.envFile, envName: exp.envName, objects: outcome.objects });
      // After a problem nothing will be written; rendering goes on to report every problem at once. A folder
      // that cannot be written is not a problem of this environment: it stops the export.
      if (problems.length === 0 && duplicates.length === 0) await sink(exp);
    }
  } finally {
    await pool?.stop();
  }
  problems.push(...duplicates);
  // An allow-list must name a component some environment scrapes; every environment beside the
  // exported ones counts, so exporting one cluster does not flag another cluster's app. Those are
  // loaded only when the exported ones leave an allow-list unused: loading them all cost an import each.
  const lists = platform === undefined ? Object.keys(await parsing).map((n) => `${n}.yaml`) : (await platform).own;
  if (unusedAllowLists(lists, [...apps]).length > 0) {
    const siblings = await resolveEnvironmentFiles([...new Set(files.map((f) => path.dirname(f)))]);
    const siblingApps = new Set<string>();
    for (const file of siblings) {
      const spec = (await loadEnvironment(file)) as { metrics?: { apps?: { name?: unknown }[] } };
      for (const app of spec.metrics?.apps ?? []) if (typeof app.name === 'string') siblingApps.add(app.name);
    }
    problems.push(...unusedAllowLists(lists, [...builtinMetricComponentNames, ...joinedMetricComponents, ...siblingApps]));
  }
  if (problems.length > 0) throw new UserError(problems);
  return { done, warnings, workers };
}

/** Renders each file in order while the next ones load (those not compiled ahead). */
async function* renderHere(
  files: readonly string[],
  compiled: ReadonlyMap<string, Compiled>,
  parsing: Promise<Record<string, string[]>>,
  tanka: Tanka | undefined,
  additions: Additions,
): AsyncGenerator<Outcome> {
  const loads = files.map(() => undefined as Promise<Loaded> | undefined);
  const startLoad = (i: number) => {
    if (i >= files.length) return;
    loads[i] = loadOne(files[i]!, compiled.get(path.resolve(files[i]!))?.load);
  };
  for (let i = 0; i < loadAhead; i++) startLoad(i);
  const allowLists = await parsing;
  for (const [i, file] of files.entries()) {
    const loaded = await loads[i]!;
    loads[i] = undefined;
    startLoad(i + loadAhead);
    yield outcomeOf(file, loaded, allowLists, tanka, additions);
  }
}

/** Renders in worker threads (render-pool.ts); files that did not compile ahead load and render here. */
async function* renderPooled(
  pool: RenderPool,
  files: readonly string[],
  compiled: ReadonlyMap<string, Compiled>,
  parsing: Promise<Record<string, string[]>>,
  tanka: Tanka | undefined,
  additions: Additions,
): AsyncGenerator<Outcome> {
  const allowLists = await parsing;
  const codes = files.map((f) => compiled.get(path.resolve(f))?.code);
  const setup = { allowLists, tanka: tanka !== undefined, additions, yamlTexts: yamlTextsToShare() };
  yield* pool.render(files, codes, setup, async (i) => outcomeOf(files[i]!, await loadOne(files[i]!), allowLists, tanka, additions));
}

const loadOne = (file: string, compiled?: () => unknown): Promise<Loaded> => loadEnvironment(file, compiled).then((spec) => ({ spec }), (error: unknown) => ({ error }));

// lib/index.ts, or in the package its compiled lib/index.js beside this file's.
function libraryFile(): string {
  const ts = path.join(repoRoot, 'lib', 'index.ts');
  return existsSync(ts) ? ts : path.join(repoRoot, 'lib', 'index.js');
}

type Loaded = { spec: unknown } | { error: unknown };

async function check(outDir: string, exports: readonly EnvExport[], rerun: string, command: string): Promise<boolean> {
  const { diffTrees } = await import('../export/check.ts');
  const onDisk = await readTree(outDir).catch(() => new Map<string, string>());
  let manifest = onDisk.has(manifestName) ? parseManifest(onDisk.get(manifestName)!, path.join(outDir, manifestName)) : {};
  const expected = new Map<string, string>();
  const actual = new Map<string, string | undefined>();
  for (const exp of exports) {
    const folders = exp.folders ?? [exp.envName];
    const entries = Object.fromEntries([...exp.files.keys()].map((file) => [file, exp.envFile]));
    manifest = mergeManifest(manifest, exp.envFile, folders, entries);
    for (const [file, text] of exp.files) expected.set(file, text);
    for (const [file, text] of onDisk) if (folders.some((f) => file.startsWith(`${f}/`))) actual.set(file, text);
  }
  expected.set(manifestName, manifestJson(manifest));
  actual.set(manifestName, onDisk.get(manifestName));
  const diff = diffTrees(expected, actual);
  if (diff.stale) process.stdout.write(`${diff.report}\n${outDir} is stale: run ${command} ${rerun}\n`);
  else console.log(`${outDir} is up to date (${expected.size} files)`);
  return !diff.stale;
}

/**
 * Exports (or with `check`, compares) the environments; the exit code: 0 done (or up to date), 1 a problem
 * of the input or stale output, printed as a message, 2 a bug, printed with its stack.
 */
export function exportCommand(values: ExportOptions): Promise<number> {
  return exportAll(values).catch((error: unknown) => {
    // A message for a person needs no stack; anything else is a bug and keeps it.
    if (isUserError(error)) {
      console.error(error.message);
      return 1;
    }
    console.error(error);
    return 2;
  });
}

async function exportAll(values: ExportOptions): Promise<number> {
  const files = await resolveEnvironmentFiles(values.paths);
  const tanka = values.tanka ? await import('../export/tanka.ts') : undefined;
  const yamlTexts = loadYamlTexts();
  if (values.check) {
    const exports: EnvExport[] = [];
    const { warnings } = await renderAll(files, tanka, async (exp) => void exports.push(exp), values);
    saveYamlTexts(yamlTexts);
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    return (await check(values.out, exports, values.rerun, values.command ?? 'tsx scripts/export.ts')) ? 0 : 1;
  }
  const output = stagedOutput(values.out);
  try {
    const { done, warnings, workers } = await renderAll(files, tanka, output.add, values);
    for (const warning of warnings) console.warn(`warning: ${warning}`);
    const result = await output.commit();
    saveYamlTexts(yamlTexts);
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    for (const { envFile, envName, objects } of done) console.log(`${envFile} -> ${path.join(values.out, envName)}/ (${objects} objects)`);
    if (workers > 0) console.log(`${done.length} environments rendered by ${workers} worker threads`);
    return 0;
  } catch (error) {
    await output.abort();
    throw error;
  }
}

/**
 * Each environment's files go to the output's staging folder as soon as it is rendered, written while the
 * next one renders (one add in flight), so a fleet's files are never all in memory; commit swaps them in.
 * The folder is opened (locked, checked) at the first environment, and left as it was on abort.
 */
function stagedOutput(outDir: string) {
  const created = !existsSync(outDir);
  let writer: Promise<OutputWriter> | undefined;
  let writing: Promise<void> = Promise.resolve();
  return {
    add: async (exp: EnvExport) => {
      await writing;
      writer ??= openOutput(outDir);
      writing = writer.then((w) => w.add(exp));
      writing.catch(() => {}); // awaited by the next add or by commit; not unhandled meanwhile
    },
    commit: async (): Promise<WriteResult> => {
      await writing;
      return (await (writer ??= openOutput(outDir))).commit();
    },
    abort: async () => {
      const opened = await writer?.catch(() => undefined);
      await opened?.abort();
      if (created) await rmdir(outDir).catch(() => {}); // only if still empty
    },
  };
}
