// The built-in metrics components an environment can tune: the name used in metricsTuning, in
// allow-lists/<name>.yaml and as the pipeline's .alloy file, and its settings key under `metrics`.
import type { Config } from './config.gen.ts';

export const builtinMetricComponents = {
  kubelet: 'kubelet',
  resources: 'resources',
  cadvisor: 'cadvisor',
  'kube-state-metrics': 'kubeStateMetrics',
  'node-exporter': 'nodeExporter',
  alloy: 'alloy',
  prometheus: 'prometheus',
} as const satisfies Record<string, keyof Config['metrics']>;

export type BuiltinMetricComponent = keyof typeof builtinMetricComponents;

export const builtinMetricComponentNames = Object.keys(builtinMetricComponents) as BuiltinMetricComponent[];

export function isBuiltinMetricComponent(name: string): name is BuiltinMetricComponent {
  return Object.hasOwn(builtinMetricComponents, name);
}
