// The cloud path of one component: `prometheus.relabel "<label>_remote"` keeps the component's
// allow-list (then drops its excludes) in front of the Grafana Cloud remote_write, then applies the
// component's cloud-only clean-ups (series that pass the list by name but only add cost). It lives in
// the component's own file, so a reviewer sees what leaves the cluster next to what is scraped.
import type { Block, Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { prometheus } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import { rule } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { cloudFilter } from '../allow-lists.ts';

/** A validated relabel rule with `// why` comment lines above it in the rendered Alloy. */
export function explainedRule(why: readonly string[], args: RuleArgs): Block {
  const block = rule(args);
  return { ...block, layout: { ...block.layout, leadingComments: why.map((line) => `// ${line}`) } };
}

export function cloudAllowList(
  component: string,
  label: string,
  config: Config,
  defaultAllowLists: Readonly<Record<string, string[]>>,
  remote: Ref<'MetricsReceiver'>,
  /** Rules after the keep/drop by name, on the cloud path only (the local Prometheus keeps everything). */
  cleanups: readonly Block[] = [],
): Component<{ receiver: Ref<'MetricsReceiver'> }> {
  const filter = cloudFilter(component, config.metricsTuning[component], defaultAllowLists[component]);
  const rules: (RuleArgs | Block)[] = [];
  if (filter.keep !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.keep, action: 'keep' });
  if (filter.drop !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.drop, action: 'drop' });
  rules.push(...cleanups);
  return prometheus.relabel(`${label}_remote`, { forward_to: [remote], rule: rules });
}
