// The labels a pod's log line carries, for every way of gathering pod logs (files, the Kubernetes API,
// PodLogs objects): the built-in set (namespace, pod, container, app, service_name, job) and the pod
// labels, annotations, namespace labels and node labels the environment names. labelsToKeep decides
// which of them stay index labels (Loki streams); the rest become structured metadata, so they can be
// searched without multiplying streams.
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config, LogStage } from '../../config/config.gen.ts';
import { fieldPath } from '../../config/field-path.ts';
import type { RbacRule } from '../alloy-config.ts';
import { namespaceLabelMeta, namespaceMeta, nodeLabelMeta, podAnnotationMeta, podLabelMeta, podMeta } from './kubernetes-meta.ts';
import { labelsSetBy } from './stages.ts';

/** Pod labels naming the app, least preferred first: a later rule overwrites an earlier one. */
const appLabels = ['k8s-app', 'app', 'app.kubernetes.io/name'];
/**
 * What Loki's service_name detection and Grafana Cloud's Kubernetes app expect, least preferred
 * first: the container name, then `app`, then `app.kubernetes.io/name`.
 */
const serviceNameLabels = ['app', 'app.kubernetes.io/name'];

/** Labels every pod log line gets, whatever the environment maps. */
export const builtinPodLogLabels = ['namespace', 'pod', 'container', 'app', 'service_name', 'job'] as const;

/**
 * Kubernetes keys whose value is one per pod (or node) by nature: as an index label each makes a
 * stream per pod, the cost structured metadata exists to avoid.
 */
const highCardinalityKeys: Readonly<Record<'podLabels' | 'podAnnotations' | 'namespaceLabels' | 'nodeLabels', readonly string[]>> = {
  podLabels: ['pod-template-hash', 'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index', 'controller-uid', 'batch.kubernetes.io/controller-uid'],
  podAnnotations: ['kubernetes.io/config.hash', 'kubernetes.io/config.mirror', 'cni.projectcalico.org/podIP', 'cni.projectcalico.org/podIPs'],
  namespaceLabels: [],
  nodeLabels: ['kubernetes.io/hostname'],
};

type Source = keyof typeof highCardinalityKeys;
const sources: readonly Source[] = ['podLabels', 'podAnnotations', 'namespaceLabels', 'nodeLabels'];

const metaOf: Readonly<Record<Source, (key: string) => string>> = {
  podLabels: podLabelMeta,
  podAnnotations: podAnnotationMeta,
  namespaceLabels: namespaceLabelMeta,
  nodeLabels: nodeLabelMeta,
};

/**
 * Relabel rules for the labels of a pod log target, in order: built-ins first, then the environment's
 * mappings (which may overwrite app or service_name on purpose, not cluster).
 */
export function podLabelRules(config: Config): RuleArgs[] {
  const logs = config.logs;
  const mapped = sources.flatMap((source) => Object.entries(logs[source]).map(([target, key]): RuleArgs =>
    // "(.+)": a pod without the key keeps what an earlier rule set instead of losing the label.
    ({ source_labels: [metaOf[source](key)], regex: '(.+)', target_label: target })));
  return [
    { source_labels: [namespaceMeta], target_label: 'namespace' },
    { source_labels: [podMeta('name')], target_label: 'pod' },
    { source_labels: [podMeta('container_name')], target_label: 'container' },
    // "(.+)": an absent pod label must not overwrite (or delete) the app found by an earlier rule.
    ...appLabels.map((key) => ({ source_labels: [podLabelMeta(key)], regex: '(.+)', target_label: 'app' })),
    { source_labels: [podMeta('container_name')], target_label: 'service_name' },
    ...serviceNameLabels.map((key) => ({ source_labels: [podLabelMeta(key)], regex: '(.+)', target_label: 'service_name' })),
    { source_labels: [namespaceMeta, podMeta('container_name')], separator: '/', target_label: 'job' },
    ...mapped,
  ];
}

/** What discovery.kubernetes must attach for the mapped labels to exist on the target. */
export function podMetadataNeeds(config: Config): { attach?: { namespace?: boolean; node?: boolean }; rbac: RbacRule[] } {
  const namespace = Object.keys(config.logs.namespaceLabels).length > 0;
  const node = Object.keys(config.logs.nodeLabels).length > 0;
  const rbac: RbacRule[] = [
    // attach_metadata watches the namespaces (nodes) it joins onto each pod.
    ...(namespace ? [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] } satisfies RbacRule] : []),
    ...(node ? [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] } satisfies RbacRule] : []),
  ];
  if (!namespace && !node) return { rbac };
  return { attach: { ...(namespace ? { namespace: true } : {}), ...(node ? { node: true } : {}) }, rbac };
}

/** Every label name the pod pipeline may set on a line before label_keep. */
export function podLogLabelNames(config: Config, stages: readonly LogStage[] = config.logs.stages): string[] {
  const mapped = sources.flatMap((source) => Object.keys(config.logs[source]));
  return [...new Set([...builtinPodLogLabels, 'stream', ...mapped, ...labelsSetBy(stages)])];
}

/**
 * Index labels (label_keep) and structured metadata: labelsToKeep plus the labels the user's stages
 * set stay labels; every other label the pipeline sets becomes structured metadata when it is on.
 */
export function labelPlacement(config: Config): { index: string[]; metadata: string[] } {
  const logs = config.logs;
  const index = [...new Set([...logs.labelsToKeep, ...labelsSetBy(logs.stages)])];
  const metadata = logs.structuredMetadata ? podLogLabelNames(config).filter((name) => !index.includes(name)) : [];
  return { index, metadata };
}

/** Warnings for index labels that are high-cardinality by nature (one value per pod or node). */
export function podLabelWarnings(config: Config): string[] {
  const logs = config.logs;
  if (!logs.enabled) return [];
  const { index } = labelPlacement(config);
  const warnings: string[] = [];
  if (index.includes('pod')) {
    warnings.push(`${fieldPath(['logs', 'labelsToKeep'])}: "pod" is an index label, so every pod is its own Loki stream; leave it out to keep it as structured metadata`);
  }
  for (const source of sources) {
    for (const [target, key] of Object.entries(logs[source])) {
      if (index.includes(target) && highCardinalityKeys[source].includes(key)) {
        warnings.push(`${fieldPath(['logs', source, target])}: "${key}" has one value per ${source === 'nodeLabels' ? 'node' : 'pod'}, and labelsToKeep makes "${target}" an index label (a Loki stream per value); leave it out of labelsToKeep to keep it as structured metadata`);
      }
    }
  }
  return warnings;
}
