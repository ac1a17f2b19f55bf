// Self-reporting: info series that say what this stack runs, in the names Grafana Cloud's Kubernetes
// app reads from Grafana's chart (grafana_kubernetes_monitoring_build_info and _feature_info, feature
// keys as the chart's values name them), with source="alloy-stack" so they are not taken for the chart.
// A text-format file beside the config, read by prometheus.exporter.unix's textfile collector alone (no
// host access), scraped by one replica (clustering), sent to the local Prometheus and Grafana Cloud only.
import { file } from '../../alloy/ast.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { discovery, prometheus } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig } from '../alloy-config.ts';
import { integrationNames } from '../../integrations/index.ts';
import type { MetricsContext } from './scrape-pipeline.ts';

export const selfReportingFileName = 'self-reporting.alloy';
export const selfReportingDataFile = 'self-reporting.prom';
/** Where the ConfigMap is mounted in every Alloy pod (lib/workloads/alloy-pod.ts configDir). */
const configDir = '/etc/alloy';

/** The chart's feature keys this environment runs, in a fixed order. */
export function enabledFeatures(config: Config): string[] {
  const m = config.metrics;
  const on: [string, boolean][] = [
    ['clusterMetrics', m.enabled],
    ['annotationAutodiscovery', m.enabled && m.autodiscovery.enabled],
    ['prometheusOperatorObjects', m.enabled && m.operatorObjects.enabled],
    ['controlPlane', m.enabled && m.controlPlane.enabled],
    ['podLogs', config.logs.enabled],
    ['podLogsObjects', config.logs.podLogsObjects.enabled],
    ['nodeLogs', config.logs.nodeLogs.enabled],
    ['clusterEvents', config.logs.events.enabled],
    ['applicationObservability', config.receiver.enabled],
    ['autoInstrumentation', config.beyla.enabled],
    ['profiling', config.profiling.ebpf.enabled || config.profiling.java.enabled || config.profiling.pprof.enabled],
    ['integrations', integrationNames.some((name) => config.integrations[name].enabled)],
  ];
  return on.filter(([, enabled]) => enabled).map(([feature]) => feature);
}

/** The series in the Prometheus text format (label values here are DNS labels and fixed names: nothing to escape). */
export function selfReportingText(config: Config): string {
  const common = `source="alloy-stack"`;
  return [
    '# HELP grafana_kubernetes_monitoring_build_info The monitoring stack of this cluster, rendered by alloy-stack.',
    '# TYPE grafana_kubernetes_monitoring_build_info gauge',
    `grafana_kubernetes_monitoring_build_info{namespace="${config.namespace}",platform="${config.platform}",${common}} 1`,
    '# HELP grafana_kubernetes_monitoring_feature_info A feature the monitoring stack runs.',
    '# TYPE grafana_kubernetes_monitoring_feature_info gauge',
    ...enabledFeatures(config).map((feature) => `grafana_kubernetes_monitoring_feature_info{feature="${feature}",${common}} 1`),
    '',
  ].join('\n');
}

export function selfReportingPipeline(ctx: MetricsContext): Partial<AlloyConfig> | undefined {
  const { config } = ctx;
  if (!config.selfReporting.enabled) return undefined;
  const exporter = catalogued('prometheus.exporter.unix', 'self_reporting', { set_collectors: ['textfile'], textfile: { directory: configDir } }, (d) => ({ targets: d.ref<'Targets'>('targets') }));
  const targets = discovery.relabel('self_reporting', {
    targets: exporter.exports.targets,
    rule: [{ target_label: 'instance', replacement: config.namespace }],
  });
  const keep = prometheus.relabel('self_reporting', {
    forward_to: [ctx.local, ...(ctx.remote === undefined ? [] : [ctx.remote])],
    // Only the info series: the exporter also reports on itself.
    rule: [{ source_labels: ['__name__'], regex: 'grafana_kubernetes_monitoring_.+', action: 'keep' }],
  });
  const scrape = prometheus.scrape('self_reporting', {
    targets: targets.exports.output,
    forward_to: [keep.exports.receiver],
    job_name: 'integrations/kubernetes/kubernetes_monitoring_telemetry',
    scrape_interval: config.selfReporting.scrapeInterval,
    // Every replica has the file; one sends it.
    clustering: { enabled: true },
  });
  return {
    files: [{ name: selfReportingFileName, file: file([exporter.block, targets.block, scrape.block, keep.block]) }],
    dataFiles: { [selfReportingDataFile]: selfReportingText(config) },
  };
}
