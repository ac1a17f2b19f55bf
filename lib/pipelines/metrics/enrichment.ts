// Metric enrichment: labels of the scraped pod and of its namespace onto every series of the sources that
// discover pods themselves (apps, integrations, annotated pods), as relabel rules on the target. Series about
// other pods (cAdvisor's, kube-state-metrics') would need a join of series with pods, which only Alloy's
// experimental prometheus.enrich does; they are left as they are.
import type { RuleArgs } from '../../alloy/relabel.ts';
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
