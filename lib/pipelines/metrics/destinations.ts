// destinations.alloy: the local Prometheus gets every series; Grafana Cloud (cloud.metrics, only when
// cloud write is on) and every metrics.destinations entry get what their filter and route let
// through. Every writer adds the `cluster` label.
import type { Block, Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { prometheus } from '../../alloy/components/index.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { Config, MetricsTuning, RemoteWriteQueue } from '../../config/config.gen.ts';
import { goDurationSeconds } from '../../config/duration.ts';
import type { AlloyConfigFile, SecretEnv, SecretRead } from '../alloy-config.ts';
import { CredentialReader, envPrefix, proxyArgs } from '../destination-credentials.ts';
import { objectName, type Naming } from '../../config/names.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { otlpDestinations, withExporters } from '../traces/destinations.ts';

/** The in-cluster Prometheus Service the local remote_write targets; the Prometheus workload must match. */
export const localPrometheus = { port: 9090 } as const;

export function localWriteUrl(config: Naming & { namespace: string }): string {
  return `http://${objectName(config, 'prometheus')}.${config.namespace}.svc:${localPrometheus.port}/api/v1/write`;
}

/** Environment variables Alloy reads the cloud credentials from (filled from the user's Secret). */
export const cloudMetricsEnv = {
  username: 'CLOUD_METRICS_USERNAME',
  password: 'CLOUD_METRICS_PASSWORD',
  token: 'CLOUD_METRICS_TOKEN',
} as const;

// Used when the environment gives no queue (the schema's defaults). The in-memory queue
// (capacity x maxShards = 500k samples, about 4 minutes at 2000 samples/s) only smooths bursts: during
// an outage the shards block on retries (backing off up to 5s) and unsent samples wait in the WAL, which
// keeps them for up to walMaxKeepalive. So the defaults ride out 480 minutes (8h) of Grafana Cloud
// outage, as long as the WAL volume has room; after 8h Alloy drops the oldest unsent data rather than
// fill the disk. outageMinutes() is this arithmetic; tests hold this comment to it.
export const defaultCloudQueue: RemoteWriteQueue = {
  capacity: 10000,
  maxShards: 50,
  maxSamplesPerSend: 2000,
  maxBackoff: '5s',
  walMaxKeepalive: '8h',
};

/** Minutes of cloud outage a queue covers at `samplesPerSecond`: in memory alone, and with the WAL. */
export function outageMinutes(queue: RemoteWriteQueue, samplesPerSecond: number): { memory: number; wal: number } {
  return {
    memory: (queue.capacity * queue.maxShards) / samplesPerSecond / 60,
    wal: goDurationSeconds(queue.walMaxKeepalive) / 60,
  };
}

/** One remote-write destination besides the local Prometheus, as the scrape pipelines route to it. */
export interface RoutedDestination {
  /** `cloud` for cloud.metrics, else the metrics.destinations name. */
  name: string;
  /** The Alloy label of its remote_write and the suffix of its per-component relabels. */
  label: string;
  receiver: Ref<'MetricsReceiver'>;
  /** allowLists: each component's cloudFilter with `tuning`; none: every series. */
  filter: 'allowLists' | 'none';
  tuning: Readonly<Record<string, MetricsTuning>>;
  /** Only these components send here (all when undefined). */
  components?: readonly string[];
  /** Only series with one of these `namespace` labels (all when undefined). */
  namespaces?: readonly string[];
}

export interface MetricsDestinations {
  file: AlloyConfigFile;
  local: Ref<'MetricsReceiver'>;
  /** Only when cloud write is on (kept for callers of cloudAllowList). */
  remote?: Ref<'MetricsReceiver'>;
  /** Cloud first (when on), then metrics.destinations in their order. */
  destinations: RoutedDestination[];
  secretEnv: SecretEnv[];
  secretReads: SecretRead[];
}

/** The protobuf message of each remote-write protocol version. */
const protocolMessage = { v1: 'prometheus.WriteRequest', v2: 'io.prometheus.write.v2.Request' } as const;

function queueArgs(queue: RemoteWriteQueue) {
  return {
    queue_config: {
      capacity: queue.capacity,
      max_shards: queue.maxShards,
      max_samples_per_send: queue.maxSamplesPerSend,
      max_backoff: queue.maxBackoff,
    },
  };
}

/** Labels `local` and `remote` are the local Prometheus and cloud.metrics; the config check keeps names off them. */
export const reservedMetricsDestinationNames: readonly string[] = ['local', 'remote', 'cloud'];

/**
 * `otlp`: also the OTLP destinations that take scraped metrics (traces.destinations[].scrapedMetrics), for the
 * workloads that scrape (alloy-metrics, alloy-beyla). The receiver leaves them out: what it was pushed already
 * reaches them as OTLP, by their signals.
 */
export function metricsDestinations(config: Config, options: { otlp?: boolean } = {}): MetricsDestinations {
  const externalLabels = { cluster: config.clusterName };
  const local = prometheus.remote_write('local', {
    external_labels: externalLabels,
    endpoint: [{ url: localWriteUrl(config) }],
  });
  const reader = new CredentialReader(config.namespace);
  const writers: Block[] = [];
  const destinations: RoutedDestination[] = [];
  if (config.enableCloudWrite) {
    const endpoint = config.cloud.metrics;
    if (endpoint === undefined) throw new Error('enableCloudWrite is true but cloud.metrics is not set');
    const queue = endpoint.queue ?? defaultCloudQueue;
    const remote = prometheus.remote_write('remote', {
      external_labels: externalLabels,
      endpoint: [{ url: endpoint.url, headers: endpoint.headers, ...reader.auth('CLOUD_METRICS', endpoint.auth), ...queueArgs(queue) }],
      wal: { max_keepalive_time: queue.walMaxKeepalive },
    });
    writers.push(remote.block);
    destinations.push({ name: 'cloud', label: 'remote', receiver: remote.exports.receiver, filter: 'allowLists', tuning: config.metricsTuning });
  }
  for (const d of config.metrics.destinations) {
    const prefix = envPrefix('METRICS', d.name);
    const label = sanitizeLabel(d.name);
    const queue = d.queue ?? defaultCloudQueue;
    // The tenant is Mimir's (and Cortex's, Thanos receive's) X-Scope-OrgID header.
    const headers = { ...(d.tenantId === undefined ? {} : { 'X-Scope-OrgID': d.tenantId }), ...d.headers };
    const writer = prometheus.remote_write(label, {
      // cluster first and not overridable (the config check refuses externalLabels.cluster).
      external_labels: { ...externalLabels, ...d.externalLabels },
      endpoint: [{
        url: reader.url(prefix, d),
        headers: Object.keys(headers).length > 0 ? headers : undefined,
        remote_timeout: d.remoteTimeout,
        protobuf_message: d.protocol === undefined ? undefined : protocolMessage[d.protocol],
        ...reader.auth(prefix, d.auth),
        ...proxyArgs(d.proxy),
        tls_config: reader.tls(prefix, d.tls),
        ...queueArgs(queue),
      }],
      wal: { max_keepalive_time: queue.walMaxKeepalive },
    });
    writers.push(writer.block);
    destinations.push({
      name: d.name,
      label,
      receiver: writer.exports.receiver,
      filter: d.filter,
      tuning: d.metricsTuning ?? config.metricsTuning,
      components: d.route?.components,
      namespaces: d.route?.namespaces,
    });
  }
  const otlp = options.otlp === true ? otlpWriters(config, destinations) : undefined;
  const cloud = destinations.find((d) => d.name === 'cloud');
  return {
    file: { name: 'destinations.alloy', file: file([local.block, ...reader.blocks, ...writers, ...(otlp?.blocks ?? [])]) },
    local: local.exports.receiver,
    ...(cloud === undefined ? {} : { remote: cloud.receiver }),
    destinations,
    secretEnv: [...reader.secretEnv, ...(otlp?.secretEnv ?? [])],
    secretReads: [...reader.secretReads, ...(otlp?.secretReads ?? [])],
  };
}

/**
 * OTLP destinations that take scraped series: an otelcol.receiver.prometheus each (Prometheus samples to OTLP),
 * routed to like any remote-write destination, feeding the destination's exporter (and its auth), which this file
 * then holds too. Pushes their RoutedDestination onto `destinations`.
 */
function otlpWriters(config: Config, destinations: RoutedDestination[]): { blocks: Block[]; secretEnv: SecretEnv[]; secretReads: SecretRead[] } | undefined {
  const chosen = config.traces.destinations.filter((d) => d.scrapedMetrics !== 'off');
  if (chosen.length === 0) return undefined;
  // Only the chosen destinations: no credential of another reaches this workload.
  const otlp = otlpDestinations({ ...config, traces: { ...config.traces, destinations: chosen } });
  const converters: Block[] = [];
  const used = chosen.map((d) => {
    const input = otlp.byName.get(d.name)!;
    const label = `otlp_${sanitizeLabel(d.name)}`;
    const converter = catalogued('otelcol.receiver.prometheus', label, { output: { metrics: [input] } }, (c) => ({ receiver: c.ref<'MetricsReceiver'>('receiver') }));
    // What remote_write's external_labels do for the other destinations: every series names its cluster.
    const cluster = prometheus.relabel(label, { forward_to: [converter.exports.receiver], rule: [{ target_label: 'cluster', replacement: config.clusterName }] });
    converters.push(cluster.block, converter.block);
    destinations.push({ name: d.name, label, receiver: cluster.exports.receiver, filter: d.scrapedMetrics === 'all' ? 'none' : 'allowLists', tuning: config.metricsTuning });
    return input;
  });
  const exporters = withExporters(otlp, used);
  return { blocks: [...converters, ...(exporters?.file.body.filter((s): s is Block => s.kind === 'block') ?? [])], secretEnv: otlp.secretEnv, secretReads: otlp.secretReads };
}

/**
 * The writers file for a workload that sends one component's metrics: a destination whose route leaves
 * the component out gets no writer there, since it would run idle and the graph check refuses a writer
 * nothing forwards to.
 */
export function writersFor(metrics: MetricsDestinations, component: string): AlloyConfigFile {
  const unused = new Set(metrics.destinations.filter((d) => d.components !== undefined && !d.components.includes(component)).map((d) => d.label));
  const body = metrics.file.file.body.filter((b) => !(b.kind === 'block' && b.name === 'prometheus.remote_write' && unused.has(b.label ?? '')));
  return { name: metrics.file.name, file: { kind: 'file', body } };
}
