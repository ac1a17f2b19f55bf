// The pod labels and named ports the scrape pipelines find targets by. The pipelines own them
// (lib/pipelines/metrics/*); the workloads take them from there so the two cannot drift apart.
import { alloyPodLabels, alloyPort } from '../pipelines/metrics/alloy-self.ts';
import { localPrometheus } from '../pipelines/metrics/destinations.ts';
import { kubeStateMetricsPodLabels, kubeStateMetricsPort } from '../pipelines/metrics/kube-state-metrics.ts';
import { nodeExporterPodLabels, nodeExporterPort } from '../pipelines/metrics/node-exporter.ts';
import { prometheusPodLabels, prometheusPort } from '../pipelines/metrics/prometheus-self.ts';

const appName = 'app.kubernetes.io/name';

/** Every Alloy pod (metrics, logs, events) carries this name, so self-scrape finds them all. */
export const alloyName = alloyPodLabels[appName];
export const kubeStateMetricsName = kubeStateMetricsPodLabels[appName];
export const nodeExporterName = nodeExporterPodLabels[appName];
export const prometheusName = prometheusPodLabels[appName];
/** The port of the Service Alloy remote-writes to (named as the Prometheus workload: lib/config/names.ts). */
export const prometheusService = { port: localPrometheus.port };

/** A container port: its name is what pipelines and Services refer to. */
export interface NamedPort {
  name: string;
  port: number;
}

/** Alloy's only server port: UI, /metrics, probes and cluster gossip (HTTP/2). */
export const alloyHttp: NamedPort = { name: alloyPort.name, port: alloyPort.containerPort };
export const kubeStateMetricsHttp: NamedPort = { name: kubeStateMetricsPort.name, port: kubeStateMetricsPort.containerPort };
/** kube-state-metrics' own metrics and readiness; not scraped by the pipelines. */
export const kubeStateMetricsTelemetry: NamedPort = { name: 'telemetry', port: 8081 };
export const nodeExporterHttp: NamedPort = { name: nodeExporterPort.name, port: nodeExporterPort.containerPort };
export const prometheusHttp: NamedPort = { name: prometheusPort.name, port: prometheusPort.containerPort };
