// Which OTel signals an otelcol component's `input` takes, where it is not all three. Alloy's catalogue
// does not say (every input is one otelcol.Consumer type); each component's reference page does, in its
// "Exported fields" section ("`input` accepts `otelcol.Consumer` data for metrics", grafana/alloy
// docs/sources/reference/components/otelcol/<name>.md). A signal sent elsewhere is dropped at run time
// ("Other telemetry signals are ignored"), which the graph check reports instead. Left out: components whose
// signals depend on their arguments (otelcol.exporter.loadbalancing, otelcol.exporter.kafka, awss3).
export type OtelSignal = 'metrics' | 'logs' | 'traces';

export const otelInputSignals: ReadonlyMap<string, readonly OtelSignal[]> = new Map<string, readonly OtelSignal[]>([
  ['otelcol.connector.host_info', ['traces']],
  ['otelcol.connector.servicegraph', ['traces']],
  ['otelcol.connector.spanmetrics', ['traces']],
  ['otelcol.exporter.faro', ['logs', 'traces']],
  ['otelcol.exporter.loki', ['logs']],
  ['otelcol.exporter.prometheus', ['metrics']],
  ['otelcol.exporter.syslog', ['logs']],
  ['otelcol.processor.cumulativetodelta', ['metrics']],
  ['otelcol.processor.deltatocumulative', ['metrics']],
  ['otelcol.processor.discovery', ['traces']],
  ['otelcol.processor.interval', ['metrics']],
  ['otelcol.processor.metric_start_time', ['metrics']],
  ['otelcol.processor.probabilistic_sampler', ['logs', 'traces']],
  ['otelcol.processor.span', ['traces']],
]);
