// Every object name the stack gives, from one place: workloads name their objects with it, and
// pipelines address Services and select the stack's own pods with it, so the two cannot drift apart.
import type { Config } from './config.gen.ts';

export type Part = keyof Config['names'];

/** Each part's name under its instance prefix: `<instance>-<part>`. */
export const partNames: Readonly<Record<Part, string>> = {
  alloyMetrics: 'alloy-metrics',
  alloyLogs: 'alloy-logs',
  alloyEvents: 'alloy-events',
  alloyReceiver: 'alloy-receiver',
  alloySampler: 'alloy-sampler',
  alloyProfiles: 'alloy-profiles',
  alloyBeyla: 'alloy-beyla',
  prometheus: 'prometheus',
  kubeStateMetrics: 'kube-state-metrics',
  nodeExporter: 'node-exporter',
  kepler: 'kepler',
  opencost: 'opencost',
  windowsExporter: 'windows-exporter',
};

export type Naming = Pick<Config, 'instance' | 'names'>;

/** The name of a part's namespaced objects: `names.<part>`, else `<instance>-<part>`. */
export function objectName(config: Naming, part: Part): string {
  return config.names[part] ?? `${config.instance}-${partNames[part]}`;
}

/** The headless Service clustered Alloy peers find each other by. */
export const clusterServiceName = (config: Naming, part: Part): string => `${objectName(config, part)}-cluster`;

/**
 * Cluster-scoped objects are shared by the whole cluster, so their names carry the namespace too: two stacks in
 * two namespaces never overwrite each other's ClusterRoles, even under the same instance name.
 */
export const clusterScopedName = (namespace: string, name: string): string => `${namespace}-${name}`;

/** `app.kubernetes.io/part-of` on every pod: the pipelines select their own stack's pods by it. */
export const partOfLabel = 'app.kubernetes.io/part-of';
export const stackPodLabels = (config: Naming): Record<string, string> => ({ [partOfLabel]: config.instance });

// A StatefulSet's pods carry `controller-revision-hash: <name>-<10-character hash>`, a label value of at
// most 63 characters, so its name must leave room for it (kubernetes/kubernetes#64023).
const longestName = 52;

/** Names the schema cannot judge alone: too long with the prefix, or two parts under one name. */
export function namingProblems(config: Naming, problem: (path: (string | number)[], message: string) => void): void {
  const taken = new Map<string, Part>();
  for (const part of Object.keys(partNames) as Part[]) {
    const name = objectName(config, part);
    const at = config.names[part] === undefined ? ['instance'] : ['names', part];
    if (name.length > longestName) {
      problem(at, `makes ${partNames[part]}'s objects "${name}", ${name.length} characters; at most ${longestName} (a StatefulSet's pods carry <name>-<revision hash> as a 63-character label)`);
    }
    // The clustered parts also own `<name>-cluster`, so that name is taken too.
    for (const owned of [name, `${name}-cluster`]) {
      const other = taken.get(owned);
      if (other !== undefined && other !== part) problem(at, `"${owned}" is also ${partNames[other]}'s name; every part needs its own`);
      else taken.set(owned, part);
    }
  }
}
