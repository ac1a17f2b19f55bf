// Loki sources, loki.process, loki.relabel and loki.write.
import type { Block, Expr, Ref } from '../ast.ts';
import type { Component, Report } from '../component.ts';
import { body, draft, opt, within } from '../component.ts';
import { signalRelabel, type SignalRelabelArgs } from './signal-relabel.ts';
import { duration, forwardsSomewhere, nonEmpty, notLonger, oneOf, positiveInteger, uniqueNames } from './checks.ts';
import type { StageBlock } from './loki-stages.ts';
import type { ClusteringArgs, HttpAuthArgs, ProxyArgs, TlsConfigArgs } from './shared.ts';
import { clustering, httpAuth, proxy, sub, tlsConfig } from './shared.ts';
import type { Dict, Str } from './values.ts';
import type { FileFileWatch, LokiProcessArguments, LokiSourceFileArguments, LokiSourceJournalArguments, LokiSourceKubernetesArguments, LokiSourceKubernetesEventsArguments, LokiSourcePodlogsArguments, LokiWriteArguments, LokiWriteEndpointOptions } from './arguments.gen.ts';

type NoExports = Record<string, never>;

// The argument types are the generated ones (arguments.gen.ts), narrowed to what the stack sets.
export interface LokiSourceFileArgs extends Pick<LokiSourceFileArguments, 'targets' | 'forward_to' | 'tail_from_end'> {
  file_watch?: Pick<FileFileWatch, 'min_poll_frequency' | 'max_poll_frequency'>;
}

function sourceFile(label: string, args: LokiSourceFileArgs): Component<NoExports> {
  const d = draft('loki.source.file', label);
  forwardsSomewhere(d.report, args.forward_to);
  const w = args.file_watch;
  if (w) {
    const r = within(d.report, 'file_watch');
    duration(r, 'min_poll_frequency', w.min_poll_frequency);
    duration(r, 'max_poll_frequency', w.max_poll_frequency);
    notLonger(r, 'min_poll_frequency', w.min_poll_frequency, 'max_poll_frequency', w.max_poll_frequency);
  }
  return d.finish(body(
    opt('targets', args.targets),
    opt('forward_to', args.forward_to),
    opt('tail_from_end', args.tail_from_end),
    sub('file_watch', w, opt('min_poll_frequency', w?.min_poll_frequency), opt('max_poll_frequency', w?.max_poll_frequency)),
  ), {});
}

export interface LokiSourceKubernetesArgs extends Pick<LokiSourceKubernetesArguments, 'targets' | 'forward_to'> {
  clustering?: ClusteringArgs;
}

function sourceKubernetes(label: string, args: LokiSourceKubernetesArgs): Component<NoExports> {
  const d = draft('loki.source.kubernetes', label);
  forwardsSomewhere(d.report, args.forward_to);
  return d.finish(body(opt('targets', args.targets), opt('forward_to', args.forward_to), clustering(args.clustering)), {});
}

export interface LokiSourcePodlogsArgs extends Pick<LokiSourcePodlogsArguments, 'forward_to' | 'tail_from_end'> {
  selector?: { match_labels?: Dict<Str> };
  namespace_selector?: { match_labels?: Dict<Str> };
  node_filter?: { enabled: boolean; node_name?: Str | Expr };
  clustering?: ClusteringArgs;
}

function sourcePodlogs(label: string, args: LokiSourcePodlogsArgs): Component<NoExports> {
  const d = draft('loki.source.podlogs', label);
  forwardsSomewhere(d.report, args.forward_to);
  return d.finish(body(
    opt('forward_to', args.forward_to),
    opt('tail_from_end', args.tail_from_end),
    sub('selector', args.selector, opt('match_labels', args.selector?.match_labels)),
    sub('namespace_selector', args.namespace_selector, opt('match_labels', args.namespace_selector?.match_labels)),
    sub('node_filter', args.node_filter, opt('enabled', args.node_filter?.enabled), opt('node_name', args.node_filter?.node_name)),
    clustering(args.clustering),
  ), {});
}

export interface LokiSourceKubernetesEventsArgs extends Pick<LokiSourceKubernetesEventsArguments, 'forward_to' | 'job_name' | 'namespaces'> {
  log_format?: 'logfmt' | 'json' | Str;
  clustering?: ClusteringArgs;
}

function sourceKubernetesEvents(label: string, args: LokiSourceKubernetesEventsArgs): Component<NoExports> {
  const d = draft('loki.source.kubernetes_events', label);
  forwardsSomewhere(d.report, args.forward_to);
  oneOf(d.report, 'log_format', args.log_format, ['logfmt', 'json']);
  return d.finish(body(
    opt('forward_to', args.forward_to),
    opt('job_name', args.job_name),
    opt('log_format', args.log_format),
    opt('namespaces', args.namespaces),
    clustering(args.clustering),
  ), {});
}

export type LokiSourceJournalArgs = Pick<LokiSourceJournalArguments,
  'forward_to' | 'format_as_json' | 'max_age' | 'path' | 'matches' | 'labels' | 'relabel_rules'>;

function sourceJournal(label: string, args: LokiSourceJournalArgs): Component<NoExports> {
  const d = draft('loki.source.journal', label);
  forwardsSomewhere(d.report, args.forward_to);
  duration(d.report, 'max_age', args.max_age);
  return d.finish(body(
    opt('forward_to', args.forward_to),
    opt('format_as_json', args.format_as_json),
    opt('max_age', args.max_age),
    opt('path', args.path),
    opt('matches', args.matches),
    opt('labels', args.labels),
    opt('relabel_rules', args.relabel_rules),
  ), {});
}

export interface LokiProcessArgs extends Pick<LokiProcessArguments, 'forward_to'> {
  /** Run in this order. Build them with `stage.*`. */
  stages: readonly StageBlock[];
}

function lokiProcess(label: string, args: LokiProcessArgs): Component<{ receiver: Ref<'LogsReceiver'> }> {
  const d = draft('loki.process', label);
  forwardsSomewhere(d.report, args.forward_to);
  args.stages.forEach((s, i) => { if (!s.name.startsWith('stage.')) d.report(`stage ${i + 1} is a ${s.name} block, not a stage`); });
  return d.finish(body(opt('forward_to', args.forward_to), args.stages), { receiver: d.ref<'LogsReceiver'>('receiver') });
}

export type LokiRelabelArgs = SignalRelabelArgs<'LogsReceiver'>;

function relabel(label: string, args: LokiRelabelArgs): Component<{ receiver: Ref<'LogsReceiver'>; rules: Ref<'RelabelRules'> }> {
  return signalRelabel('loki.relabel', label, args);
}

export interface LokiWriteEndpointArgs extends HttpAuthArgs, ProxyArgs, Pick<LokiWriteEndpointOptions,
  'url' | 'name' | 'headers' | 'batch_wait' | 'remote_timeout' | 'min_backoff_period' | 'max_backoff_period' | 'max_backoff_retries' |
  'retry_on_http_429'> {
  /** Sent as X-Scope-OrgID. */
  tenant_id?: Str;
  /** A byte size such as "1MiB". */
  batch_size?: Str;
  tls_config?: TlsConfigArgs;
}

export interface LokiWriteArgs extends Pick<LokiWriteArguments, 'external_labels'> {
  /** Required here: a loki.write without an endpoint sends nowhere. */
  endpoint: readonly LokiWriteEndpointArgs[];
}

const endpointDurations = ['batch_wait', 'remote_timeout', 'min_backoff_period', 'max_backoff_period'] as const;

function endpoint(e: LokiWriteEndpointArgs, i: number, report: Report): Block {
  const r = within(report, `endpoint ${i + 1}`);
  nonEmpty(r, 'url', e.url);
  for (const name of endpointDurations) duration(r, name, e[name]);
  notLonger(r, 'min_backoff_period', e.min_backoff_period, 'max_backoff_period', e.max_backoff_period);
  positiveInteger(r, 'max_backoff_retries', e.max_backoff_retries, true);
  return sub('endpoint', e,
    opt('url', e.url),
    opt('name', e.name),
    opt('tenant_id', e.tenant_id),
    opt('headers', e.headers),
    opt('batch_size', e.batch_size),
    ...endpointDurations.map((name) => opt(name, e[name])),
    opt('max_backoff_retries', e.max_backoff_retries),
    opt('retry_on_http_429', e.retry_on_http_429),
    opt('bearer_token_file', e.bearer_token_file),
    ...httpAuth(e, r),
    ...proxy(e, r),
    tlsConfig(e.tls_config, r),
  )!;
}

function write(label: string, args: LokiWriteArgs): Component<{ receiver: Ref<'LogsReceiver'> }> {
  const d = draft('loki.write', label);
  if (args.endpoint.length === 0) d.report('needs at least one endpoint: without one every log line is dropped');
  uniqueNames(d.report, 'endpoint', args.endpoint.map((e) => e.name));
  return d.finish(body(
    opt('external_labels', args.external_labels),
    args.endpoint.map((e, i) => endpoint(e, i, d.report)),
  ), { receiver: d.ref<'LogsReceiver'>('receiver') });
}

export const loki = {
  source: {
    file: sourceFile,
    kubernetes: sourceKubernetes,
    kubernetes_events: sourceKubernetesEvents,
    podlogs: sourcePodlogs,
    journal: sourceJournal,
  },
  process: lokiProcess,
  relabel,
  write,
} as const;
