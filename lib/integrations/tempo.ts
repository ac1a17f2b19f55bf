// Tempo from the tempo(-distributed) chart: metrics on the http-metrics port.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const tempo: Integration = {
  name: 'tempo',
  collects: 'spans received and refused, request latency, ingester traces and blocks (tempo-mixin)',
  jobName: 'integrations/tempo',
  defaultInstances: [instance('tempo', { 'app.kubernetes.io/name': 'tempo' }, { name: 'http-metrics' })],
  logs: { level: { format: 'logfmt', key: 'level' } },
};
