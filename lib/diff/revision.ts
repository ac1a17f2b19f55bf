// The project as it is at one revision: its library, its environment files and its allow-lists.
// A base revision is extracted from git into a temporary folder (given this checkout's node_modules)
// and its own lib/ is imported there, so a change to the library, to an environment or to an
// allow-list all show up in a diff. The work tree is the same interface over this checkout.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { cloudPath, type DestinationFilter } from './cost.ts';
import type { EnvSide } from './objects.ts';
import { isUserError, UserError } from '../errors.ts';
import type { KubeObject } from '../core/flatten.ts';
import { labelVersion } from '../export/version-label.ts';

/** What we use of a revision's library; an older one may lack the optional parts. */
interface Library {
  render(input: { spec: unknown; file: string; allowLists: Record<string, string[]> }): {
    envName: string;
    files: Map<string, string>;
    config: { enableCloudWrite?: boolean; metricsTuning?: Record<string, unknown>; metrics?: { apps?: { name: string }[] } };
    objects: { kind: string; data?: unknown }[];
  };
  loadEnvironment(file: string): Promise<unknown>;
  loadAllowLists(): Promise<Record<string, string[]>>;
  /** A platform repository's allow-lists/ over the package's (lib/cli/environments.ts); newer libraries only. */
  loadPlatformAllowLists?: (dir: string) => Promise<{ lists: Record<string, string[]> }>;
  cloudFilter?: (component: string, tuning: unknown, defaults: string[] | undefined) => { keep?: string; drop?: string };
  builtinMetricComponentNames?: readonly string[];
  /** Components outside alloy-metrics with a tuning key (beyla); newer libraries only. */
  joinedMetricComponents?: readonly string[];
  /** Every destination's filter per component; libraries with metrics destinations only. */
  destinationFilters?: (config: never, allowLists: Record<string, string[]>) => (component: string) => readonly DestinationFilter[];
}

export interface Revision {
  /** `HEAD~1 (3f2a9c1)` or `work tree`, for messages. */
  label: string;
  /** The project folder at this revision. */
  root: string;
  /** The commit id; undefined for the work tree. */
  commit?: string;
  /** The environment as this revision renders it; `file` is relative to the project (`environments/prod.ts`). */
  render(file: string): Promise<EnvSide>;
  dispose(): Promise<void>;
}

const run = promisify(execFile);

async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 })).stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new UserError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`);
  }
}

/** The default base: where this branch left main (or origin/main, as CI checkouts have it). */
export async function mergeBaseWithMain(projectRoot: string): Promise<string> {
  for (const main of ['main', 'origin/main']) {
    const exists = await git(projectRoot, ['rev-parse', '--verify', '--quiet', `${main}^{commit}`]).then(() => true, () => false);
    if (!exists) continue;
    return git(projectRoot, ['merge-base', 'HEAD', main]).catch(() => {
      throw new UserError(`no merge base of HEAD and ${main} (a shallow clone? fetch the history, e.g. actions/checkout with fetch-depth: 0), or pass --base <ref>`);
    });
  }
  throw new UserError('there is no branch main or origin/main to compare with: pass --base <ref>');
}

/**
 * `libraryRoot` is where the library is when it is not the project's own lib/: the installed package's, for
 * a platform repository that holds only environments.
 */
export function workTree(projectRoot: string, libraryRoot?: string): Promise<Revision> {
  return open('work tree', projectRoot, async () => undefined, undefined, libraryRoot);
}

/** `name` is how messages call the revision (`HEAD~1`, `the merge base with main`). */
export async function atRevision(ref: string, projectRoot: string, name = ref, libraryRoot?: string): Promise<Revision> {
  const sha = await git(projectRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => {
    throw new UserError(`--base ${ref}: not a commit in this repository (a branch, tag or commit id, e.g. origin/main)`);
  });
  const top = await git(projectRoot, ['rev-parse', '--show-toplevel']);
  // The project may be a folder of a larger repository; the same folder at the base is the project there.
  const prefix = path.relative(await fs.realpath(top), await fs.realpath(projectRoot));
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'alloy-stack-diff-'));
  const dispose = () => fs.rm(temp, { recursive: true, force: true });
  try {
    await extract(top, sha, prefix, temp);
    const root = path.join(temp, prefix);
    if (libraryRoot === undefined) await fs.access(path.join(root, 'lib', 'render.ts')).catch(() => {
      throw new UserError(`${ref} (${sha.slice(0, 7)}) has no ${path.join(prefix, 'lib', 'render.ts')}: it predates alloy-stack, pick a later --base`);
    });
    const modules = path.join(projectRoot, 'node_modules');
    if (await fs.stat(modules).then(() => true, () => false)) await fs.symlink(modules, path.join(root, 'node_modules'), 'dir');
    return { ...(await open(`${name} (${sha.slice(0, 7)})`, root, dispose, `${sha.slice(0, 7)}:`, libraryRoot)), commit: sha };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * The project's work tree rendered by another version of the installed package (`--base-package`): a
 * version on the registry or a tarball, installed with npm into a temporary folder beside a copy of the
 * project (less node_modules/, .git/ and rendered/), so that its environment files import that version.
 */
export async function withPackage(spec: string, projectRoot: string, packageName = 'alloy-stack'): Promise<Revision> {
  const temp = await fs.mkdtemp(path.join(os.tmpdir(), 'alloy-stack-package-'));
  const dispose = () => fs.rm(temp, { recursive: true, force: true });
  try {
    const skipped = new Set(['node_modules', '.git', 'rendered'].map((name) => path.join(projectRoot, name)));
    await fs.cp(projectRoot, temp, { recursive: true, filter: (source) => !skipped.has(source) });
    const tarball = await fs.stat(spec).then((s) => s.isFile(), () => false);
    const installed = tarball ? path.resolve(spec) : `${packageName}@${spec}`;
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', installed], { cwd: temp, maxBuffer: 64 * 1024 * 1024 }).catch((error: unknown) => {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new UserError(`--base-package ${spec}: npm install ${installed} failed: ${stderr || (error as Error).message}`);
    });
    const libraryRoot = path.join(temp, 'node_modules', packageName, 'dist');
    await fs.access(path.join(libraryRoot, 'lib', 'render.js')).catch(() => {
      throw new UserError(`--base-package ${spec}: that package has no dist/lib/render.js; it predates alloy-stack's package, pick a later version`);
    });
    return await open(`${packageName} ${spec}`, temp, dispose, `${spec}:`, libraryRoot);
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** `git archive <sha> [-- <prefix>] | tar -x -C <dir>`, without a shell. */
async function extract(top: string, sha: string, prefix: string, dir: string): Promise<void> {
  const archive = spawn('git', ['archive', '--format=tar', sha, ...(prefix === '' ? [] : ['--', prefix])], { cwd: top, stdio: ['ignore', 'pipe', 'pipe'] });
  const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'ignore', 'pipe'] });
  archive.stdout.pipe(tar.stdin);
  const finished = (child: ReturnType<typeof spawn>, name: string) => new Promise<void>((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new UserError(`${name}: ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new UserError(`${name} exited with ${code}: ${stderr.trim()}`))));
  });
  await Promise.all([finished(archive, `git archive ${sha}`), finished(tar, 'tar -x')]);
}

/**
 * A revision over its project folder. `shown` replaces the folder in messages (`3f2a9c1:` reads as
 * git's rev:path), so an error at the base names the file, not a temporary path.
 */
async function open(label: string, root: string, dispose: () => Promise<void>, shown?: string, libraryRoot = root): Promise<Revision> {
  const here = [root + path.sep, path.relative(process.cwd(), root) + path.sep];
  const tell = (problem: string) => `${label}: ${shown === undefined ? problem : here.reduce((text, dir) => text.replaceAll(dir, shown), problem)}`;
  const library = await loadLibrary(libraryRoot).catch((error: unknown) => {
    throw new UserError(tell(`could not load the library: ${error instanceof Error ? error.message : String(error)}`));
  });
  let allowLists: Promise<Record<string, string[]>> | undefined;
  let version: Promise<string | undefined> | undefined;
  const retell = (error: unknown): never => {
    const problems = problemsOf(error);
    if (problems === undefined) throw error;
    throw new UserError(problems.map(tell));
  };
  return {
    label,
    root,
    dispose,
    async render(file: string): Promise<EnvSide> {
      try {
        // A platform repository (the library elsewhere) has its own allow-lists/ over the package's.
        allowLists ??= libraryRoot !== root && library.loadPlatformAllowLists !== undefined
          ? library.loadPlatformAllowLists(path.join(root, 'allow-lists')).then((p) => p.lists)
          : library.loadAllowLists();
        const lists = await allowLists;
        const rendered = library.render({ spec: await library.loadEnvironment(path.join(root, file)), file, allowLists: lists });
        // As the package's export writes them: with its version on every object (lib/export/version-label.ts).
        version ??= libraryRoot === root ? Promise.resolve(undefined) : packageVersion(libraryRoot);
        const label = await version;
        const files = label === undefined ? rendered.files : labelVersion(rendered.envName, rendered.objects as KubeObject[], rendered.files, label).files;
        return { envName: rendered.envName, files: inFolder(rendered.envName, files), cloud: cloudOf(library, rendered, lists) };
      } catch (error) {
        return retell(error);
      }
    },
  };
}

/** The version in package.json beside an installed package's dist/. */
async function packageVersion(libraryRoot: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(libraryRoot, '..', 'package.json'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { version?: string }).version;
}

async function loadLibrary(root: string): Promise<Library> {
  // The package ships the library compiled: lib/render.js beside no lib/render.ts.
  const compiled = !(await exists(path.join(root, 'lib', 'render.ts')));
  const load = (file: string) => import(pathToFileURL(path.join(root, compiled ? file.replace(/\.ts$/, '.js') : file)).href) as Promise<Record<string, unknown>>;
  const optional = (file: string) => load(file).catch(() => ({}) as Record<string, unknown>);
  // Environment loading is lib/cli/environments.ts; a revision before the layout of lib/cli had it in scripts/.
  const environments = async () => (compiled || await exists(path.join(root, 'lib', 'cli', 'environments.ts')) ? load('lib/cli/environments.ts') : load('scripts/environments.ts'));
  const [render, loading, allowLists, components, filters] = await Promise.all([
    load('lib/render.ts'), environments(), optional('lib/pipelines/allow-lists.ts'), optional('lib/config/metric-components.ts'),
    optional('lib/pipelines/metrics/destination-filters.ts'),
  ]);
  return { ...render, ...loading, ...allowLists, ...components, ...filters } as unknown as Library;
}

/** `prod/v1.Service-x.yaml` -> `v1.Service-x.yaml`: the two sides match by environment file, whatever its name. */
function inFolder(envName: string, files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([file, text]) => [file.startsWith(`${envName}/`) ? file.slice(envName.length + 1) : file, text]));
}

function cloudOf(library: Library, rendered: ReturnType<Library['render']>, lists: Record<string, string[]>): EnvSide['cloud'] {
  const { cloudFilter, builtinMetricComponentNames, joinedMetricComponents, destinationFilters } = library;
  if (cloudFilter === undefined || builtinMetricComponentNames === undefined) return undefined;
  const { config } = rendered;
  return cloudPath({
    components: [...builtinMetricComponentNames, ...(joinedMetricComponents ?? []), ...(config.metrics?.apps ?? []).map((app) => app.name)],
    cloudWrite: config.enableCloudWrite === true,
    alloyFiles: new Set(rendered.objects.flatMap((o) => (o.kind === 'ConfigMap' && typeof o.data === 'object' && o.data !== null ? Object.keys(o.data) : []))),
    filter: (component) => cloudFilter(component, config.metricsTuning?.[component], lists[component]),
    // An older library knows only the cloud; a newer one every destination, with its own filter and route.
    ...(destinationFilters === undefined ? {} : { destinations: destinationFilters(config as never, lists) }),
  });
}

/** A message for a person, from this library or another revision's (whose UserError is another class). */
function problemsOf(error: unknown): string[] | undefined {
  return isUserError(error) ? error.problems.map(String) : undefined;
}

/**
 * The environment files the arguments name on either side (`environments/prod`, `environments/prod.ts`
 * or a folder of them), relative to the project, sorted. A file that exists on one side only counts.
 */
export async function environmentFiles(revisions: readonly Revision[], args: readonly string[], projectRoot: string): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args) {
    const relative = path.relative(projectRoot, path.resolve(arg)).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new UserError(`${arg}: not inside the project folder ${projectRoot}`);
    let found = false;
    for (const revision of revisions) {
      for (const file of await filesAt(revision.root, relative)) {
        files.add(file);
        found = true;
      }
    }
    if (!found) throw new UserError(`${arg}: no such environment file or folder at ${revisions.map((r) => r.label).join(' or in the ')}`);
  }
  return [...files].sort();
}

const exists = (file: string) => fs.stat(file).then(() => true, () => false);

async function filesAt(root: string, relative: string): Promise<string[]> {
  const full = path.join(root, relative);
  const stat = await fs.stat(full).catch(() => undefined);
  if (stat?.isDirectory()) {
    const names = (await fs.readdir(full)).filter((name) => name.endsWith('.ts')).sort();
    return names.map((name) => path.posix.join(relative, name));
  }
  if (stat?.isFile()) return [relative];
  if (await fs.stat(`${full}.ts`).then((s) => s.isFile(), () => false)) return [`${relative}.ts`];
  return [];
}
