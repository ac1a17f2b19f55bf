// What the pipelines of one Alloy workload hand to the workload that runs them: the .alloy files
// (one per concern) and what those files need from Kubernetes. RBAC, credentials and host mounts are
// derived from the enabled pipelines, never granted wholesale.
import type { AlloyFile } from '../alloy/ast.ts';

/** One .alloy file of a workload's ConfigMap. */
export interface AlloyConfigFile {
  /** File name in the ConfigMap, e.g. `kubelet.alloy`. */
  name: string;
  file: AlloyFile;
}

/** A ClusterRole rule a pipeline needs; read-only verbs only. */
export type RbacRule =
  | { apiGroups: string[]; resources: string[]; verbs: ('get' | 'list' | 'watch')[] }
  | { nonResourceURLs: string[]; verbs: ['get'] };

/** An environment variable read from a user-owned Secret, which Alloy reads with sys.env. */
export interface SecretEnv {
  name: string;
  secret: string;
  key: string;
}

/** A Secret in another namespace that remote.kubernetes.secret reads: RBAC `get` on it, nothing more. */
export interface SecretRead {
  namespace: string;
  name: string;
}

/** A read-only host directory a node-local pipeline reads. */
export interface HostMount {
  name: string;
  path: string;
}

export interface AlloyConfig {
  files: AlloyConfigFile[];
  rbac: RbacRule[];
  secretEnv: SecretEnv[];
  hostMounts: HostMount[];
  /** Optional so pipelines that read no Secret need not say so; merged configs always have it. */
  secretReads?: SecretRead[];
  /** Files beside the .alloy ones in the workload's ConfigMap that a component reads (`*.prom`). */
  dataFiles?: Record<string, string>;
}

/** Merges the needs of several pipelines of one workload; files keep their order. */
export function mergeAlloyConfigs(parts: readonly Partial<AlloyConfig>[]): AlloyConfig {
  const out: AlloyConfig = { files: [], rbac: [], secretEnv: [], hostMounts: [] };
  const secretReads: SecretRead[] = [];
  const seen: Seen = { keys: new Set(), items: new Set() };
  for (const part of parts) {
    if (part.files !== undefined) out.files.push(...part.files);
    for (const rule of part.rbac ?? []) once(seen, out.rbac, rule);
    for (const env of part.secretEnv ?? []) once(seen, out.secretEnv, env);
    for (const mount of part.hostMounts ?? []) once(seen, out.hostMounts, mount);
    for (const read of part.secretReads ?? []) once(seen, secretReads, read);
  }
  // Present only when some destination reads another namespace's Secret.
  if (secretReads.length > 0) out.secretReads = secretReads;
  const dataFiles = Object.assign({}, ...parts.map((p) => p.dataFiles ?? {})) as Record<string, string>;
  if (Object.keys(dataFiles).length > 0) out.dataFiles = dataFiles;
  return out;
}

interface Seen {
  keys: Set<string>;
  // Pipelines mostly hand over the same constant rules: an item seen before is skipped without
  // formatting its key again.
  items: Set<object>;
}

/** Adds an item unless an equal one is already there. Module-level: merging runs for every environment. */
function once<T extends object>(seen: Seen, list: T[], item: T): void {
  if (seen.items.has(item)) return;
  seen.items.add(item);
  const key = JSON.stringify(item);
  if (!seen.keys.has(key)) {
    seen.keys.add(key);
    list.push(item);
  }
}
