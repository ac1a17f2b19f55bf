// Loki from its Helm chart: every component names its metrics port http-metrics.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const loki: Integration = {
  name: 'loki',
  collects: 'request rates and latency per route, ingester streams and chunks, compactor (loki-mixin)',
  jobName: 'integrations/loki',
  defaultInstances: [instance('loki', { 'app.kubernetes.io/name': 'loki' }, { name: 'http-metrics' })],
  logs: { level: { format: 'logfmt', key: 'level' }, structuredMetadata: ['component'] },
};
