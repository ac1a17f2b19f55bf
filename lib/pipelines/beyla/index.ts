// Config -> the Alloy of alloy-beyla: beyla.ebpf instrumenting the selected pods, its RED metrics scraped
// into the stack's metrics path (the local Prometheus gets everything, every other destination the
// `beyla` allow-list, as for any scraped component), and, when on, its spans through a batch to the
// trace destinations. Undefined when Beyla is off: then no alloy-beyla is rendered.
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { prometheus } from '../../alloy/components/index.ts';
import { otelcol } from '../../alloy/components/otelcol.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig, AlloyConfigFile, RbacRule } from '../alloy-config.ts';
import { mergeAlloyConfigs } from '../alloy-config.ts';
import { destinationPaths } from '../metrics/cloud-path.ts';
import { metricsDestinations, writersFor } from '../metrics/destinations.ts';
import { otlpDestinations, withExporters } from '../traces/destinations.ts';

/** The metricsTuning key and allow-list (allow-lists/beyla.yaml) of Beyla's metrics. */
export const beylaMetricsComponent = 'beyla';
export const beylaFileName = 'beyla.alloy';
export const beylaMetricsFileName = 'beyla-metrics.alloy';
export const beylaTracesFileName = 'beyla-traces.alloy';

/**
 * Beyla names each instrumented process by its pod: it watches pods, their owners (ReplicaSets to find
 * the Deployment) and nodes, read-only.
 */
export const beylaRbac: RbacRule[] = [
  { apiGroups: [''], resources: ['pods', 'nodes', 'services'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
];

/** One `instrument` block per namespace (or one for every namespace), each with the pod labels and ports. */
function selection(config: Config) {
  const b = config.beyla;
  const namespaces = b.namespaces ?? ['*'];
  return namespaces.map((namespace) => ({
    open_ports: b.openPorts,
    kubernetes: { namespace, pod_labels: b.podLabels },
  }));
}

export function beylaAlloyConfig(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>): AlloyConfig | undefined {
  const b = config.beyla;
  if (!b.enabled) return undefined;
  const parts: Partial<AlloyConfig>[] = [];
  const files: AlloyConfigFile[] = [];
  let traces: Ref<'OtelConsumer'>[] = [];
  if (b.traces.enabled) {
    const destinations = otlpDestinations(config);
    const exporters = withExporters(destinations, destinations.inputs.traces);
    // The cluster on every span, as the receiver sets it, then batches as the collector recommends.
    const batch = otelcol('otelcol.processor.batch', 'beyla', { output: { traces: destinations.inputs.traces } });
    const cluster = JSON.stringify(config.clusterName);
    const transform = otelcol('otelcol.processor.transform', 'beyla', {
      error_mode: 'ignore',
      trace_statements: [{ context: 'resource', statements: [`set(attributes["k8s.cluster.name"], ${cluster})`, `set(attributes["cluster"], ${cluster})`] }],
      output: { traces: [batch.exports.input] },
    });
    traces = [transform.exports.input];
    files.push({ name: beylaTracesFileName, file: file([transform.block, batch.block]) }, ...(exporters === undefined ? [] : [exporters]));
    parts.push({ secretEnv: destinations.secretEnv, secretReads: destinations.secretReads });
  }
  const features = [...b.metrics.features];
  const beyla = catalogued('beyla.ebpf', 'default', {
    attributes: { kubernetes: { enable: 'true', cluster_name: config.clusterName } },
    discovery: {
      instrument: selection(config),
      exclude_instrument: b.excludeNamespaces.length === 0 ? undefined : b.excludeNamespaces.map((namespace) => ({ kubernetes: { namespace } })),
    },
    ...(b.metrics.enabled ? { metrics: { features } } : {}),
    ...(b.traces.enabled && b.traces.contextPropagation ? { ebpf: { context_propagation: 'all' } } : {}),
    ...(b.traces.enabled ? { output: { traces } } : {}),
  }, (d) => ({ targets: d.ref<'Targets'>('targets') }));
  files.unshift({ name: beylaFileName, file: file([beyla.block]) });
  if (b.metrics.enabled) {
    const metrics = metricsDestinations(config, { otlp: true });
    const paths = destinationPaths(beylaMetricsComponent, beylaMetricsComponent, { local: metrics.local, destinations: metrics.destinations, defaultAllowLists });
    // Beyla names the pod in OpenTelemetry's terms; the stack's own labels beside them, so dashboards join
    // Beyla's series with cAdvisor's and kube-state-metrics' and destination routes by namespace take them.
    const names = prometheus.relabel('beyla_kubernetes', {
      forward_to: paths.forwardTo,
      rule: [['k8s_namespace_name', 'namespace'], ['k8s_pod_name', 'pod'], ['k8s_container_name', 'container']]
        .map(([from, to]) => ({ source_labels: [from!], regex: '(.+)', target_label: to! })),
    });
    const scrape: Component<object> = prometheus.scrape('beyla', {
      targets: beyla.exports.targets,
      forward_to: [names.exports.receiver],
      job_name: 'integrations/beyla',
      scrape_interval: b.metrics.scrapeInterval ?? config.metrics.scrapeInterval,
      // Beyla names each series' service itself (job, instance from the instrumented pod): kept as it says.
      honor_labels: true,
    });
    files.push({ name: beylaMetricsFileName, file: file([scrape.block, names.block, ...paths.blocks]) }, writersFor(metrics, beylaMetricsComponent));
    parts.push({ secretEnv: metrics.secretEnv, secretReads: metrics.secretReads });
  }
  return mergeAlloyConfigs([{ files, rbac: beylaRbac, secretEnv: [], hostMounts: [] }, ...parts]);
}
