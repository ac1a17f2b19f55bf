// The export command behind scripts/export.ts: renders every environment in memory (validation and checks
// first), keeping only their files, then writes them atomically, or with --check compares them with what is on
// disk and exits 1 with a diff when it is stale. All or nothing: one failing environment writes none.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isUserError, UserError } from '../lib/errors.ts';
import { manifestJson, mergeManifest, parseManifest } from '../lib/export/layout.ts';
import { builtinMetricComponentNames } from '../lib/config/metric-components.ts';
import { unusedAllowLists } from '../lib/pipelines/allow-lists.ts';
import { render, type Rendered } from '../lib/render.ts';
import { displayPath, loadAllowLists, loadEnvironment, resolveEnvironmentFiles } from './environments.ts';
import { manifestName, readTree, writeOutput, type EnvExport } from './output-dir.ts';

const usage = 'usage: tsx scripts/export.ts <environment file or folder>... [--out DIR] [--check] [--tanka]';

// What is kept of one rendered environment: its files, not its objects or config, so a fleet of
// environments fits in memory (about 75 KB each) until the atomic write of all of them.
interface Done {
  exp: EnvExport;
  /** Rendered objects (files without Tanka's). */
  objects: number;
}

async function renderAll(files: readonly string[], tanka: Tanka | undefined): Promise<{ done: Done[]; warnings: string[] }> {
  const allowLists = await loadAllowLists();
  const done: Done[] = [];
  const warnings: string[] = [];
  const problems: string[] = [];
  const apps = new Set<string>(builtinMetricComponentNames);
  for (const file of files) {
    try {
      const r = render({ spec: await loadEnvironment(file), file: displayPath(file), allowLists });
      done.push({ exp: toExport(r, tanka), objects: r.files.size });
      warnings.push(...r.warnings);
      // Files in folders are among the siblings below (folders list .ts files only).
      if (file.endsWith('.ts')) for (const app of r.config.metrics.apps) apps.add(app.name);
    } catch (error) {
      if (!isUserError(error)) throw error;
      problems.push(...error.problems);
    }
  }
  const names = new Map<string, string>();
  for (const { exp } of done) {
    const other = names.get(exp.envName);
    if (other !== undefined) problems.push(`${exp.envFile}: name "${exp.envName}" is already used by ${other}; each environment needs its own folder`);
    names.set(exp.envName, exp.envFile);
  }
  // An allow-list must name a component some environment scrapes; every environment beside the
  // exported ones counts, so exporting one cluster does not flag another cluster's app. Those are
  // loaded only when the exported ones leave an allow-list unused: loading them all cost an import each.
  const lists = Object.keys(allowLists).map((n) => `${n}.yaml`);
  if (unusedAllowLists(lists, [...apps]).length > 0) {
    const siblings = await resolveEnvironmentFiles([...new Set(files.map((f) => path.dirname(f)))]);
    const siblingApps = new Set<string>();
    for (const file of siblings) {
      const spec = (await loadEnvironment(file)) as { metrics?: { apps?: { name?: unknown }[] } };
      for (const app of spec.metrics?.apps ?? []) if (typeof app.name === 'string') siblingApps.add(app.name);
    }
    problems.push(...unusedAllowLists(lists, [...builtinMetricComponentNames, ...siblingApps]));
  }
  if (problems.length > 0) throw new UserError(problems);
  return { done, warnings };
}

// --tanka and --check load their modules only when given (--check's diff library alone is 20 modules).
type Tanka = typeof import('../lib/export/tanka.ts');

function toExport(r: Rendered, tanka: Tanka | undefined): EnvExport {
  if (!tanka) return { envName: r.envName, envFile: r.envFile, files: r.files };
  const { tankaFiles, tankaFolder } = tanka;
  const extra = tankaFiles({
    envName: r.envName, envFile: r.envFile, namespace: r.config.namespace,
    labels: { cluster: r.config.clusterName }, objects: r.objects,
  });
  return { envName: r.envName, envFile: r.envFile, files: new Map([...r.files, ...extra]), folders: [r.envName, tankaFolder(r.envName)] };
}

async function check(outDir: string, exports: readonly EnvExport[]): Promise<boolean> {
  const { diffTrees } = await import('../lib/export/check.ts');
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
  if (diff.stale) process.stdout.write(`${diff.report}\n${outDir} is stale: run tsx scripts/export.ts ${process.argv.slice(2).filter((a) => a !== '--check').join(' ')}\n`);
  else console.log(`${outDir} is up to date (${expected.size} files)`);
  return !diff.stale;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string', default: 'rendered' }, check: { type: 'boolean', default: false }, tanka: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new UserError(usage);
  const files = await resolveEnvironmentFiles(positionals);
  const { done, warnings } = await renderAll(files, values.tanka ? await import('../lib/export/tanka.ts') : undefined);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  const exports = done.map((d) => d.exp);
  if (values.check) return (await check(values.out, exports)) ? 0 : 1;
  const result = await writeOutput(values.out, exports);
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
  for (const { exp, objects } of done) console.log(`${exp.envFile} -> ${path.join(values.out, exp.envName)}/ (${objects} objects)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A message for a person needs no stack; anything else is a bug and keeps it.
    if (isUserError(error) || (error instanceof TypeError && String(error.message).startsWith('Unknown option'))) {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    }
    console.error(error);
    process.exit(2);
  },
);
