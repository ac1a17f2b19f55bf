// prometheus.operator.servicemonitors, .podmonitors, .probes and .scrapeconfigs: scrape what the cluster's
// Prometheus Operator objects declare. They discover by themselves, so they take no targets.
import type { Ref } from '../ast.ts';
import type { Component } from '../component.ts';
import { body, draft, opt } from '../component.ts';
import type { RuleArgs } from '../relabel.ts';
import { ruleBlocks } from '../relabel.ts';
import type { Block } from '../ast.ts';
import type { ComponentType } from '../registry.ts';
import { duration, forwardsSomewhere } from './checks.ts';
import type { ClusteringArgs } from './shared.ts';
import { clustering, sub } from './shared.ts';
import type { Dict, List, Str } from './values.ts';

export interface PrometheusOperatorArgs {
  forward_to: readonly Ref<'MetricsReceiver'>[];
  /** Namespaces to watch for objects; all when absent. */
  namespaces?: List<Str>;
  /** ServiceMonitors only: how targets behind a Service are found (endpointslice, the API's current one, or endpoints). */
  kubernetes_role?: 'endpointslice' | 'endpoints';
  selector?: { match_labels?: Dict<Str> };
  clustering?: ClusteringArgs;
  rule?: readonly (RuleArgs | Block)[];
  scrape?: { default_scrape_interval?: Str; default_scrape_timeout?: Str };
}

type OperatorType = Extract<ComponentType, `prometheus.operator.${string}`>;

function operator(type: OperatorType) {
  return (label: string, args: PrometheusOperatorArgs): Component<Record<string, never>> => {
    const d = draft(type, label);
    forwardsSomewhere(d.report, args.forward_to);
    duration(d.report, 'scrape default_scrape_interval', args.scrape?.default_scrape_interval);
    duration(d.report, 'scrape default_scrape_timeout', args.scrape?.default_scrape_timeout);
    return d.finish(body(
      opt('forward_to', args.forward_to),
      opt('namespaces', args.namespaces),
      opt('kubernetes_role', args.kubernetes_role),
      sub('selector', args.selector, opt('match_labels', args.selector?.match_labels)),
      clustering(args.clustering),
      ruleBlocks(args.rule, 'rule', d.report),
      sub('scrape', args.scrape, opt('default_scrape_interval', args.scrape?.default_scrape_interval), opt('default_scrape_timeout', args.scrape?.default_scrape_timeout)),
    ), {});
  };
}

export const prometheusOperator = {
  servicemonitors: operator('prometheus.operator.servicemonitors'),
  podmonitors: operator('prometheus.operator.podmonitors'),
  probes: operator('prometheus.operator.probes'),
  scrapeconfigs: operator('prometheus.operator.scrapeconfigs'),
} as const;
