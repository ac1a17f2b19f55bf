// Redis: pods running redis_exporter (the bitnami chart's "metrics" port, 9121), or
// prometheus.exporter.redis inside Alloy with the password from a Secret.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const redis: Integration = {
  name: 'redis',
  collects: 'clients, memory, commands, keyspace hits and misses, evictions, replication (redis mixin)',
  jobName: 'integrations/redis',
  defaultInstances: [instance('redis', { 'app.kubernetes.io/name': 'redis' }, { name: 'metrics' })],
  exporter: 'redis',
};
