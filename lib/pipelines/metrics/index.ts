// The metrics workload's Alloy configuration: shared discovery, one file per enabled pipeline, the
// destinations, and exactly the RBAC and credentials those need.
import { file } from '../../alloy/ast.ts';
import type { Config } from '../../config/config.gen.ts';
import { fieldPath } from '../../config/field-path.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import { UserError } from '../../errors.ts';
import type { AlloyConfig, AlloyConfigFile } from '../alloy-config.ts';
import { mergeAlloyConfigs } from '../alloy-config.ts';
import { alloySelfPipeline } from './alloy-self.ts';
import { appPipelines } from './apps.ts';
import { integrationPipelines } from './integrations.ts';
import { autodiscoveryPipeline } from './autodiscovery.ts';
import { controlPlanePipelines } from './control-plane.ts';
import { metricsDestinations } from './destinations.ts';
import { attachNodeRbac, discoveryRbac, discoveryRoles, sharedDiscovery } from './discovery.ts';
import { kubeStateMetricsPipeline } from './kube-state-metrics.ts';
import { kubeletPipelines } from './kubelet.ts';
import { nodeExporterPipeline } from './node-exporter.ts';
import { nodeLabelsOn } from './node-labels.ts';
import { operatorObjectsPipeline } from './operator-objects.ts';
import { optionalExporterPipelines } from './optional-exporters.ts';
import { prometheusSelfPipeline } from './prometheus-self.ts';
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { selfReportingPipeline } from './self-reporting.ts';
import { logMetricNames } from '../logs/stages.ts';
import { attachNamespace, attachNamespaceRbac, podTable } from './enrichment.ts';

// An app name the metrics workload already uses for its own files would overwrite that file.
const reservedNames = new Set(['targets', 'destinations']);

function checkAppNames(config: Config): void {
  const problems = config.metrics.apps.flatMap((app, i) => reservedNames.has(app.name)
    ? [`${fieldPath(['metrics', 'apps', i, 'name'])}: "${app.name}" is reserved (the metrics pipeline writes ${app.name}.alloy itself); choose another app name`]
    : []);
  if (problems.length > 0) throw new UserError(problems);
}

export function metricsAlloyConfig(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>): AlloyConfig {
  if (!config.metrics.enabled) return mergeAlloyConfigs([]);
  checkAppNames(config);
  // Metrics that log stages create are asked for by name: they join the alloy list, which Alloy's own
  // metrics (where the log collector exposes them) pass on their way to the cloud.
  const logMetrics = logMetricNames(config.logs.stages);
  if (logMetrics.length > 0) defaultAllowLists = { ...defaultAllowLists, alloy: [...(defaultAllowLists.alloy ?? []), ...logMetrics] };
  // Node labels reach node-exporter's pod targets only by attaching each pod's node.
  const attachNode = nodeLabelsOn(config) && config.metrics.nodeExporter.enabled;
  const withNamespaces = attachNamespace(config);
  const discovery = sharedDiscovery(watchedNamespaces(config), attachNode, withNamespaces);
  const destinations = metricsDestinations(config, { otlp: true });
  const table = podTable(config, discovery.pods.exports.targets);
  const ctx: MetricsContext = {
    config,
    defaultAllowLists,
    targets: { pods: discovery.pods.exports.targets, nodes: discovery.nodes.exports.targets, endpointslices: discovery.endpointslices.exports.targets },
    local: destinations.local,
    remote: destinations.remote,
    ...(table === undefined ? {} : { podTable: table.targets }),
    destinations: destinations.destinations,
  };
  const pipelines = [
    ...kubeletPipelines(ctx),
    kubeStateMetricsPipeline(ctx),
    nodeExporterPipeline(ctx),
    ...optionalExporterPipelines(ctx),
    alloySelfPipeline(ctx),
    prometheusSelfPipeline(ctx),
    ...controlPlanePipelines(ctx),
    ...appPipelines(ctx),
    ...integrationPipelines(ctx),
    autodiscoveryPipeline(ctx),
    operatorObjectsPipeline(ctx),
  ].filter((p): p is MetricsPipeline => p !== undefined);
  // Nothing scrapes: a lone remote_write would be an unused writer.
  if (pipelines.length === 0) return mergeAlloyConfigs([]);

  // Only the watches some pipeline reads (an unread discovery fails the graph check and costs a watch).
  // The pod table reads the pod watch too, whether or not a pipeline of pods runs.
  const roles = discoveryRoles.filter((role) => pipelines.some((p) => p.discovery.includes(role)) || (role === 'pods' && table !== undefined));
  const targets: AlloyConfigFile = { name: 'targets.alloy', file: file(roles.map((role) => discovery[role].block)) };
  return mergeAlloyConfigs([
    { files: [targets], rbac: [...roles.flatMap((role) => discoveryRbac[role]), ...(attachNode && roles.includes('pods') ? attachNodeRbac : []), ...(withNamespaces && roles.includes('pods') ? attachNamespaceRbac : [])] },
    ...pipelines.map((p) => ({ files: [p.file], rbac: p.rbac, secretEnv: p.secretEnv, secretReads: p.secretReads })),
    selfReportingPipeline(ctx) ?? {},
    ...(table === undefined ? [] : [{ files: [table.file] }]),
    { files: [destinations.file], secretEnv: destinations.secretEnv, secretReads: destinations.secretReads },
  ]);
}

export type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
export { alloyPodLabels, alloyPort } from './alloy-self.ts';
export { kubeStateMetricsPodLabels, kubeStateMetricsPort } from './kube-state-metrics.ts';
export { nodeExporterPodLabels, nodeExporterPort } from './node-exporter.ts';
export { keplerExporter, opencostExporter, optionalExporters, runsExporter, windowsExporter } from './optional-exporters.ts';
export { prometheusPodLabels, prometheusPort } from './prometheus-self.ts';
export { cloudMetricsEnv, localPrometheus, localWriteUrl } from './destinations.ts';
