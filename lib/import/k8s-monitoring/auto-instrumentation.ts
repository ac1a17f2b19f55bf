// autoInstrumentation: Grafana Beyla in its own DaemonSet, its metrics scraped by Alloy. Here that is the
// `beyla` field. The chart passes Beyla's own YAML through (beyla.config.data); only the discovery rules
// and metric families with a typed field here are read, every other Beyla setting stays unsupported.
import type { ImportContext } from '../context.ts';
import { isPlainObject, type ValuePath } from '../values.ts';
import { metricsWithoutClusterSources, resourcesOf } from './cluster-metrics.ts';
import { daemonSetTolerations } from './scheduling.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// Beyla matches selectors as regular expressions; only a plain value means the same as this library's
// equal-label selection.
const plainValue = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const families = ['application', 'application_process', 'application_service_graph', 'application_span', 'network'];

export function autoInstrumentation(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['autoInstrumentation'];
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'beyla.enabled');
  if (!enabled) {
    if (read.has(at)) records.ignored(at, 'autoInstrumentation.enabled is false, so the chart reads none of these keys');
    return;
  }
  const data: ValuePath = [...at, 'beyla', 'config', 'data'];
  const discovery: ValuePath = [...data, 'discovery'];
  const services = read.list([...discovery, 'services']);
  const preset = read.string([...at, 'preset']) ?? 'application';
  if (services === undefined && (preset !== 'application' || read.has(discovery))) {
    records.unsupported(at, 'no beyla.config.data.discovery.services: name the pods with a discovery rule', ['beyla']);
    return;
  }
  draft.set(['beyla', 'enabled'], true);
  draft.from(['beyla'], 'autoInstrumentation.enabled');
  metricsWithoutClusterSources(context, 'Beyla');

  // No discovery at all: the chart's application preset (3.8, feature-auto-instrumentation
  // _beyla-config.tpl) instruments every namespace (k8s_namespace "*") but Alloy's, the collector's and
  // Beyla's own executables. Here: every namespace, none excluded (below); Beyla's
  // default_exclude_instrument leaves out those same executables.
  if (services === undefined) draft.note(['beyla'], 'no discovery rules: the chart\'s application preset instruments every namespace, as here');

  // One rule (Beyla ORs several; here one selection of labels, by namespace).
  const rule = services !== undefined && services.length === 1 && isPlainObject(services[0]) ? services[0] : undefined;
  const ruleKeys = rule === undefined ? [] : Object.keys(rule);
  const labels = rule?.k8s_pod_labels;
  const namespace = rule?.k8s_namespace;
  const labelsOk = labels === undefined || (isPlainObject(labels) && Object.keys(labels).length > 0
    && Object.values(labels).every((v) => typeof v === 'string' && plainValue.test(v)));
  const namespaceOk = namespace === undefined || (typeof namespace === 'string' && dnsLabel.test(namespace));
  if (services === undefined) {
    // Selection: every namespace (above).
  } else if (rule === undefined || ruleKeys.length === 0 || ruleKeys.some((k) => k !== 'k8s_pod_labels' && k !== 'k8s_namespace') || !labelsOk || !namespaceOk) {
    records.unsupported([...discovery, 'services'], 'only one rule of k8s_pod_labels and k8s_namespace with plain values (no regular expressions) has a field here (beyla.podLabels, beyla.namespaces)', ['beyla']);
  } else {
    if (labels !== undefined) draft.set(['beyla', 'podLabels'], labels as Record<string, string>);
    if (namespace !== undefined) draft.set(['beyla', 'namespaces'], [namespace as string]);
    draft.from(['beyla'], 'autoInstrumentation.beyla.config.data.discovery.services');
    draft.note(['beyla'], 'Beyla reads a rule\'s values as regular expressions (a part of the value matches); here each is matched whole');
    records.mapped([...discovery, 'services'], 'beyla.podLabels, beyla.namespaces');
  }

  // Rules of one k8s_namespace each are the namespaces excluded; none given, Beyla excludes none.
  const exclude = read.list([...discovery, 'exclude_services']) ?? [];
  const excluded = exclude.map((r) => (isPlainObject(r) && Object.keys(r).length === 1 ? r.k8s_namespace : undefined));
  if (excluded.every((n): n is string => typeof n === 'string' && dnsLabel.test(n))) {
    draft.set(['beyla', 'excludeNamespaces'], excluded);
    if (exclude.length > 0) {
      draft.from(['beyla'], 'autoInstrumentation.beyla.config.data.discovery.exclude_services');
      records.mapped([...discovery, 'exclude_services'], 'beyla.excludeNamespaces');
    }
    else draft.note(['beyla'], 'the chart excludes no namespace, so excludeNamespaces is empty');
  } else records.unsupported([...discovery, 'exclude_services'], 'only rules of one plain k8s_namespace each have a field here (beyla.excludeNamespaces)', ['beyla']);

  const otel = read.bool([...discovery, 'exclude_otel_instrumented_services']);
  if (otel === true) records.ignored([...discovery, 'exclude_otel_instrumented_services'], 'Beyla\'s default, as here');
  else if (otel === false) records.unsupported([...discovery, 'exclude_otel_instrumented_services'], 'instrumenting services that already export OpenTelemetry has no field here', ['beyla']);
  for (const key of Object.keys(read.map(discovery) ?? {})) {
    if (!['services', 'exclude_services', 'exclude_otel_instrumented_services'].includes(key)) {
      records.unsupported([...discovery, key], 'this Beyla discovery setting has no field here', ['beyla']);
    }
  }

  // Metric families: named in Beyla's YAML, or application_span alone with spanMetricsOnly.
  const named = read.strings([...data, 'prometheus_export', 'features']);
  const spanOnly = read.bool([...at, 'spanMetricsOnly']) ?? false;
  if (named !== undefined) {
    const bad = named.filter((f) => !families.includes(f));
    if (bad.length > 0 || named.length === 0) records.unsupported([...data, 'prometheus_export', 'features'], `Beyla metric families with no equivalent here: ${bad.join(', ') || '(none named)'}`, ['beyla']);
    else {
      draft.set(['beyla', 'metrics', 'features'], named);
    draft.from(['beyla'], 'autoInstrumentation.beyla.config.data.prometheus_export.features');
      records.mapped([...data, 'prometheus_export', 'features'], 'beyla.metrics.features');
    }
  } else if (spanOnly) {
    draft.set(['beyla', 'metrics', 'features'], ['application_span']);
    draft.from(['beyla'], 'autoInstrumentation.spanMetricsOnly');
    draft.note(['beyla'], 'spanMetricsOnly: Beyla exports its span metrics family alone');
  } else {
    records.unsupported([...at, 'spanMetricsOnly'], 'the chart\'s default metric families come from its preset (with application_host, which has no equivalent here): name them in prometheus_export.features', ['beyla']);
  }
  if (read.has([...at, 'spanMetricsOnly'])) records.mapped([...at, 'spanMetricsOnly'], 'beyla.metrics.features');
  if (read.has([...data, 'prometheus_export', 'path'])) records.ignored([...data, 'prometheus_export', 'path'], 'the scrape path is this library\'s own');

  const kubernetes = read.bool([...data, 'attributes', 'kubernetes', 'enable']);
  if (kubernetes === true) records.ignored([...data, 'attributes', 'kubernetes', 'enable'], 'Kubernetes metadata is always on here');
  else if (kubernetes === false) records.unsupported([...data, 'attributes', 'kubernetes', 'enable'], 'Kubernetes metadata cannot be switched off here', ['beyla']);
  for (const key of Object.keys(read.map(data) ?? {})) {
    if (key === 'discovery' || key === 'prometheus_export' || key === 'attributes') continue;
    records.unsupported([...data, key], 'raw Beyla configuration has no typed field here', ['beyla']);
  }
  for (const key of Object.keys(read.map([...data, 'attributes']) ?? {})) {
    if (key !== 'kubernetes') records.unsupported([...data, 'attributes', key], 'raw Beyla configuration has no typed field here', ['beyla']);
  }
  for (const key of Object.keys(read.map([...data, 'prometheus_export']) ?? {})) {
    if (key !== 'features' && key !== 'path') records.unsupported([...data, 'prometheus_export', key], 'raw Beyla configuration has no typed field here', ['beyla']);
  }

  // The chart hands Beyla's spans to the OTLP receiver when application observability is on; here they go to
  // the trace destinations the receiver writes to.
  if (read.bool(['applicationObservability', 'enabled']) === true) {
    draft.set(['beyla', 'traces', 'enabled'], true);
    draft.note(['beyla'], 'the chart sends Beyla\'s spans through application observability; here they go to traces.destinations');
  }

  // The chart tunes no Beyla series by default: every one goes to the destination.
  draft.set(['metricsTuning', 'beyla'], { useDefaultAllowList: false });
  draft.note(['metricsTuning', 'beyla'], 'the chart sends every Beyla series to its destination; the default list is switched off to do the same');
  if (read.has([...at, 'preset'])) {
    if (read.string([...at, 'preset']) === 'application') records.ignored([...at, 'preset'], 'the application preset is what this library renders');
    else records.unsupported([...at, 'preset'], 'only the application preset has an equivalent here', ['beyla']);
  }
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-beyla)');
  if (read.has([...at, 'beyla', 'resources'])) {
    const out = resourcesOf(context, [...at, 'beyla', 'resources']);
    if (out !== undefined) {
      draft.set(['beyla', 'resources'], out);
      draft.from(['beyla'], 'autoInstrumentation.beyla.resources');
    }
  }
  daemonSetTolerations(context, [...at, 'beyla', 'tolerations'], 'alloy-beyla');
}
