// MySQL: pods running mysqld_exporter beside the server (the bitnami chart's "metrics" port, 9104),
// or prometheus.exporter.mysql inside Alloy with the DSN from a Secret.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const mysql: Integration = {
  name: 'mysql',
  collects: 'uptime, connections, queries and commands, InnoDB buffer pool, table locks, replication (mysqld-mixin)',
  jobName: 'integrations/mysql',
  defaultInstances: [instance('mysql', { 'app.kubernetes.io/name': 'mysql' }, { name: 'metrics' })],
  exporter: 'mysql',
  // mysqld's error log: `2024-01-01T00:00:00.000000Z 0 [Warning] [MY-010068] [Server] ...`.
  logs: { level: { format: 'regex', expression: '^\\S+ \\d+ \\[(?P<level>[A-Za-z]+)\\]' } },
};
