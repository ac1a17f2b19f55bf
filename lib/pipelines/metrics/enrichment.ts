// Metric enrichment: labels of the scraped pod and of its namespace onto every series of the sources that
// discover pods themselves (apps, integrations, annotated pods), as relabel rules on the target. Series about
// other pods (cAdvisor's, kube-state-metrics') need a join of series with pods, which only Alloy's experimental
// prometheus.enrich does: with seriesAboutPods, one pod table (pod-enrichment.alloy) feeds both.
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { AlloyConfigFile } from '../alloy-config.ts';
import type { Config } from '../../config/config.gen.ts';
import type { RbacRule } from '../alloy-config.ts';
import { namespaceLabelMeta, podLabelMeta } from '../logs/kubernetes-meta.ts';

export function enrichmentRules(config: Config): RuleArgs[] {
  const e = config.metrics.enrichment;
  // "(.+)": a pod or namespace without the key adds nothing, rather than an empty label.
  return [
    ...Object.entries(e.podLabels).map(([target, key]): RuleArgs => ({ source_labels: [podLabelMeta(key)], regex: '(.+)', target_label: target })),
    ...Object.entries(e.namespaceLabels).map(([target, key]): RuleArgs => ({ source_labels: [namespaceLabelMeta(key)], regex: '(.+)', target_label: target })),
  ];
}

/** Namespace labels exist on a pod target only with attach_metadata { namespace = true }, from a namespaces watch. */
export const attachNamespace = (config: Config): boolean => Object.keys(config.metrics.enrichment.namespaceLabels).length > 0;

export const attachNamespaceRbac: readonly RbacRule[] = [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] }];

/** The labels enrichment sets, in the order written. */
export const enrichmentLabels = (config: Config): string[] =>
  [...Object.keys(config.metrics.enrichment.podLabels), ...Object.keys(config.metrics.enrichment.namespaceLabels)];

/** With seriesAboutPods: the pod table (namespace, pod and the enrichment labels of every pod), or undefined. */
export function podTable(config: Config, pods: Ref<'Targets'>): { file: AlloyConfigFile; targets: Ref<'Targets'> } | undefined {
  const m = config.metrics;
  // Read by cAdvisor's and kube-state-metrics' pipelines only: without them the table would dangle.
  if (!m.enrichment.seriesAboutPods || enrichmentLabels(config).length === 0 || !(m.cadvisor.enabled || m.kubeStateMetrics.enabled)) return undefined;
  const table = discovery.relabel('pod_enrichment', {
    targets: pods,
    rule: [
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      ...enrichmentRules(config),
    ],
  });
  return { file: { name: 'pod-enrichment.alloy', file: file([table.block]) }, targets: table.exports.output };
}

/** `prometheus.enrich "<label>"`: each series of a pod gets its pod's enrichment labels, then goes on. */
export function seriesEnrichment(config: Config, label: string, table: Ref<'Targets'>, forwardTo: readonly Ref<'MetricsReceiver'>[]) {
  return catalogued('prometheus.enrich', label, {
    targets: table,
    target_to_metric_match: { namespace: 'namespace', pod: 'pod' },
    labels_to_copy: enrichmentLabels(config),
    forward_to: forwardTo,
  }, (d) => ({ receiver: d.ref<'MetricsReceiver'>('receiver') }));
}
