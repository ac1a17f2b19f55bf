// prometheus.alloy: the local Prometheus's own metrics (ingestion, TSDB, disk), so its health is visible.
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { podIdentityLabels, selectPodContainers } from './pod-targets.ts';
import { stackPodLabels } from '../../config/names.ts';

/** The Prometheus workload must carry these pod labels and this container port. */
export const prometheusPodLabels = { 'app.kubernetes.io/name': 'prometheus' } as const;
export const prometheusPort = { name: 'http-web', containerPort: 9090 } as const;

export function prometheusSelfPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  // Without the Prometheus workload there is nothing to scrape.
  if (!config.metrics.prometheus.enabled || !config.prometheus.enabled) return undefined;
  return scrapePipeline({
    component: 'prometheus',
    label: 'prometheus',
    discovery: 'pods',
    rules: [
      ...selectPodContainers({ namespaces: [config.namespace], labels: { ...prometheusPodLabels, ...stackPodLabels(config) }, port: { name: prometheusPort.name } }),
      ...podIdentityLabels,
    ],
    jobName: 'integrations/prometheus',
    settings: config.metrics.prometheus,
  }, ctx);
}
