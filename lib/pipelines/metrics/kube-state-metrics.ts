// kube-state-metrics.alloy: the stack's own kube-state-metrics, or with `deploy: false` the cluster's
// (exporter-targets.ts), found among the shared pod targets, or through its Service when it runs more than one
// replica. No namespace/pod/container target labels: they would overwrite the labels KSM puts on each object's series.
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { selectPodContainers } from './pod-targets.ts';
import { kubeStateMetricsTarget } from './exporter-targets.ts';
import { effectiveNamespaces, seriesNamespaceRules } from './namespaces.ts';

/** The kube-state-metrics workload must carry these pod labels and this container port. */
export const kubeStateMetricsPodLabels = { 'app.kubernetes.io/name': 'kube-state-metrics' } as const;
export const kubeStateMetricsPort = { name: 'http-metrics', containerPort: 8080 } as const;

export function kubeStateMetricsPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  if (!config.metrics.kubeStateMetrics.enabled) return undefined;
  const target = kubeStateMetricsTarget(config);
  const service = target.service;
  return scrapePipeline({
    component: 'kube-state-metrics',
    label: 'kube_state_metrics',
    discovery: 'pods',
    rules: selectPodContainers(target.pods),
    // The Service's name: one target, so whichever replica answers, each series is stored once. `instance` stays
    // the Service's address, the same whichever replica answered.
    ...(service === undefined ? {} : { staticTargets: [{ __address__: `${service.name}.${service.namespace}.svc:${service.port}` }] }),
    jobName: 'integrations/kubernetes/kube-state-metrics',
    settings: config.metrics.kubeStateMetrics,
    scrape: target.scrape,
    // Our own kube-state-metrics takes the namespace filter as flags (it then lists less); a cluster's own is
    // filtered on its series.
    ...(config.kubeStateMetrics.deploy ? {} : { seriesRules: seriesNamespaceRules(kubeStateMetricsNamespaces(config)) }),
    enrichWith: ctx.podTable,
  }, ctx);
}

/** The namespaces kube-state-metrics reports on: its own filter, else metrics.namespaces. */
export const kubeStateMetricsNamespaces = (config: MetricsContext['config']) =>
  effectiveNamespaces(config.metrics.kubeStateMetrics.namespaces, config.metrics.namespaces);
