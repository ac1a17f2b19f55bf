// prometheus.relabel and loki.relabel: the same component for two signals. Rules rewrite each sample's
// or entry's labels, then everything left goes to forward_to, which only takes receivers of that signal.
import type { Block, Ref } from '../ast.ts';
import type { Component } from '../component.ts';
import { body, draft, opt } from '../component.ts';
import type { RuleArgs } from '../relabel.ts';
import { ruleBlocks } from '../relabel.ts';
import { forwardsSomewhere, positiveInteger } from './checks.ts';
import type { LokiRelabelArguments, PrometheusRelabelArguments } from './arguments.gen.ts';

type Receiver = 'MetricsReceiver' | 'LogsReceiver';

export interface SignalRelabelArgs<R extends Receiver> extends Pick<LokiRelabelArguments & PrometheusRelabelArguments, 'max_cache_size'> {
  forward_to: readonly Ref<R>[];
  rule?: readonly (Block | RuleArgs)[];
}

export function signalRelabel<R extends Receiver>(
  type: 'prometheus.relabel' | 'loki.relabel',
  label: string,
  args: SignalRelabelArgs<R>,
): Component<{ receiver: Ref<R>; rules: Ref<'RelabelRules'> }> {
  const d = draft(type, label);
  forwardsSomewhere(d.report, args.forward_to);
  positiveInteger(d.report, 'max_cache_size', args.max_cache_size);
  return d.finish(body(
    opt('forward_to', args.forward_to),
    opt('max_cache_size', args.max_cache_size),
    ruleBlocks(args.rule, 'rule', d.report),
  ), { receiver: d.ref<R>('receiver'), rules: d.ref<'RelabelRules'>('rules') });
}
