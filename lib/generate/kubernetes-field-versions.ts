// vendor/kubernetes/field-versions.json (written by scripts/vendor-kubernetes.ts): for every field of every kind we
// know, the first vendored Kubernetes minor version whose API has it. The full schemas are vendored once, for the
// newest version; an environment that targets an older cluster is then refused any field that cluster's API
// server does not know (it would drop it, or refuse the object), without a second copy of every schema.
// Each @kubernetes/client-node release models one Kubernetes version: package.json pins one release per minor
// version, as the aliases kubernetes-client-node-1.<minor>.
import { readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KINDS, newestSpecVersion, shortName, stableJson } from './kubernetes-schemas.ts';

interface Attribute { baseName: string; type: string }
type Models = Readonly<Record<string, readonly Attribute[]>>;

/** One Kubernetes minor version's API, as its client-node release models it. */
export interface ApiVersionModels {
  /** "1.28" */
  minor: string;
  /** client-node class name -> its fields. */
  models: Models;
}

/**
 * The table: `kinds` maps `apps/v1 StatefulSet` to its root type and the first version that serves it; `types`
 * maps a type to the fields worth knowing: `[child, since]`, child being the type of an object field (`[]T` for a
 * list of them, `{}T` for a map) or null, since the first version with the field or null for the oldest.
 */
export interface FieldVersions {
  versions: string[];
  kinds: Record<string, { type: string; since: string | null }>;
  types: Record<string, Record<string, [string | null, string | null]>>;
}

const minorOrder = (a: string, b: string) => Number(a.split('.')[1]) - Number(b.split('.')[1]);

/**
 * Pure: the table for the kinds in KINDS, navigated through the newest version's models. Classes are renamed
 * between releases (RbacV1Subject was V1Subject; VolumeResourceRequirements was ResourceRequirements), so an
 * older version's class for a type is found by following the same field names from the kind down, not by name.
 */
export function buildFieldVersions(apis: readonly ApiVersionModels[]): FieldVersions {
  const sorted = [...apis].sort((a, b) => minorOrder(a.minor, b.minor));
  const newest = sorted.at(-1);
  if (newest === undefined) throw new Error('no Kubernetes versions to compare');
  const oldest = sorted[0]!.minor;
  const kindModels = new Map<string, string>(KINDS.map((k) => [k.model, k.kind]));
  // The same names the vendored schemas' definitions use (kubernetes-schemas.ts).
  const typeName = (cls: string) => (kindModels.has(cls) ? `Embedded${kindModels.get(cls)}` : shortName(cls));

  // For each version, the classes that play the part of each newest class, propagated from the kinds.
  const counterparts = sorted.map(() => new Map<string, Set<string>>());
  const add = (v: number, cls: string, old: string) => {
    const set = counterparts[v]!.get(cls) ?? new Set<string>();
    if (set.has(old)) return false;
    counterparts[v]!.set(cls, set.add(old));
    return true;
  };
  const queue: [number, string, string][] = [];
  sorted.forEach((api, v) => {
    for (const k of KINDS) if (api.models[k.model] !== undefined && add(v, k.model, k.model)) queue.push([v, k.model, k.model]);
  });
  while (queue.length > 0) {
    const [v, cls, old] = queue.shift()!;
    const models = sorted[v]!.models;
    for (const a of newest.models[cls] ?? []) {
      const child = childOf(a.type, newest.models);
      const b = (models[old] ?? []).find((x) => x.baseName === a.baseName);
      const oldChild = b === undefined ? null : childOf(b.type, models);
      if (child !== null && oldChild !== null && add(v, child.cls, oldChild.cls)) queue.push([v, child.cls, oldChild.cls]);
    }
  }
  const firstWith = (has: (v: number) => boolean): string | null => {
    const v = sorted.findIndex((_, i) => has(i));
    const first = v < 0 ? newest.minor : sorted[v]!.minor;
    return first === oldest ? null : first;
  };

  const types: FieldVersions['types'] = {};
  const seen = new Set<string>();
  const visit = (cls: string, name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const fields: Record<string, [string | null, string | null]> = {};
    for (const a of newest.models[cls] ?? []) {
      if (a.baseName === 'status') continue;
      const child = childOf(a.type, newest.models);
      const since = firstWith((v) => [...(counterparts[v]!.get(cls) ?? [])].some((old) => (sorted[v]!.models[old] ?? []).some((b) => b.baseName === a.baseName)));
      if (child !== null) visit(child.cls, typeName(child.cls));
      if (child !== null || since !== null) fields[a.baseName] = [child === null ? null : `${child.shape}${typeName(child.cls)}`, since];
    }
    types[name] = fields;
  };
  const kinds: FieldVersions['kinds'] = {};
  for (const k of KINDS) {
    visit(k.model, k.kind);
    kinds[`${k.apiVersion} ${k.kind}`] = { type: k.kind, since: firstWith((v) => sorted[v]!.models[k.model] !== undefined) };
  }
  return { versions: sorted.map((a) => a.minor), kinds, types };
}

/** The class an attribute's type holds, and whether as a list (`[]`) or map (`{}`) of it; null for scalars. */
function childOf(type: string, models: Models): { cls: string; shape: '' | '[]' | '{}' } | null {
  const list = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  const cls = list?.[1] ?? map?.[1] ?? type;
  if (models[cls] === undefined) return null;
  return { cls, shape: list ? '[]' : map ? '{}' : '' };
}

export const FIELD_VERSIONS_FILE = 'field-versions.json';

export const fieldVersionsText = (table: FieldVersions) => stableJson(table);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Impure: the client-node releases installed as kubernetes-client-node-1.<minor>, plus the newest (@kubernetes/client-node). */
export async function loadApiVersions(): Promise<{ apis: ApiVersionModels[]; packages: Record<string, string> }> {
  const require = createRequire(path.join(root, 'package.json'));
  const dirs = readdirSync(path.join(root, 'node_modules'))
    .filter((name) => /^kubernetes-client-node-1\.\d+$/.test(name))
    .map((name) => ({ name, dir: path.join(root, 'node_modules', name) }));
  dirs.push({ name: '@kubernetes/client-node', dir: path.dirname(require.resolve('@kubernetes/client-node/package.json')) });
  const apis: ApiVersionModels[] = [];
  const packages: Record<string, string> = {};
  for (const { name, dir } of dirs) {
    // 0.x keeps its models in dist/gen/model/ (CommonJS), 1.x and later in dist/gen/models/ (ES modules).
    const modelsDir = [path.join(dir, 'dist', 'gen', 'models'), path.join(dir, 'dist', 'gen', 'model')].find((d) => existsSync(d));
    if (modelsDir === undefined) throw new Error(`${name}: no dist/gen/models in the package`);
    const index = ['all.js', 'models.js'].map((f) => path.join(modelsDir, f)).find((f) => existsSync(f))!;
    const loaded = (await import(pathToFileURL(index).href)) as Record<string, unknown> & { default?: Record<string, unknown> };
    const models: Record<string, Attribute[]> = {};
    for (const [cls, value] of Object.entries({ ...(loaded.default ?? {}), ...loaded })) {
      const map = (value as { attributeTypeMap?: Attribute[] } | undefined)?.attributeTypeMap;
      if (Array.isArray(map)) models[cls] = map;
    }
    const [major, minor] = newestSpecVersion(modelsDir).split('.');
    const version = (require(path.join(dir, 'package.json')) as { version: string }).version;
    packages[name] = version;
    apis.push({ minor: `${major}.${minor}`, models });
  }
  const minors = apis.map((a) => a.minor);
  const twice = minors.find((m, i) => minors.indexOf(m) !== i);
  if (twice !== undefined) throw new Error(`two client-node releases model Kubernetes ${twice}; pin one`);
  return { apis, packages };
}

/** Pure: the vendored files plus the table, and a paragraph in SOURCE naming the releases it compares. */
export function withFieldVersions(files: ReadonlyMap<string, string>, loaded: { apis: readonly ApiVersionModels[]; packages: Record<string, string> }): Map<string, string> {
  const out = new Map(files);
  const table = buildFieldVersions(loaded.apis);
  out.set(FIELD_VERSIONS_FILE, fieldVersionsText(table));
  const pkgs = Object.entries(loaded.packages).map(([n, v]) => `  ${n}@${v}`).sort().join('\n');
  out.set('SOURCE', `${out.get('SOURCE') ?? ''}
${FIELD_VERSIONS_FILE}: for every field of those kinds, the first of Kubernetes ${table.versions.join(', ')} whose
API has it (null: ${table.versions[0]} has it), from each version's client-node models (attributeTypeMap):
${pkgs}
No client-node release models ${missingMinors(table.versions).join(' or ') || 'any other minor version'}; a field first seen in the next vendored version
is taken as new in it (a target between two vendored versions is checked against the older one).
`);
  return out;
}

function missingMinors(versions: readonly string[]): string[] {
  const minors = versions.map((v) => Number(v.split('.')[1]));
  const out: string[] = [];
  for (let m = minors[0]!; m <= minors.at(-1)!; m++) if (!minors.includes(m)) out.push(`1.${m}`);
  return out;
}
