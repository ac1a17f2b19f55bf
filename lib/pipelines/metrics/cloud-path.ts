// The destination paths of one component. Per destination that takes the component: a
// `prometheus.relabel "<label>_<destination>"` that keeps the component's allow-list (then drops its
// excludes) and the destination's namespaces, then the component's clean-ups (series that pass the
// list by name but only add cost); a destination with nothing to filter is forwarded to directly.
// It lives in the component's own file, so a reviewer sees what leaves the cluster, and where to,
// next to what is scraped. `cloud.metrics` is the destination labelled `remote`.
import type { Block, Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { prometheus } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import { rule } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { alternation, cloudFilter } from '../allow-lists.ts';
import type { RoutedDestination } from './destinations.ts';

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

/** The relabel rules a component's series pass on their way to one destination; undefined when it takes none. */
export function destinationRules(
  component: string,
  destination: RoutedDestination,
  defaultAllowLists: Readonly<Record<string, string[]>>,
  cleanups: readonly Block[] = [],
): (RuleArgs | Block)[] | undefined {
  if (destination.components !== undefined && !destination.components.includes(component)) return undefined;
  const rules: (RuleArgs | Block)[] = [];
  if (destination.namespaces !== undefined) {
    // Namespace names are DNS labels: no regex escaping needed.
    rules.push({ source_labels: ['namespace'], regex: alternation(destination.namespaces), action: 'keep' });
  }
  if (destination.filter === 'allowLists') {
    const filter = cloudFilter(component, destination.tuning[component], defaultAllowLists[component]);
    if (filter.keep !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.keep, action: 'keep' });
    if (filter.drop !== undefined) rules.push({ source_labels: ['__name__'], regex: filter.drop, action: 'drop' });
    rules.push(...cleanups);
  }
  return rules;
}

export interface DestinationPaths {
  /** What the component's scrape forwards to: the local Prometheus first, then each destination's path. */
  forwardTo: Ref<'MetricsReceiver'>[];
  /** The relabel components to put in the component's file, after the scrape. */
  blocks: Block[];
}

/**
 * Every destination path of one component. A new metrics source calls this with its component name
 * (the metricsTuning key), its label, and its cloud-only clean-ups, and forwards its scrape to `forwardTo`.
 */
export function destinationPaths(
  component: string,
  label: string,
  ctx: { local: Ref<'MetricsReceiver'>; destinations: readonly RoutedDestination[]; defaultAllowLists: Readonly<Record<string, string[]>> },
  cleanups: readonly Block[] = [],
): DestinationPaths {
  const forwardTo: Ref<'MetricsReceiver'>[] = [ctx.local];
  const blocks: Block[] = [];
  for (const destination of ctx.destinations) {
    const rules = destinationRules(component, destination, ctx.defaultAllowLists, cleanups);
    if (rules === undefined) continue;
    if (rules.length === 0) {
      forwardTo.push(destination.receiver);
      continue;
    }
    const path = prometheus.relabel(`${label}_${destination.label}`, { forward_to: [destination.receiver], rule: rules });
    forwardTo.push(path.exports.receiver);
    blocks.push(path.block);
  }
  return { forwardTo, blocks };
}
