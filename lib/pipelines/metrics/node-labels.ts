// metrics.nodeLabels: node labels onto the series of the node-scoped sources, as target labels, so every series of
// the target carries them at no extra series (a node's labels are constant while it lives). Node discovery has the
// node's labels on each target; pod discovery has them with attach_metadata { node = true } (discovery.ts).
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { metaLabelName } from './pod-targets.ts';

/** Series labels a node label may not set: the stack's own identity labels, which dashboards join on. */
export const reservedSeriesLabels: ReadonlySet<string> = new Set(['cluster', 'job', 'instance', 'node', 'namespace', 'pod', 'container', 'le', 'quantile']);

export function nodeLabelsOn(config: Config): boolean {
  return config.metrics.nodeLabels.enabled && Object.keys(config.metrics.nodeLabels.labels).length > 0;
}

/**
 * One rule per node label key, only when the node has it ((.+) does not match an absent label). The keys of a
 * series label are applied last to first, so the first key a node carries is the one that stays.
 */
export function nodeLabelRules(config: Config): RuleArgs[] {
  if (!nodeLabelsOn(config)) return [];
  return Object.entries(config.metrics.nodeLabels.labels).flatMap(([target, keys]) => [...keys].reverse()
    .map((key): RuleArgs => ({ source_labels: [`__meta_kubernetes_node_label_${metaLabelName(key)}`], regex: '(.+)', target_label: target })));
}
