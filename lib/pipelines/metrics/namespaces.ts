// Namespace include/exclude as relabel rules on discovered targets: keep the included (none listed:
// every namespace), then drop the excluded. Rules rather than discovery.kubernetes namespaces, so
// every pipeline keeps reading the one shared watch per role.
import type { RuleArgs } from '../../alloy/relabel.ts';
import { re2Literal } from './pod-targets.ts';

export interface NamespaceFilter {
  include: readonly string[];
  exclude: readonly string[];
}

export function namespaceRules(filter: NamespaceFilter, label = '__meta_kubernetes_namespace'): RuleArgs[] {
  const rules: RuleArgs[] = [];
  if (filter.include.length > 0) rules.push({ source_labels: [label], regex: filter.include.map(re2Literal).join('|'), action: 'keep' });
  if (filter.exclude.length > 0) rules.push({ source_labels: [label], regex: filter.exclude.map(re2Literal).join('|'), action: 'drop' });
  return rules;
}

/** A source's own filter when it names one, else the environment-wide metrics.namespaces. */
export function effectiveNamespaces(own: Partial<NamespaceFilter> | undefined, fallback: NamespaceFilter): NamespaceFilter {
  const include = own?.include ?? [];
  const exclude = own?.exclude ?? [];
  return include.length + exclude.length > 0 ? { include, exclude } : fallback;
}

/**
 * The same filter on the `namespace` label of scraped series (cAdvisor's, kube-state-metrics' when it is
 * not ours to configure): series with no namespace, the node's own or cluster-wide ones, are kept.
 */
export function seriesNamespaceRules(filter: NamespaceFilter): RuleArgs[] {
  const rules: RuleArgs[] = [];
  if (filter.include.length > 0) rules.push({ source_labels: ['namespace'], regex: `${filter.include.map(re2Literal).join('|')}|`, action: 'keep' });
  if (filter.exclude.length > 0) rules.push({ source_labels: ['namespace'], regex: filter.exclude.map(re2Literal).join('|'), action: 'drop' });
  return rules;
}
