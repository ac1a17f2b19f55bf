// kube-state-metrics.alloy: the stack's own kube-state-metrics, found among the shared pod targets.
// No namespace/pod/container target labels: they would overwrite the labels KSM puts on each object's series.
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { selectPodContainers } from './pod-targets.ts';

/** The kube-state-metrics workload must carry these pod labels and this container port. */
export const kubeStateMetricsPodLabels = { 'app.kubernetes.io/name': 'kube-state-metrics' } as const;
export const kubeStateMetricsPort = { name: 'http-metrics', containerPort: 8080 } as const;

export function kubeStateMetricsPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  if (!config.metrics.kubeStateMetrics.enabled) return undefined;
  return scrapePipeline({
    component: 'kube-state-metrics',
    label: 'kube_state_metrics',
    discovery: 'pods',
    rules: selectPodContainers({ namespaces: [config.namespace], labels: kubeStateMetricsPodLabels, port: { name: kubeStateMetricsPort.name } }),
    jobName: 'integrations/kubernetes/kube-state-metrics',
    settings: config.metrics.kubeStateMetrics,
  }, ctx);
}
