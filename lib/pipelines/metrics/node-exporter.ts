// node-exporter.alloy: the stack's node-exporter DaemonSet, or with `deploy: false` the cluster's
// (exporter-targets.ts), one target per node. `instance` is the
// node name (not the pod), so a node's series survive the exporter pod being replaced.
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { selectPodContainers } from './pod-targets.ts';
import { explainedRule } from './cloud-path.ts';
import { nodeExporterTarget } from './exporter-targets.ts';
import { nodeLabelRules } from './node-labels.ts';

/** The node-exporter workload must carry these pod labels and this container port. */
export const nodeExporterPodLabels = { 'app.kubernetes.io/name': 'node-exporter' } as const;
export const nodeExporterPort = { name: 'metrics', containerPort: 9100 } as const;

// On the cloud path only, after the allow-list (as the k8s-monitoring chart does).
export const nodeExporterCloudRules = [
  explainedRule([
    'Cost: ramfs and tmpfs are memory, not disk; every Secret, ConfigMap and projected volume is a tmpfs',
    'mount, so their filesystem series grow with the pods on the node.',
  ], { source_labels: ['__name__', 'fstype'], separator: '@', regex: 'node_filesystem_.*@(ramfs|tmpfs)', action: 'drop' }),
] as const;

export function nodeExporterPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  if (!config.metrics.nodeExporter.enabled) return undefined;
  const target = nodeExporterTarget(config);
  return scrapePipeline({
    component: 'node-exporter',
    label: 'node_exporter',
    discovery: 'pods',
    rules: [
      ...selectPodContainers(target.pods),
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'instance' },
      // From the node the pod runs on: the shared pod watch attaches it (discovery.ts).
      ...nodeLabelRules(config),
    ],
    cloudRules: nodeExporterCloudRules,
    jobName: 'integrations/node_exporter',
    settings: config.metrics.nodeExporter,
    scrape: target.scrape,
  }, ctx);
}
