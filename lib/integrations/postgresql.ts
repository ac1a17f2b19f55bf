// PostgreSQL: pods running postgres_exporter (the bitnami chart's http-metrics port, 9187), or
// prometheus.exporter.postgres inside Alloy with the DSN from a Secret.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const postgresql: Integration = {
  name: 'postgresql',
  collects: 'connections, transactions, tuples, cache hit ratio, deadlocks, locks, replication lag (postgres_mixin)',
  jobName: 'integrations/postgresql',
  defaultInstances: [instance('postgresql', { 'app.kubernetes.io/name': 'postgresql' }, { name: 'http-metrics' })],
  exporter: 'postgres',
  // The default log_line_prefix: `2024-01-01 00:00:00.000 UTC [1] LOG:  database system is ready`.
  logs: { level: { format: 'regex', expression: '\\[\\d+\\] (?P<level>[A-Z]+):' } },
};
