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

export function clusterScoped(meta: WorkloadMeta, name = meta.name): ObjectMeta {
  return { name, labels: { ...meta.labels } };
}
