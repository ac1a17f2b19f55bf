// applicationObservability: the chart's receiver collector (alloy-receiver), to which applications push
// OTLP, Jaeger or Zipkin data -> receiver. Only the receivers and their ports map; the chart's
// processors, connectors and per-signal filters and transforms stay unsupported, since their options
// differ from this library's typed ones (receiver.k8sattributes, filter, transform, spanMetrics...).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';

/** The chart's receiver keys -> receiver fields. Every one is off unless the values turn it on. */
const receivers: { path: string[]; field: string[] }[] = [
  { path: ['otlp', 'grpc'], field: ['otlp', 'grpc'] },
  { path: ['otlp', 'http'], field: ['otlp', 'http'] },
  { path: ['jaeger', 'grpc'], field: ['jaeger', 'grpc'] },
  { path: ['jaeger', 'thriftHttp'], field: ['jaeger', 'thriftHttp'] },
  { path: ['jaeger', 'thriftCompact'], field: ['jaeger', 'thriftCompact'] },
  { path: ['zipkin'], field: ['zipkin'] },
];

export function applicationObservability(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['applicationObservability'];
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'receiver.enabled');
  if (!enabled) {
    records.ignored(at, 'applicationObservability.enabled is false, so the chart reads none of these keys');
    return;
  }
  const receiver: Record<string, DraftValue> = { enabled: true };
  const set = (field: string[], value: DraftValue) => {
    let node = receiver;
    for (const part of field.slice(0, -1)) node = (node[part] ??= {}) as Record<string, DraftValue>;
    node[field[field.length - 1]!] = value;
  };
  let any = false;
  for (const { path, field } of receivers) {
    const r: ValuePath = [...at, 'receivers', ...path];
    const on = read.bool([...r, 'enabled']) ?? false;
    if (read.has([...r, 'enabled'])) records.mapped([...r, 'enabled'], `receiver.${field.join('.')}.enabled`);
    // Written out either way: the chart's receivers are all off by default, this library's need not be.
    const out: Record<string, DraftValue> = { enabled: on };
    const port = read.number([...r, 'port']);
    if (port !== undefined) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        records.unsupported([...r, 'port'], `${port} is not a port`, ['receiver']);
        return;
      }
      if (on) out.port = port;
      records.mapped([...r, 'port'], on ? `receiver.${field.join('.')}.port` : 'the receiver is off');
    }
    set(field, out);
    any ||= on;
  }
  if (!any) {
    records.unsupported([...at, 'receivers'], 'no receiver is on: the chart\'s receiver collector would listen on nothing', ['receiver']);
    return;
  }
  if (draft.get(['traces', 'destinations']) === undefined) {
    records.unsupported(at, 'no OTLP destination (mapped to traces.destinations) takes the receiver\'s data', ['receiver']);
    return;
  }
  const unmapped: Record<string, string> = {
    processors: 'the chart\'s processor options (k8sattributes from namespaces, batch, memory limiter...) differ from receiver.k8sattributes / batch: set those by hand',
    connectors: 'the chart\'s connectors (grafanaCloudMetrics host info, span logs, span metrics options) have no one-to-one field; receiver.spanMetrics and serviceGraph are this library\'s',
    metrics: 'per-signal filters and transforms: write them as receiver.filter / receiver.transform OTTL by hand',
    logs: 'per-signal filters and transforms: write them as receiver.filter / receiver.transform OTTL by hand',
    traces: 'per-signal filters and transforms: write them as receiver.filter / receiver.transform OTTL by hand',
  };
  for (const [key, why] of Object.entries(unmapped)) if (read.present([...at, key])) records.unsupported([...at, key], why, ['receiver']);
  draft.set(['receiver'], receiver);
  // The chart sends every metric the receiver gets to its Prometheus destination: no allow-list on the way.
  if (draft.get(['cloud', 'metrics']) !== undefined) {
    draft.set(['metricsTuning', 'otlp'], { useDefaultAllowList: false });
    draft.note(['metricsTuning', 'otlp'], 'the chart sends every metric applications push to its destination; the default list is switched off to do the same');
  }
  draft.from(['receiver'], 'applicationObservability.enabled', 'applicationObservability.receivers');
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-receiver)');
}
