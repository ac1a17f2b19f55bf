// Grafana from its Helm chart (container port "grafana", 3000).
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const grafana: Integration = {
  name: 'grafana',
  collects: 'HTTP requests and latency, alerting, datasource requests, build info (Grafana mixin)',
  jobName: 'integrations/grafana',
  defaultInstances: [instance('grafana', { 'app.kubernetes.io/name': 'grafana' }, { name: 'grafana' })],
  logs: { level: { format: 'logfmt', key: 'level' }, structuredMetadata: ['logger'] },
};
