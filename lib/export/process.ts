// What Tanka does to objects before writing them (pkg/process/process.go): default namespace, default
// labels, then its best-effort dependency sort. Same rules, so the output matches a Tanka export.
import type { KubeObject } from '../core/flatten.ts';

/**
 * Kinds that live outside namespaces: Tanka's `clusterWideKinds` (pkg/process/namespace.go, harvested
 * there from `kubectl api-resources --namespaced=false`). Annotation `tanka.dev/namespaced` overrides it.
 */
export const clusterWideKinds: ReadonlySet<string> = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus', 'CSIDriver',
  'CSINode', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'Namespace', 'Node', 'NodeMetrics',
  'PersistentVolume', 'PodSecurityPolicy', 'PriorityClass', 'RuntimeClass', 'SelfSubjectAccessReview',
  'SelfSubjectRulesReview', 'StorageClass', 'SubjectAccessReview', 'TokenReview', 'ValidatingWebhookConfiguration',
  'VolumeAttachment', 'ClusterIssuer',
]);

export const namespacedAnnotation = 'tanka.dev/namespaced';

/** Tanka's `kindOrder` (pkg/process/sort.go, from Helm's kind sorter): what must exist before what. */
export const kindOrder: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList',
  'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController',
  'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'Ingress', 'APIService',
];

export const standardLabels: Readonly<Record<string, string>> = {
  'app.kubernetes.io/part-of': 'alloy-stack',
  'app.kubernetes.io/managed-by': 'alloy-stack',
};

export interface ProcessOptions {
  /** Given to every namespaced object that has none (Tanka's `spec.namespace`). */
  namespace: string;
  /** Added to every object's labels where the key is missing, after the standard labels. */
  labels?: Readonly<Record<string, string>>;
  /** Where objects[i] came from (a tree path from extract()), so errors can say it. */
  sources?: readonly string[];
}

/** New objects, defaulted and sorted; the input is not touched. */
export function processObjects(objects: readonly KubeObject[], options: ProcessOptions): KubeObject[] {
  const defaults = { ...standardLabels, ...options.labels };
  const processed = objects.map((original, i) => {
    // Only metadata changes: copy it and share the rest, which nothing downstream writes to.
    const object = { ...original, metadata: { ...original.metadata } };
    const metadata = object.metadata;
    if (options.namespace !== '' && isNamespaced(object) && typeof metadata.namespace !== 'string') {
      metadata.namespace = options.namespace;
    }
    const labels = { ...defaults, ...metadata.labels };
    metadata.labels = labels;
    return { object, source: options.sources?.[i] ?? `object ${i + 1}` };
  });
  assertUnique(processed);
  return sortObjects(processed.map((p) => p.object));
}

export function isNamespaced(object: KubeObject): boolean {
  const override = object.metadata.annotations?.[namespacedAnnotation];
  if (override !== undefined) return override === 'true';
  return !clusterWideKinds.has(object.kind);
}

/** Tanka's order: by kindOrder (other kinds last, alphabetically), then namespace, then name. */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (kind: string) => {
    const i = kindOrder.indexOf(kind);
    return i === -1 ? kindOrder.length : i;
  };
  const keys = (o: KubeObject) => [o.kind, o.metadata.namespace ?? '', o.metadata.name ?? '', o.metadata.generateName ?? '', o.apiVersion];
  return [...objects].sort((a, b) => {
    const byRank = rank(a.kind) - rank(b.kind);
    if (byRank !== 0) return byRank;
    const [ka, kb] = [keys(a), keys(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return 0;
  });
}

/** `apps/v1 StatefulSet monitoring/alloy`: how messages name an object. */
export function describeObject(object: KubeObject): string {
  const { namespace, name, generateName } = object.metadata;
  return `${object.apiVersion} ${object.kind} ${namespace ? `${namespace}/` : ''}${name ?? `${generateName ?? ''}*`}`;
}

// Two objects with the same group, kind, namespace and name would overwrite each other in the cluster.
// The group, not the apiVersion: apps/v1 and apps/v1beta1 address the same object.
function assertUnique(items: readonly { object: KubeObject; source: string }[]): void {
  const seen = new Map<string, { object: KubeObject; source: string }>();
  for (const item of items) {
    const { apiVersion, kind, metadata } = item.object;
    if (typeof metadata.name !== 'string') continue; // generateName: the server picks the name
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
    const key = JSON.stringify([group, kind, metadata.namespace ?? '', metadata.name]);
    const first = seen.get(key);
    if (first) {
      throw new Error(`${first.source} and ${item.source} are the same object (${describeObject(item.object)}); give one of them another name or remove it`);
    }
    seen.set(key, item);
  }
}
