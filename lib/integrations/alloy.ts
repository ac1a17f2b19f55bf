// Alloy instances that are not this stack's own (those are the `alloy` component): the pods of the
// grafana/alloy Helm chart, which names its metrics port http-metrics.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const alloy: Integration = {
  name: 'alloy',
  collects: 'Alloy component health, resource use, clustering and remote-write (the alloy-mixin dashboards)',
  jobName: 'integrations/alloy',
  defaultInstances: [instance('alloy', { 'app.kubernetes.io/name': 'alloy' }, { name: 'http-metrics' })],
  logs: { level: { format: 'logfmt', key: 'level' } },
};
