// The receiver collector's pipeline: what applications send (OTLP, Jaeger, Zipkin) through the
// processors in the order the OpenTelemetry collector documentation recommends (memory_limiter first so
// a burst is refused before anything else allocates, k8sattributes and resourcedetection to say where
// the data came from, the user's filter and transform, batch last before the exporters), to the OTLP
// destinations. A signal goes through only when some destination takes it; OTLP metrics and logs also
// join the stack's metrics and logs paths (joinedPaths).
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { otelcol, type OtelcolExports } from '../../alloy/components/otelcol.ts';
import type { OtelcolConsumerArguments } from '../../alloy/components/arguments.gen.ts';
import type { Config } from '../../config/config.gen.ts';
import { quantityBytes } from '../../workloads/retention.ts';
import type { AlloyConfig, RbacRule } from '../alloy-config.ts';
import { mergeAlloyConfigs } from '../alloy-config.ts';
import { logDestinations } from '../logs/destinations.ts';
import { destinationPaths } from '../metrics/cloud-path.ts';
import { metricsDestinations, writersFor } from '../metrics/destinations.ts';
import { otlpDestinations, withExporters, type OtlpSignal } from './destinations.ts';
import { listenOn, receiverPorts, telemetryPorts } from './receiver-ports.ts';
import { profilesReceiverConfig } from '../profiles/receive.ts';
import { loadBalancer, samplingFileName, tailSampler } from './sampling.ts';
import { receiverResources } from './receiver-resources.ts';

export const receiversFileName = 'receivers.alloy';
export const processorsFileName = 'processors.alloy';
export const otlpMetricsFileName = 'otlp-metrics.alloy';
export const otlpLogsFileName = 'otlp-logs.alloy';
/** The metricsTuning key (and relabel label) of metrics that arrive over OTLP. */
export const otlpMetricsComponent = 'otlp';

/** What k8sattributes reads to name a sender's pod, its namespace, deployment (through its ReplicaSet) and node. */
export const k8sattributesRbac: RbacRule[] = [
  { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
];

const signals: readonly OtlpSignal[] = ['traces', 'metrics', 'logs'];

/** The consumer arguments sending each taken signal to `next`. */
function output(taken: readonly OtlpSignal[], next: (signal: OtlpSignal) => Ref<'OtelConsumer'>[]): OtelcolConsumerArguments {
  const out: { -readonly [K in OtlpSignal]?: Ref<'OtelConsumer'>[] } = {};
  for (const s of taken) out[s] = next(s);
  return out;
}

/**
 * memory_limiter from the container's memory limit: the hard limit at 80% of it (room for the Go
 * runtime and Alloy itself), the spike allowance at 20% of that, as the processor's documentation
 * suggests. Without a memory limit, the same fractions of what the cgroup reports.
 */
export function memoryLimits(config: Config): { limit?: string; spike_limit?: string; limit_percentage?: number; spike_limit_percentage?: number } {
  const memory = receiverResources(config).limits?.memory;
  if (memory === undefined) return { limit_percentage: 80, spike_limit_percentage: 16 };
  const mib = Math.floor(quantityBytes(memory) / 2 ** 20);
  const limit = Math.floor(mib * 0.8);
  return { limit: `${limit}MiB`, spike_limit: `${Math.floor(limit * 0.2)}MiB` };
}

/**
 * Metrics and logs that arrive over OTLP join the stack's own paths: metrics through
 * otelcol.exporter.prometheus into the local Prometheus (everything) and, per metrics destination, the
 * same allow-list relabel the scraped components pass (component `otlp`); logs through
 * otelcol.exporter.loki into the log destinations. Only what the OTLP receiver can carry (Jaeger and
 * Zipkin are spans only).
 */
function joinedPaths(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>) {
  const otlpOn = config.receiver.otlp.grpc.enabled || config.receiver.otlp.http.enabled;
  const parts: Partial<AlloyConfig>[] = [];
  const inputs: Record<'metrics' | 'logs', Ref<'OtelConsumer'>[]> = { metrics: [], logs: [] };
  // The local Prometheus exists exactly when metrics are on (the config check ties the two together).
  if (otlpOn && config.metrics.enabled) {
    const metrics = metricsDestinations(config);
    const paths = destinationPaths(otlpMetricsComponent, otlpMetricsComponent, { local: metrics.local, destinations: metrics.destinations, defaultAllowLists });
    const exporter = otelcol('otelcol.exporter.prometheus', 'default', { forward_to: paths.forwardTo });
    inputs.metrics.push(exporter.exports.input);
    parts.push({
      files: [{ name: otlpMetricsFileName, file: file([exporter.block, ...paths.blocks]) }, writersFor(metrics, otlpMetricsComponent)],
      secretEnv: metrics.secretEnv,
      secretReads: metrics.secretReads,
    });
  }
  const logs = otlpOn ? logDestinations(config) : undefined;
  if (logs !== undefined && logs.file !== undefined) {
    const exporter = otelcol('otelcol.exporter.loki', 'default', { forward_to: logs.receivers });
    inputs.logs.push(exporter.exports.input);
    parts.push({ files: [{ name: otlpLogsFileName, file: file([exporter.block]) }, logs.file], secretEnv: logs.secretEnv, secretReads: logs.secretReads });
  }
  return { inputs, parts };
}

/** The receiver's Alloy: the OpenTelemetry path and, when on, the profiles receiver; undefined when neither runs. */
export function receiverAlloyConfig(config: Config, defaultAllowLists: Readonly<Record<string, string[]>> = {}): AlloyConfig | undefined {
  if (!config.receiver.enabled) return undefined;
  const parts = [telemetryConfig(config, defaultAllowLists), profilesReceiverConfig(config)].filter((p) => p !== undefined);
  return parts.length === 0 ? undefined : mergeAlloyConfigs(parts);
}

function telemetryConfig(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>): AlloyConfig | undefined {
  const r = config.receiver;
  const ports = telemetryPorts(receiverPorts(config));
  if (ports.length === 0) return undefined;
  const destinations = otlpDestinations(config);
  const joined = joinedPaths(config, defaultAllowLists);
  destinations.inputs.metrics.push(...joined.inputs.metrics);
  destinations.inputs.logs.push(...joined.inputs.logs);
  const taken = signals.filter((s) => destinations.inputs[s].length > 0);
  if (taken.length === 0) return undefined;

  // After batch, spans go to the span-metrics and service-graph connectors (every span, before any
  // sampling decision, so rates and latencies stay true) and to tail sampling or the destinations.
  const traceStages: Component<OtelcolExports>[] = [];
  let traceEntry = destinations.inputs.traces;
  const ts = r.tailSampling;
  if (ts.enabled) {
    const sampling = ts.loadBalancing ? loadBalancer(config) : tailSampler(config, destinations.inputs.traces);
    traceStages.push(sampling);
    traceEntry = [sampling.exports.input];
  }
  const connectorMetrics = destinations.inputs.metrics;
  if (r.serviceGraph.enabled) {
    const graph = otelcol('otelcol.connector.servicegraph', 'default', { dimensions: ['k8s.cluster.name', 'k8s.namespace.name'], output: { metrics: connectorMetrics } });
    traceStages.unshift(graph);
    traceEntry = [graph.exports.input, ...traceEntry];
  }
  if (r.spanMetrics.enabled) {
    const spans = otelcol('otelcol.connector.spanmetrics', 'default', {
      dimension: r.spanMetrics.dimensions.map((name) => ({ name })),
      histogram: { explicit: {} },
      output: { metrics: connectorMetrics },
    });
    traceStages.unshift(spans);
    traceEntry = [spans.exports.input, ...traceEntry];
  }

  // Built from the end: each processor forwards to the one after it.
  const chain: Component<OtelcolExports>[] = [];
  let next = (s: OtlpSignal): Ref<'OtelConsumer'>[] => (s === 'traces' ? traceEntry : destinations.inputs[s]);
  const push = (c: Component<OtelcolExports>): void => {
    chain.unshift(c);
    next = () => [c.exports.input];
  };
  push(otelcol('otelcol.processor.batch', 'default', {
    timeout: r.batch.timeout, send_batch_size: r.batch.sendBatchSize, output: output(taken, next),
  }));
  // The cluster name on every signal, as the resource attribute OpenTelemetry names and as the `cluster`
  // label the metrics and logs of this stack carry; then the user's statements.
  const cluster = JSON.stringify(config.clusterName);
  const resourceStatements = [`set(attributes["k8s.cluster.name"], ${cluster})`, `set(attributes["cluster"], ${cluster})`];
  const statements = (context: string, user: readonly string[]) => [
    { context: 'resource', statements: resourceStatements },
    ...(user.length === 0 ? [] : [{ context, statements: [...user] }]),
  ];
  push(otelcol('otelcol.processor.transform', 'default', {
    error_mode: 'ignore',
    trace_statements: taken.includes('traces') ? statements('span', r.transform.spans) : undefined,
    metric_statements: taken.includes('metrics') ? statements('metric', r.transform.metrics) : undefined,
    log_statements: taken.includes('logs') ? statements('log', r.transform.logRecords) : undefined,
    output: output(taken, next),
  }));
  const f = r.filter;
  if (f.spans.length + f.metrics.length + f.logRecords.length > 0) {
    push(otelcol('otelcol.processor.filter', 'default', {
      error_mode: 'ignore',
      traces: f.spans.length === 0 ? undefined : { span: [...f.spans] },
      metrics: f.metrics.length === 0 ? undefined : { metric: [...f.metrics] },
      logs: f.logRecords.length === 0 ? undefined : { log_record: [...f.logRecords] },
      output: output(taken, next),
    }));
  }
  if (r.resourceDetection.enabled) {
    // env reads OTEL_RESOURCE_ATTRIBUTES; system adds host.name. Cloud detectors would call metadata
    // endpoints this stack does not know exist, so they are left to the user's transform.
    push(otelcol('otelcol.processor.resourcedetection', 'default', {
      detectors: ['env', 'system'], override: false, output: output(taken, next),
    }));
  }
  if (r.k8sattributes.enabled) {
    push(otelcol('otelcol.processor.k8sattributes', 'default', {
      extract: {
        metadata: ['k8s.namespace.name', 'k8s.pod.name', 'k8s.pod.uid', 'k8s.deployment.name', 'k8s.node.name'],
        label: r.k8sattributes.podLabels.length === 0 ? undefined : r.k8sattributes.podLabels.map((key) => ({ from: 'pod', key, tag_name: `k8s.pod.labels.${key}` })),
        annotation: r.k8sattributes.podAnnotations.length === 0 ? undefined : r.k8sattributes.podAnnotations.map((key) => ({ from: 'pod', key, tag_name: `k8s.pod.annotations.${key}` })),
      },
      // The sender's pod: by the attributes an SDK sets, else by the connection's source IP.
      pod_association: [
        { source: [{ from: 'resource_attribute', name: 'k8s.pod.ip' }] },
        { source: [{ from: 'resource_attribute', name: 'k8s.pod.uid' }] },
        { source: [{ from: 'connection' }] },
      ],
      output: output(taken, next),
    }));
  }
  push(otelcol('otelcol.processor.memory_limiter', 'default', { check_interval: '1s', ...memoryLimits(config), output: output(taken, next) }));

  const first = output(taken, next);
  const on = new Set(ports.map((p) => p.name));
  const port = (name: string) => listenOn(ports.find((p) => p.name === name)!.port);
  const receivers: Component<OtelcolExports>[] = [];
  if (on.has('otlp-grpc') || on.has('otlp-http')) {
    receivers.push(otelcol('otelcol.receiver.otlp', 'default', {
      grpc: on.has('otlp-grpc') ? { endpoint: port('otlp-grpc') } : undefined,
      http: on.has('otlp-http') ? { endpoint: port('otlp-http') } : undefined,
      output: first,
    }));
  }
  if (taken.includes('traces') && (on.has('jaeger-grpc') || on.has('jaeger-http') || on.has('jaeger-compact'))) {
    receivers.push(otelcol('otelcol.receiver.jaeger', 'default', {
      protocols: {
        grpc: on.has('jaeger-grpc') ? { endpoint: port('jaeger-grpc') } : undefined,
        thrift_http: on.has('jaeger-http') ? { endpoint: port('jaeger-http') } : undefined,
        thrift_compact: on.has('jaeger-compact') ? { endpoint: port('jaeger-compact') } : undefined,
      },
      output: { traces: first.traces },
    }));
  }
  if (taken.includes('traces') && on.has('zipkin')) {
    receivers.push(otelcol('otelcol.receiver.zipkin', 'default', { endpoint: port('zipkin'), output: { traces: first.traces } }));
  }
  return mergeAlloyConfigs([{
    files: [
      { name: receiversFileName, file: file(receivers.map((c) => c.block)) },
      { name: processorsFileName, file: file(chain.map((c) => c.block)) },
      ...(traceStages.length === 0 ? [] : [{ name: samplingFileName, file: file(traceStages.map((c) => c.block)) }]),
      // With a sampling tier, the trace exporters run there; here only what metrics and logs use.
      ...(() => {
        const used = [...(ts.enabled && ts.loadBalancing ? [] : destinations.inputs.traces), ...destinations.inputs.metrics, ...destinations.inputs.logs];
        const f = withExporters(destinations, used);
        return f === undefined ? [] : [f];
      })(),
    ],
    rbac: r.k8sattributes.enabled ? k8sattributesRbac : [],
    secretEnv: destinations.secretEnv,
    secretReads: destinations.secretReads,
  }, ...joined.parts]);
}
