// Mimir from the mimir-distributed chart: every component names its metrics port http-metrics.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const mimir: Integration = {
  name: 'mimir',
  collects: 'write and read path rates and latency, ingester series, compactor, ruler (mimir-mixin)',
  jobName: 'integrations/mimir',
  defaultInstances: [instance('mimir', { 'app.kubernetes.io/name': 'mimir' }, { name: 'http-metrics' })],
  logs: { level: { format: 'logfmt', key: 'level' } },
};
