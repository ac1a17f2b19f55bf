// <app>.alloy: one pipeline per `metrics.apps` entry, picking pods by labels and container port.
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { App } from '../../config/config.gen.ts';
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { podIdentityLabels, selectPodContainers } from './pod-targets.ts';
import { enrichmentRules } from './enrichment.ts';

export function appPipeline(app: App, ctx: MetricsContext): MetricsPipeline {
  return scrapePipeline({
    component: app.name,
    label: sanitizeLabel(app.name),
    discovery: 'pods',
    rules: [
      ...selectPodContainers({ namespaces: app.namespaces, labels: app.podLabels, port: { number: app.port } }),
      ...podIdentityLabels,
      ...enrichmentRules(ctx.config),
    ],
    jobName: app.jobName ?? `integrations/${app.name}`,
    settings: app,
    // Only what differs from Alloy's defaults (http, /metrics), to keep the file short.
    scrape: {
      ...(app.scheme === 'http' ? {} : { scheme: app.scheme }),
      ...(app.path === '/metrics' ? {} : { metrics_path: app.path }),
    },
  }, ctx);
}

export function appPipelines(ctx: MetricsContext): MetricsPipeline[] {
  return ctx.config.metrics.apps.map((app) => appPipeline(app, ctx));
}
