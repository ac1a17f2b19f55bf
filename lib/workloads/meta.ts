// Object metadata of one workload: every object of a workload shares its name and labels.
import type { ObjectMeta } from '../k8s/types.gen.ts';
import type { Labels } from './labels.ts';

export interface WorkloadMeta {
  name: string;
  namespace: string;
  labels: Labels;
}

export function namespaced(meta: WorkloadMeta, name = meta.name): ObjectMeta {
  return { name, namespace: meta.namespace, labels: { ...meta.labels } };
}

/**
 * Cluster-scoped objects are shared by everything in the cluster, so their names carry the namespace and the
 * project: two stacks in two namespaces never overwrite each other's ClusterRoles, and none takes a name that
 * kube-prometheus (`kube-state-metrics`), kube-prometheus-stack (`<release>-kube-state-metrics`) or Grafana's chart
 * (`<release>-alloy-metrics`) installs.
 */
export const clusterScopedName = (meta: Pick<WorkloadMeta, 'name' | 'namespace'>) => `${meta.namespace}-alloy-stack-${meta.name}`;

export function clusterScoped(meta: WorkloadMeta, name = clusterScopedName(meta)): ObjectMeta {
  return { name, labels: { ...meta.labels } };
}
