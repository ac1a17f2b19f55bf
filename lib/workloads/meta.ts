// Object metadata of one workload: every object of a workload shares its name and labels.
import type { ObjectMeta } from '../k8s/types.gen.ts';
import type { Config } from '../config/config.gen.ts';
import { clusterScopedName, objectName, type Part } from '../config/names.ts';
import { commonLabels, selectorLabels, type Labels } from './labels.ts';

export interface WorkloadMeta {
  name: string;
  namespace: string;
  labels: Labels;
}

/** A workload's meta and pod selector: named for its part of the stack, labelled as that stack's. */
export function workloadMeta(config: Pick<Config, 'namespace' | 'instance' | 'names'>, part: Part, app: { name: string; component: string; image: string }): { meta: WorkloadMeta; selector: Labels } {
  const identity = { ...app, instance: objectName(config, part), partOf: config.instance };
  return { meta: { name: identity.instance, namespace: config.namespace, labels: commonLabels(identity) }, selector: selectorLabels(identity) };
}

export function namespaced(meta: WorkloadMeta, name = meta.name): ObjectMeta {
  return { name, namespace: meta.namespace, labels: { ...meta.labels } };
}

/** ClusterRoles and their bindings: see clusterScopedName for why the namespace is in the name. */
export function clusterScoped(meta: WorkloadMeta, name = clusterScopedName(meta.namespace, meta.name)): ObjectMeta {
  return { name, labels: { ...meta.labels } };
}
