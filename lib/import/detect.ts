// Which chart a values file is for, from its top-level keys (`--from` overrides).
import type { Values } from './values.ts';

export const valuesFormats = ['k8s-monitoring-3', 'k8s-monitoring-2', 'custom-chart'] as const;
export type ValuesFormat = (typeof valuesFormats)[number];

export function isValuesFormat(text: string): text is ValuesFormat {
  return (valuesFormats as readonly string[]).includes(text);
}

export const formatTitles: Record<ValuesFormat, string> = {
  'k8s-monitoring-3': 'k8s-monitoring 3.x',
  'k8s-monitoring-2': 'k8s-monitoring (externalServices layout)',
  'custom-chart': 'the custom chart',
};

/** undefined when the keys match no known layout. */
export function detectFormat(values: Values): ValuesFormat | undefined {
  const has = (key: string) => Object.hasOwn(values, key);
  if (has('enableCloudWrite') || has('metricsTuning') || has('logsTuning')) return 'custom-chart';
  if (has('destinations') || has('clusterMetrics') || has('podLogs') || has('clusterEvents') || has('nodeLogs')) return 'k8s-monitoring-3';
  if (has('externalServices') || has('metrics') || has('logs')) return 'k8s-monitoring-2';
  return undefined;
}
