// Finds and loads environment files and allow-lists: the file-system side of rendering.
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isUserError, UserError } from '../errors.ts';
import { parseAllowList } from '../pipelines/allow-lists.ts';
import { loadModule } from '../fast-start/host.ts';
import { keptAllowLists } from '../fast-start/kept-allow-lists.ts';
import { parse, stringify } from 'yaml';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** `environments/prod`, `environments/prod.ts` or a folder of them -> environment files, sorted. */
export async function resolveEnvironmentFiles(args: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args) {
    const candidates = [arg, `${arg}.ts`];
    let found = false;
    for (const candidate of candidates) {
      const stat = await fs.stat(candidate).catch(() => undefined);
      if (stat?.isDirectory()) {
        for (const name of (await fs.readdir(candidate)).sort()) if (name.endsWith('.ts')) files.add(path.join(candidate, name));
        found = true;
        break;
      }
      if (stat?.isFile()) {
        files.add(candidate);
        found = true;
        break;
      }
    }
    if (!found) throw new UserError(`${arg}: no such environment file or folder (expected e.g. environments/prod or environments/prod.ts)`);
  }
  return [...files].sort();
}

/** How a file appears in messages and manifest.json: relative to the working folder, with `/`. */
export function displayPath(file: string): string {
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');
}

/**
 * The environment file's default export; a file that fails to load is a message naming it. `compiled` runs
 * the file compiled ahead (compiled-environments.ts); without it, the file is imported.
 */
export async function loadEnvironment(file: string, compiled?: () => unknown): Promise<unknown> {
  try {
    const module = (compiled ? compiled() : await loadModule(pathToFileURL(path.resolve(file)).href)) as { default?: unknown };
    const spec = defaultExport(module);
    if (spec === undefined) throw new Error('it has no default export; end it with `export default environment({...})`');
    return spec;
  } catch (error) {
    if (isUserError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    // A platform repository's package.json without "type": "module" makes tsx compile the file to CommonJS,
    // which cannot require the package's ES modules; Node's message does not say so.
    const hint = /require\(\) (of )?ES Module/i.test(message) ? ' (add "type": "module" to the package.json above it: environment files are ES modules)' : '';
    throw new UserError(`${displayPath(file)}: could not load: ${message}${hint}`);
  }
}

// A file outside an ES-module package (no "type": "module" above it) is compiled to CommonJS, whose default
// export arrives as `default.default`; tsx unwraps that only in code it compiled, and the export runs bundled.
function defaultExport(module: { default?: unknown }): unknown {
  const exports = module.default as { __esModule?: unknown; default?: unknown } | undefined;
  return typeof exports === 'object' && exports !== null && exports.__esModule === true ? exports.default : exports;
}

/**
 * allow-lists/<component>.yaml, parsed and checked; a file whose content an earlier export checked is taken
 * as it found it (lib/fast-start/kept-allow-lists.ts).
 */
export async function loadAllowLists(dir = path.join(repoRoot, 'allow-lists')): Promise<Record<string, string[]>> {
  const lists: Record<string, string[]> = {};
  const problems: string[] = [];
  const kept = keptAllowLists();
  for (const name of (await fs.readdir(dir)).sort()) {
    if (!name.endsWith('.yaml')) continue;
    const display = displayPath(path.join(dir, name));
    try {
      const text = await fs.readFile(path.join(dir, name), 'utf8');
      lists[name.slice(0, -'.yaml'.length)] = kept.parsed(text, (t) => parseAllowList(display, t));
    } catch (error) {
      problems.push(...(isUserError(error) ? error.problems : [`${display}: ${(error as Error).message}`]));
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  kept.save();
  return lists;
}

/**
 * A platform repository's allow-lists/ over the package's: `<component>.yaml` there replaces the default
 * list of that component when it is a list, and adds to it when it is `{ extends: default, metrics: [...] }`.
 * `own` names the platform's files, the only ones an unused-list check may flag (the package's defaults
 * include lists for apps a platform may not run). A platform with no allow-lists/ gets the defaults.
 */
export async function loadPlatformAllowLists(dir: string): Promise<{ lists: Record<string, string[]>; own: string[] }> {
  const lists = await loadAllowLists();
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const own: string[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.yaml')) continue;
    const component = name.slice(0, -'.yaml'.length);
    const display = displayPath(path.join(dir, name));
    own.push(name);
    try {
      const text = await fs.readFile(path.join(dir, name), 'utf8');
      const document = parse(text) as unknown;
      if (typeof document === 'object' && document !== null && !Array.isArray(document)) {
        const { extends: base, metrics, ...rest } = document as Record<string, unknown>;
        const unknown = Object.keys(rest);
        if (base !== 'default') throw new UserError(`${display}: extends: expected "default" (the package's list for ${component}), got ${JSON.stringify(base)}`);
        if (unknown.length > 0) throw new UserError(`${display}: unknown field ${unknown[0]}: expected extends and metrics`);
        const added = parseAllowList(`${display}: metrics`, stringify(metrics ?? []));
        lists[component] = [...new Set([...(lists[component] ?? []), ...added])];
      } else {
        lists[component] = parseAllowList(display, text);
      }
    } catch (error) {
      problems.push(...(isUserError(error) ? error.problems : [`${display}: ${(error as Error).message}`]));
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return { lists, own };
}
