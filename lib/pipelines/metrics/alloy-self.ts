// alloy.alloy: the metrics of every Alloy pod of the stack (metrics and logs workloads alike).
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { podIdentityLabels, selectPodContainers } from './pod-targets.ts';
import { stackPodLabels } from '../../config/names.ts';

/** The Alloy workloads must carry these pod labels and this container port. */
export const alloyPodLabels = { 'app.kubernetes.io/name': 'alloy' } as const;
export const alloyPort = { name: 'http-metrics', containerPort: 12345 } as const;

export function alloySelfPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  if (!config.metrics.alloy.enabled) return undefined;
  return scrapePipeline({
    component: 'alloy',
    label: 'alloy',
    discovery: 'pods',
    rules: [
      ...selectPodContainers({ namespaces: [config.namespace], labels: { ...alloyPodLabels, ...stackPodLabels(config) }, port: { name: alloyPort.name } }),
      ...podIdentityLabels,
    ],
    jobName: 'integrations/alloy',
    settings: config.metrics.alloy,
  }, ctx);
}
