// The double-scrape guard of the Prometheus Operator objects. The objects live in the cluster, so the export
// cannot read them; what it knows is which targets the built-in pipelines scrape. A ServiceMonitor or PodMonitor
// left over from kube-prometheus-stack (its kubelet, kube-state-metrics, node-exporter, API server monitors...)
// finds those same targets again, and every series would be stored twice and billed twice. So every operator
// component drops, by rule, the targets a built-in pipeline already scrapes: the built-in wins, with its own job
// name (what the Grafana Cloud Kubernetes app reads) and allow-list. What no rule can tell apart (a second
// exporter of the same kind, e.g. kube-prometheus-stack's own kube-state-metrics) is a warning at export.
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { fieldPath } from '../../config/field-path.ts';
import { claimedPods } from './autodiscovery.ts';
import { kubeStateMetricsTarget } from './exporter-targets.ts';
import { dropSelected, metaLabelName, re2Literal } from './pod-targets.ts';

/**
 * The kubelet's port. A monitor of the kubelet (the operator's `kubelet` Service) targets each node on it, as
 * endpoints that point at a Node, not a pod: that tells it from a pod serving on the same port (metrics-server).
 */
const kubeletPort = 10250;

/** The kubelet endpoints and the switch of the built-in pipeline that scrapes each. */
const kubeletPaths = [
  ['kubelet', '/metrics'],
  ['resources', '/metrics/resource'],
  ['cadvisor', '/metrics/cadvisor'],
  ['kubeletProbes', '/metrics/probes'],
] as const;

/** Drops the targets of one Service's endpoints (EndpointSlice targets carry the Service's namespace and name). */
function dropService(namespace: string, service: string): RuleArgs {
  return { source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_service_name'], regex: `${re2Literal(namespace)};${re2Literal(service)}`, action: 'drop' };
}

/**
 * Drops targets on `port` of the pods with every one of `labels` in `namespace`: the control-plane pods declare
 * no container ports (host network), so the address is what identifies them.
 */
function dropPodPort(namespace: string, labels: Readonly<Record<string, string>>, port: number): RuleArgs {
  const sources = ['__meta_kubernetes_namespace'];
  const parts = [re2Literal(namespace)];
  for (const [name, value] of Object.entries(labels)) {
    sources.push(`__meta_kubernetes_pod_labelpresent_${metaLabelName(name)}`, `__meta_kubernetes_pod_label_${metaLabelName(name)}`);
    parts.push('true', re2Literal(value));
  }
  sources.push('__address__');
  parts.push(`.+:${port}`);
  return { source_labels: sources, regex: parts.join(';'), action: 'drop' };
}

/** Drop rules for every target a built-in pipeline of this configuration already scrapes. */
export function builtinTargetDrops(config: Config): RuleArgs[] {
  const m = config.metrics;
  const rules: RuleArgs[] = claimedPods(config).map(dropSelected);
  // kube-state-metrics scraped through its Service: a monitor of that Service reaches the same replicas.
  const ksmService = m.kubeStateMetrics.enabled ? kubeStateMetricsTarget(config).service : undefined;
  if (ksmService !== undefined) rules.push(dropService(ksmService.namespace, ksmService.name));
  // Whichever route the built-in takes (API proxy or direct), the node and the path are the same series.
  const paths = kubeletPaths.filter(([key]) => m[key].enabled).map(([, path]) => re2Literal(path));
  if (paths.length > 0) {
    rules.push({
      source_labels: ['__meta_kubernetes_endpointslice_address_target_kind', '__address__', '__metrics_path__'],
      regex: `Node;.+:${kubeletPort};(?:${paths.join('|')})`,
      action: 'drop',
    });
  }
  const cp = m.controlPlane;
  if (cp.enabled) {
    if (cp.apiServer.enabled) rules.push(dropService('default', 'kubernetes'));
    for (const part of [cp.kubeControllerManager, cp.kubeScheduler, cp.kubeProxy, cp.etcd]) {
      if (part.enabled) rules.push(dropPodPort(part.namespace, part.podLabels, part.port));
    }
    // Known by its Service only: a monitor of another Service in front of the same pods is not recognised.
    if (cp.coreDns.enabled) rules.push(dropService(cp.coreDns.namespace, cp.coreDns.service));
  }
  return rules;
}

/**
 * What the rules cannot guard: a cluster whose ServiceMonitors come from kube-prometheus-stack runs that chart's
 * kube-state-metrics and node-exporter too. With the stack's own running beside them, every object and node is
 * reported by two exporters, under two jobs: the same data twice, which no target rule can tell apart.
 */
export function doubleScrapeWarnings(config: Config): string[] {
  const m = config.metrics;
  const objects = m.operatorObjects;
  if (!m.enabled || !objects.enabled || !(objects.serviceMonitors || objects.podMonitors)) return [];
  const own = [
    { on: m.kubeStateMetrics.enabled && config.kubeStateMetrics.enabled && config.kubeStateMetrics.deploy, field: 'kubeStateMetrics', name: 'kube-state-metrics' },
    { on: m.nodeExporter.enabled && config.nodeExporter.enabled && config.nodeExporter.deploy, field: 'nodeExporter', name: 'node-exporter' },
  ].filter((e) => e.on);
  if (own.length === 0) return [];
  return [`${fieldPath(['metrics', 'operatorObjects'])}: ServiceMonitors and PodMonitors are read while the stack deploys its own ${own.map((e) => e.name).join(' and ')}; ` +
    'if the cluster already runs one with a monitor (kube-prometheus-stack does), its series are reported twice under two jobs. ' +
    `Scrape the existing one instead (${own.map((e) => `${e.field}: { deploy: false, selector }`).join(', ')}; the guard then leaves it to the built-in), ` +
    'or leave its monitor out (metrics.operatorObjects.namespaces.exclude or labels)'];
}
