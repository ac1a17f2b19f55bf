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
    metadata.labels = withDefaults(defaults, metadata.labels);
    return { object, source: options.sources?.[i] ?? `object ${i + 1}` };
  });
  assertUnique(processed);
  return sortObjects(processed.map((p) => p.object));
}

/** `{ ...defaults, ...labels }`, built key by key: V8 spreads two label objects into one many times slower. */
function withDefaults(defaults: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  // A spread skips null and undefined (an override may set labels to null).
  for (const source of labels === undefined || labels === null ? [defaults] : [defaults, labels]) {
    for (const key of Object.keys(source)) {
      // As a spread would: `__proto__` is an ordinary key, not the prototype.
      if (key === '__proto__') Object.defineProperty(result, key, { value: source[key], enumerable: true, writable: true, configurable: true });
      else result[key] = source[key]!;
    }
  }
  return result;
}

export function isNamespaced(object: KubeObject): boolean {
  const override = object.metadata.annotations?.[namespacedAnnotation];
  if (override !== undefined) return override === 'true';
  return !clusterWideKinds.has(object.kind);
}

const kindRank: ReadonlyMap<string, number> = new Map(kindOrder.map((kind, i) => [kind, i]));

/** Tanka's order: by kindOrder (other kinds last, alphabetically), then namespace, then name. */
export function sortObjects(objects: readonly KubeObject[]): KubeObject[] {
  // Each object's sort key, computed once rather than in every comparison.
  const keyed = objects.map((object) => ({
    object,
    rank: kindRank.get(object.kind) ?? kindOrder.length,
    keys: [object.kind, object.metadata.namespace ?? '', object.metadata.name ?? '', object.metadata.generateName ?? '', object.apiVersion],
  }));
  keyed.sort((a, b) => {
    const byRank = a.rank - b.rank;
    if (byRank !== 0) return byRank;
    for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return a.keys[i]! < b.keys[i]! ? -1 : 1;
    return 0;
  });
  return keyed.map((k) => k.object);
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
