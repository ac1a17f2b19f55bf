// The pods of this node that the profiling sources look at, with the labels Pyroscope groups profiles by.
// One pod watch for every source, limited to the node (the DaemonSet sets HOSTNAME to spec.nodeName):
// eBPF and Java profile local processes only, and each pprof endpoint is scraped by its node's pod.
import { call, concat, type Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import type { RbacRule } from '../alloy-config.ts';
import { podLabelMeta, podAnnotationMeta, podMeta } from '../logs/kubernetes-meta.ts';
import { namespaceRules, type NamespaceFilter } from '../metrics/namespaces.ts';

export const podsRbac: RbacRule = { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] };

/** `discovery.kubernetes "profiles_pods"`: this node's pods (only the namespaces rbac.mode namespaced may read). */
export function profiledPods(config: Config): Component<{ targets: Ref<'Targets'> }> {
  const watched = watchedNamespaces(config);
  return discovery.kubernetes('profiles_pods', {
    role: 'pod',
    namespaces: watched === undefined ? undefined : { names: watched },
    selectors: [{ role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) }],
  });
}

/**
 * The labels of a profile target: namespace, pod, container, node, and service_name, which Pyroscope
 * requires and which the pod logs get the same way (container name, then `app`, then
 * `app.kubernetes.io/name`), so a service's logs and profiles share it; `pyroscope.io/service_name`,
 * the annotation Pyroscope's own docs use, wins.
 */
export const identityRules: readonly RuleArgs[] = Object.freeze([
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { source_labels: [podMeta('name')], target_label: 'pod' },
  { source_labels: [podMeta('container_name')], target_label: 'container' },
  { source_labels: [podMeta('node_name')], target_label: 'node' },
  { source_labels: [podMeta('container_name')], target_label: 'service_name' },
  ...['app', 'app.kubernetes.io/name'].map((key) => ({ source_labels: [podLabelMeta(key)], regex: '(.+)', target_label: 'service_name' })),
  { source_labels: [podAnnotationMeta('pyroscope.io/service_name')], regex: '(.+)', target_label: 'service_name' },
]);

/** What a pod says to a profiler: `profiles.grafana.com/<source>: "true"|"false"` (Grafana's chart's annotations). */
export const profilerAnnotations = { ebpf: 'profiles.grafana.com/cpu.ebpf.enabled', java: 'profiles.grafana.com/java.enabled' } as const;

/** Running containers of the selected namespaces: a finished pod has no process to profile. */
export function selectionRules(namespaces: NamespaceFilter): RuleArgs[] {
  return [
    { source_labels: [podMeta('phase')], regex: 'Pending|Succeeded|Failed|Unknown', action: 'drop' },
    ...namespaceRules(namespaces),
  ];
}

/** With targeting `annotation` only pods that opt in are kept; with `all` a pod can still opt out. */
export function targetingRule(targeting: 'all' | 'annotation', annotation: string): RuleArgs {
  const says = podAnnotationMeta(annotation);
  return targeting === 'annotation' ? { source_labels: [says], regex: 'true', action: 'keep' } : { source_labels: [says], regex: 'false', action: 'drop' };
}

/**
 * `__container_id__` from the pod's `containerd://<id>` (or `docker://`, `cri-o://`): what pyroscope.ebpf
 * and discovery.process match a process to its container by. Init containers and containers not started
 * yet have no ID and are dropped.
 */
export const containerIdRules: readonly RuleArgs[] = Object.freeze([
  { source_labels: [podMeta('container_id')], regex: '.+://(.+)', target_label: '__container_id__' },
  { source_labels: ['__container_id__'], regex: '', action: 'drop' },
  { source_labels: [podMeta('container_init')], regex: 'true', action: 'drop' },
]);
