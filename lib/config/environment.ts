// `environment(...)`: how an environment file states its cluster. Environments inherit with patch():
// `environment(prod, { name: 'staging', ... })`. Validation happens at export, where the file name is
// known, so every error can name it.
//
// `overrides` patch the rendered object tree. They are kept as layers, not merged with each other:
// a marker such as `remove` must act on the rendered tree, not on the parent environment's overrides.
import { patch, type Patch } from '../core/patch.ts';
import type { Workloads } from '../workloads/index.ts';
import type { EnvironmentSpec } from './environment.gen.ts';

/**
 * A patch of the rendered tree, e.g. `{ nodeExporter: { daemonSet: { spec: { ... } } } }`, typed by the
 * tree itself so tsc catches a misspelled object or field in an environment file.
 */
export type TreePatch = Patch<Workloads>;

type Settings = Omit<EnvironmentSpec, 'overrides'>;

export interface EnvironmentInput extends Settings {
  overrides?: TreePatch | readonly TreePatch[];
}

export interface Environment extends Settings {
  overrides: TreePatch[];
}

export type EnvironmentPatch = Patch<Settings> & { overrides?: TreePatch | readonly TreePatch[] };

const layers = (overrides: TreePatch | readonly TreePatch[] | undefined): TreePatch[] =>
  overrides === undefined ? [] : ((Array.isArray(overrides) ? [...overrides] : [overrides]) as TreePatch[]);

export function environment(spec: EnvironmentInput): Environment;
export function environment(base: Environment, ...patches: EnvironmentPatch[]): Environment;
export function environment(base: EnvironmentInput | Environment, ...patches: EnvironmentPatch[]): Environment {
  const { overrides, ...settings } = base;
  let result: Settings = settings;
  const tree: TreePatch[] = layers(overrides);
  for (const { overrides: more, ...rest } of patches) {
    result = patch(result, rest as Patch<Settings>);
    tree.push(...layers(more));
  }
  return { ...result, overrides: tree };
}
