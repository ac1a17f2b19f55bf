// kepler.alloy, opencost.alloy, windows-exporter.alloy: the optional exporters the stack deploys when asked
// (kepler, opencost, windowsExporter), each found among the shared pod targets by its pod labels and port, and
// scraped under the job name Grafana's dashboards for it select on (the k8s-monitoring chart's jobLabel).
import type { Config } from '../../config/config.gen.ts';
import { stackPodLabels } from '../../config/names.ts';
import { selectPodContainers } from './pod-targets.ts';
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';

export interface OptionalExporter {
  /** The workload's settings key, and the scrape settings' key under `metrics`. */
  key: 'kepler' | 'opencost' | 'windowsExporter';
  /** The allow-list and metricsTuning key, and the file name. */
  component: string;
  label: string;
  podLabels: Readonly<Record<string, string>>;
  port: { name: string; containerPort: number };
  jobName: string;
}

export const keplerExporter: OptionalExporter = {
  key: 'kepler', component: 'kepler', label: 'kepler',
  podLabels: { 'app.kubernetes.io/name': 'kepler' },
  // Kepler's own default listen address (:28282).
  port: { name: 'http', containerPort: 28282 },
  jobName: 'integrations/kepler',
};

export const opencostExporter: OptionalExporter = {
  key: 'opencost', component: 'opencost', label: 'opencost',
  podLabels: { 'app.kubernetes.io/name': 'opencost' },
  // OpenCost's API_PORT default; it serves /metrics there too.
  port: { name: 'http', containerPort: 9003 },
  jobName: 'integrations/opencost',
};

export const windowsExporter: OptionalExporter = {
  key: 'windowsExporter', component: 'windows-exporter', label: 'windows_exporter',
  podLabels: { 'app.kubernetes.io/name': 'windows-exporter' },
  // windows_exporter's default port, on the node (HostProcess pods share the node's network).
  port: { name: 'metrics', containerPort: 9182 },
  jobName: 'integrations/windows-exporter',
};

export const optionalExporters: readonly OptionalExporter[] = [keplerExporter, opencostExporter, windowsExporter];

/** Whether the stack runs the exporter: its workload is on and its scrape is not switched off. */
export const runsExporter = (config: Config, exporter: OptionalExporter): boolean =>
  config[exporter.key].enabled && config.metrics[exporter.key].enabled;

function exporterPipeline(ctx: MetricsContext, exporter: OptionalExporter): MetricsPipeline | undefined {
  const { config } = ctx;
  if (!runsExporter(config, exporter)) return undefined;
  return scrapePipeline({
    component: exporter.component,
    label: exporter.label,
    discovery: 'pods',
    rules: [
      ...selectPodContainers({ namespaces: [config.namespace], labels: { ...exporter.podLabels, ...stackPodLabels(config) }, port: { name: exporter.port.name } }),
      // One exporter per node (Kepler, windows-exporter): the node names the series, so they outlive the pod.
      ...(exporter.key === 'opencost' ? [] : [{ source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'instance' }]),
    ],
    jobName: exporter.jobName,
    settings: config.metrics[exporter.key],
  }, ctx);
}

export function optionalExporterPipelines(ctx: MetricsContext): (MetricsPipeline | undefined)[] {
  return optionalExporters.map((exporter) => exporterPipeline(ctx, exporter));
}
