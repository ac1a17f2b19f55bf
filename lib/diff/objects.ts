// One environment at two revisions, object by object: which objects were added, removed or changed,
// and for each changed one a unified diff per part (the object's YAML, then each ConfigMap file).
import { compareUtf8 } from '../export/layout.ts';
import { costChanges, type CloudPath, type ComponentCost } from './cost.ts';
import { partLabel, splitObject } from './parts.ts';
import { unifiedDiff } from './unified.ts';

/** One side of the comparison: an environment as rendered at one revision. */
export interface EnvSide {
  envName: string;
  /** Path inside the environment folder (`v1.ConfigMap-alloy-metrics.yaml`) -> YAML text. */
  files: ReadonlyMap<string, string>;
  /** Undefined when that revision's library cannot say (it predates cloudFilter). */
  cloud?: CloudPath;
}

export interface DataChanges {
  /** The ConfigMap's metadata.name. */
  configMap: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export interface ChangedObject {
  path: string;
  /** For a ConfigMap: which of its files changed. */
  data?: DataChanges;
  /** Unified diffs: the object without its data first, then each changed data key. */
  patches: string[];
}

export interface EnvDiff {
  /** The environment file, `environments/prod.ts`: what matches the two sides. */
  file: string;
  /** The environment's name in the work tree (at the base when it is gone). */
  name: string;
  /** The name at the base, when it differs. */
  renamedFrom?: string;
  status: 'unchanged' | 'changed' | 'added' | 'removed';
  added: string[];
  removed: string[];
  changed: ChangedObject[];
  /** Cloud-path pattern changes; empty when nothing changed or a side cannot say. */
  cost: ComponentCost[];
}

export function diffEnvironment(file: string, base: EnvSide | undefined, head: EnvSide | undefined): EnvDiff {
  if (base === undefined && head === undefined) throw new Error(`diffEnvironment: ${file} exists on neither side`);
  const name = (head ?? base)!.envName;
  const before = base?.files ?? new Map<string, string>();
  const after = head?.files ?? new Map<string, string>();
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareUtf8);
  const added = paths.filter((p) => !before.has(p));
  const removed = paths.filter((p) => !after.has(p));
  const changed = paths
    .filter((p) => before.has(p) && after.has(p) && before.get(p) !== after.get(p))
    .map((p) => changedObject(`${name}/${p}`, p, before.get(p)!, after.get(p)!));
  const renamedFrom = base && head && base.envName !== head.envName ? base.envName : undefined;
  const status = base === undefined ? 'added' : head === undefined ? 'removed'
    : added.length + removed.length + changed.length > 0 || renamedFrom !== undefined ? 'changed' : 'unchanged';
  // A side that cannot say (an old library) gives no cost line rather than a wrong one.
  const canCost = (base === undefined || base.cloud !== undefined) && (head === undefined || head.cloud !== undefined);
  const cost = canCost ? costChanges(base?.cloud, head?.cloud) : [];
  return { file, name, ...(renamedFrom === undefined ? {} : { renamedFrom }), status, added, removed, changed, cost };
}

/** `label` names the object in diff headers (`prod/v1.ConfigMap-….yaml`); `path` is its path in the folder. */
function changedObject(label: string, path: string, before: string, after: string): ChangedObject {
  const [a, b] = [splitObject(path, before), splitObject(path, after)];
  const patches: string[] = [];
  if (a.rest !== b.rest) patches.push(unifiedDiff(label, a.rest, b.rest));
  const keys = [...new Set([...a.data.keys(), ...b.data.keys()])].sort(compareUtf8);
  const data: DataChanges = { configMap: b.name ?? a.name ?? path, added: [], removed: [], changed: [] };
  for (const key of keys) {
    const [was, now] = [a.data.get(key), b.data.get(key)];
    if (was === now) continue;
    (was === undefined ? data.added : now === undefined ? data.removed : data.changed).push(key);
    patches.push(unifiedDiff(partLabel(label, key), was, now));
  }
  // Texts that differ only where splitting cannot see (say, the order of data keys): the whole file.
  if (patches.length === 0) patches.push(unifiedDiff(label, before, after));
  const hasData = data.added.length + data.removed.length + data.changed.length > 0;
  return { path, ...(hasData ? { data } : {}), patches };
}
