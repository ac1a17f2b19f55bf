// The built-in metrics components an environment can tune: the name used in metricsTuning, in
// allow-lists/<name>.yaml and as the pipeline's .alloy file, and its settings key under `metrics`.
import type { Config } from './config.gen.ts';
import { integrationComponent, integrationNames } from '../integrations/index.ts';

export const builtinMetricComponents = {
  kubelet: 'kubelet',
  resources: 'resources',
  cadvisor: 'cadvisor',
  'kubelet-probes': 'kubeletProbes',
  'kube-state-metrics': 'kubeStateMetrics',
  'node-exporter': 'nodeExporter',
  kepler: 'kepler',
  opencost: 'opencost',
  'windows-exporter': 'windowsExporter',
  alloy: 'alloy',
  prometheus: 'prometheus',
  autodiscovery: 'autodiscovery',
  'operator-objects': 'operatorObjects',
} as const satisfies Record<string, keyof Config['metrics']>;

/** The control-plane components, and their settings key under `metrics.controlPlane`. */
export const controlPlaneComponents = {
  'kube-apiserver': 'apiServer',
  'kube-controller-manager': 'kubeControllerManager',
  'kube-scheduler': 'kubeScheduler',
  'kube-proxy': 'kubeProxy',
  coredns: 'coreDns',
  etcd: 'etcd',
} as const satisfies Record<string, Exclude<keyof Config['metrics']['controlPlane'], 'enabled'>>;

/** The integrations' components (lib/integrations/): `integration-<name>`, each with its allow-list. */
export const integrationComponents: readonly string[] = integrationNames.map(integrationComponent);

/**
 * Components whose metrics are not scraped by alloy-metrics but join the same destination paths, with
 * a metricsTuning key: `otlp` (metrics pushed to the receiver) and `beyla` (beyla.ebpf in alloy-beyla).
 */
export const joinedMetricComponents = ['otlp', 'beyla'] as const;

export type BuiltinMetricComponent = keyof typeof builtinMetricComponents | keyof typeof controlPlaneComponents | `integration-${string}`;

export const builtinMetricComponentNames = [...Object.keys(builtinMetricComponents), ...Object.keys(controlPlaneComponents), ...integrationComponents] as BuiltinMetricComponent[];

export function isBuiltinMetricComponent(name: string): name is BuiltinMetricComponent {
  return Object.hasOwn(builtinMetricComponents, name) || Object.hasOwn(controlPlaneComponents, name) || integrationComponents.includes(name);
}

/**
 * Components that scrape what the cluster declares (annotations, Prometheus Operator objects): no
 * default allow-list file, so until `metricsTuning.<name>.includeMetrics` names some, only target
 * health crosses to the cloud.
 */
export const withoutDefaultAllowList: ReadonlySet<string> = new Set(['autodiscovery', 'operator-objects']);
