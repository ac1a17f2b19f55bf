// The cloud path of one component: `prometheus.relabel "<label>_remote"` keeps the component's
// allow-list (then drops its excludes) in front of the Grafana Cloud remote_write. It lives in the
// component's own file, so a reviewer sees what leaves the cluster next to what is scraped.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { prometheus } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { cloudFilter } from '../allow-lists.ts';

export function cloudAllowList(
  component: string,
  label: string,
  config: Config,
  defaultAllowLists: Readonly<Record<string, string[]>>,
  remote: Ref<'MetricsReceiver'>,
): Component<{ receiver: Ref<'MetricsReceiver'> }> {
  const filter = cloudFilter(component, config.metricsTuning[component], defaultAllowLists[component]);
  const rules: RuleArgs[] = [];
  if (filter.keep !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.keep, action: 'keep' });
  if (filter.drop !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.drop, action: 'drop' });
  return prometheus.relabel(`${label}_remote`, { forward_to: [remote], rule: rules });
}
