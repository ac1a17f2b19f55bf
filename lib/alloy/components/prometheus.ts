// prometheus.scrape, prometheus.relabel, prometheus.remote_write and prometheus.exporter.self,
// .mysql, .postgres and .redis.
import type { Block, Expr, Ref } from '../ast.ts';
import type { Component, Report } from '../component.ts';
import { body, draft, opt, within } from '../component.ts';
import type { RuleArgs } from '../relabel.ts';
import { ruleBlocks } from '../relabel.ts';
import { signalRelabel, type SignalRelabelArgs } from './signal-relabel.ts';
import { duration, forwardsSomewhere, nonEmpty, notGreater, notLonger, oneOf, positiveInteger, uniqueNames } from './checks.ts';
import type { ClusteringArgs, HttpAuthArgs, ProxyArgs, TlsConfigArgs } from './shared.ts';
import { clustering, httpAuth, proxy, sub, tlsConfig } from './shared.ts';
import type { Str } from './values.ts';
import { literalStrings } from './values.ts';
import type { PrometheusRemoteWriteArguments, PrometheusScrapeArguments, RemotewriteEndpointOptions, RemotewriteMetadataOptions, RemotewriteQueueOptions, RemotewriteSigV4Config, RemotewriteWALOptions } from './arguments.gen.ts';


export const scrapeProtocols = [
  'OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4', 'PrometheusProto',
] as const;

// The argument types are the generated ones (arguments.gen.ts), narrowed to what the stack sets.
export interface PrometheusScrapeArgs extends Pick<PrometheusScrapeArguments,
  'targets' | 'forward_to' | 'job_name' | 'scrape_interval' | 'scrape_timeout' | 'metrics_path' | 'bearer_token_file' | 'honor_labels'> {
  scheme?: 'http' | 'https' | Str;
  scrape_protocols?: readonly ((typeof scrapeProtocols)[number] | Str)[];
  tls_config?: TlsConfigArgs;
  clustering?: ClusteringArgs;
}

function scrape(label: string, args: PrometheusScrapeArgs): Component<Record<string, never>> {
  const d = draft('prometheus.scrape', label);
  forwardsSomewhere(d.report, args.forward_to);
  duration(d.report, 'scrape_interval', args.scrape_interval);
  duration(d.report, 'scrape_timeout', args.scrape_timeout);
  // Alloy compares them after applying its defaults, so "5s" alone fails against the 10s default timeout.
  notLonger(d.report, args.scrape_timeout === undefined ? 'scrape_timeout (default)' : 'scrape_timeout', args.scrape_timeout ?? '10s',
    args.scrape_interval === undefined ? 'scrape_interval (default)' : 'scrape_interval', args.scrape_interval ?? '60s');
  oneOf(d.report, 'scheme', args.scheme, ['http', 'https']);
  for (const protocol of literalStrings(args.scrape_protocols) ?? []) oneOf(d.report, 'scrape_protocols entry', protocol, scrapeProtocols);
  return d.finish(body(
    opt('targets', args.targets),
    opt('forward_to', args.forward_to),
    opt('job_name', args.job_name),
    opt('scrape_interval', args.scrape_interval),
    opt('scrape_timeout', args.scrape_timeout),
    opt('scheme', args.scheme),
    opt('metrics_path', args.metrics_path),
    opt('honor_labels', args.honor_labels),
    opt('scrape_protocols', args.scrape_protocols),
    opt('bearer_token_file', args.bearer_token_file),
    tlsConfig(args.tls_config, d.report),
    clustering(args.clustering),
  ), {});
}

export type PrometheusRelabelArgs = SignalRelabelArgs<'MetricsReceiver'>;

function relabel(label: string, args: PrometheusRelabelArgs): Component<{ receiver: Ref<'MetricsReceiver'>; rules: Ref<'RelabelRules'> }> {
  return signalRelabel('prometheus.relabel', label, args);
}

export type QueueConfigArgs = Pick<RemotewriteQueueOptions,
  'capacity' | 'min_shards' | 'max_shards' | 'max_samples_per_send' | 'batch_send_deadline' | 'min_backoff' | 'max_backoff' |
  'retry_on_http_429' | 'sample_age_limit'>;

/** AWS Signature V4; without keys the AWS SDK's default credential chain (IRSA, instance role). */
export type SigV4Args = Pick<RemotewriteSigV4Config, 'region' | 'access_key' | 'secret_key' | 'profile' | 'role_arn' | 'external_id'>;

/** Remote-write 1.0 and 2.0 message types (Alloy's protobuf_message). */
export const protobufMessages = ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'] as const;

export interface RemoteWriteEndpointArgs extends HttpAuthArgs, ProxyArgs, Pick<RemotewriteEndpointOptions, 'url' | 'name' | 'headers' | 'remote_timeout'> {
  protobuf_message?: (typeof protobufMessages)[number] | Str;
  sigv4?: SigV4Args;
  tls_config?: TlsConfigArgs;
  queue_config?: QueueConfigArgs;
  metadata_config?: Pick<RemotewriteMetadataOptions, 'send' | 'send_interval' | 'max_samples_per_send'>;
  write_relabel_config?: readonly (Block | RuleArgs)[];
}

export interface PrometheusRemoteWriteArgs extends Pick<PrometheusRemoteWriteArguments, 'external_labels'> {
  /** Required here: a remote_write without an endpoint sends nowhere. */
  endpoint: readonly RemoteWriteEndpointArgs[];
  wal?: Pick<RemotewriteWALOptions, 'truncate_frequency' | 'min_keepalive_time' | 'max_keepalive_time'>;
}

function endpoint(e: RemoteWriteEndpointArgs, i: number, report: Report): Block {
  const r = within(report, `endpoint ${i + 1}`);
  nonEmpty(r, 'url', e.url);
  duration(r, 'remote_timeout', e.remote_timeout);
  const q = e.queue_config;
  if (q) {
    const rq = within(r, 'queue_config');
    for (const name of ['batch_send_deadline', 'min_backoff', 'max_backoff', 'sample_age_limit'] as const) duration(rq, name, q[name]);
    notLonger(rq, 'min_backoff', q.min_backoff, 'max_backoff', q.max_backoff);
    notGreater(rq, 'min_shards', q.min_shards, 'max_shards', q.max_shards);
    for (const name of ['capacity', 'min_shards', 'max_shards', 'max_samples_per_send'] as const) positiveInteger(rq, name, q[name]);
  }
  const m = e.metadata_config;
  if (m) duration(within(r, 'metadata_config'), 'send_interval', m.send_interval);
  oneOf(r, 'protobuf_message', e.protobuf_message, protobufMessages);
  // Alloy counts sigv4 as one more auth method next to the HTTP client's (remotewrite errTooManyAuth).
  const httpAuthSet = [e.basic_auth, e.authorization, e.oauth2, e.bearer_token_file].some((a) => a !== undefined);
  if (e.sigv4 !== undefined && httpAuthSet) r('sigv4 cannot be combined with basic_auth, authorization, oauth2 or bearer_token_file');
  const v = e.sigv4;
  if (v && (v.access_key === undefined) !== (v.secret_key === undefined)) r('sigv4 needs both access_key and secret_key, or neither');
  return sub('endpoint', e,
    opt('url', e.url),
    opt('name', e.name),
    opt('headers', e.headers),
    opt('remote_timeout', e.remote_timeout),
    opt('protobuf_message', e.protobuf_message),
    opt('bearer_token_file', e.bearer_token_file),
    ...httpAuth(e, r),
    ...proxy(e, r),
    tlsConfig(e.tls_config, r),
    sub('queue_config', q,
      opt('capacity', q?.capacity), opt('min_shards', q?.min_shards), opt('max_shards', q?.max_shards),
      opt('max_samples_per_send', q?.max_samples_per_send), opt('batch_send_deadline', q?.batch_send_deadline),
      opt('min_backoff', q?.min_backoff), opt('max_backoff', q?.max_backoff),
      opt('retry_on_http_429', q?.retry_on_http_429), opt('sample_age_limit', q?.sample_age_limit)),
    sub('metadata_config', m, opt('send', m?.send), opt('send_interval', m?.send_interval), opt('max_samples_per_send', m?.max_samples_per_send)),
    ruleBlocks(e.write_relabel_config, 'write_relabel_config', r),
    sub('sigv4', v, opt('region', v?.region), opt('access_key', v?.access_key), opt('secret_key', v?.secret_key),
      opt('profile', v?.profile), opt('role_arn', v?.role_arn), opt('external_id', v?.external_id)),
  )!;
}

function remoteWrite(label: string, args: PrometheusRemoteWriteArgs): Component<{ receiver: Ref<'MetricsReceiver'> }> {
  const d = draft('prometheus.remote_write', label);
  // With no endpoint the component accepts samples and drops them.
  if (args.endpoint.length === 0) d.report('needs at least one endpoint: without one every sample is dropped');
  uniqueNames(d.report, 'endpoint', args.endpoint.map((e) => e.name));
  const w = args.wal;
  if (w) {
    const rw = within(d.report, 'wal');
    for (const name of ['truncate_frequency', 'min_keepalive_time', 'max_keepalive_time'] as const) duration(rw, name, w[name]);
    notLonger(rw, 'min_keepalive_time', w.min_keepalive_time, 'max_keepalive_time', w.max_keepalive_time);
  }
  return d.finish(body(
    opt('external_labels', args.external_labels),
    args.endpoint.map((e, i) => endpoint(e, i, d.report)),
    sub('wal', w, opt('truncate_frequency', w?.truncate_frequency), opt('min_keepalive_time', w?.min_keepalive_time),
      opt('max_keepalive_time', w?.max_keepalive_time)),
  ), { receiver: d.ref<'MetricsReceiver'>('receiver') });
}

/** Alloy's own metrics; scrape them without clustering (every instance has the same target labels). */
function exporterSelf(label: string): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('prometheus.exporter.self', label);
  return d.finish([], { targets: d.ref<'Targets'>('targets') });
}

// The database exporters built into Alloy, narrowed to the connection arguments the stack sets; the
// secret values arrive as expressions (sys.env) so they never appear in the file.
export interface ExporterMysqlArgs { data_source_name: Expr }
export interface ExporterPostgresArgs { data_source_names: readonly Expr[] }
export interface ExporterRedisArgs { redis_addr: string; redis_password?: Expr }

function exporterMysql(label: string, args: ExporterMysqlArgs): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('prometheus.exporter.mysql', label);
  return d.finish(body(opt('data_source_name', args.data_source_name)), { targets: d.ref<'Targets'>('targets') });
}

function exporterPostgres(label: string, args: ExporterPostgresArgs): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('prometheus.exporter.postgres', label);
  if (args.data_source_names.length === 0) d.report('data_source_names needs at least one entry');
  return d.finish(body(opt('data_source_names', [...args.data_source_names])), { targets: d.ref<'Targets'>('targets') });
}

function exporterRedis(label: string, args: ExporterRedisArgs): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('prometheus.exporter.redis', label);
  nonEmpty(d.report, 'redis_addr', args.redis_addr);
  return d.finish(body(opt('redis_addr', args.redis_addr), opt('redis_password', args.redis_password)), { targets: d.ref<'Targets'>('targets') });
}

export const prometheus = {
  scrape,
  relabel,
  remote_write: remoteWrite,
  exporter: { self: exporterSelf, mysql: exporterMysql, postgres: exporterPostgres, redis: exporterRedis },
} as const;
