// Staging: prod's stack on a smaller cluster, with a shorter local retention.
import { environment } from '../lib/index.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'staging',
  clusterName: 'staging-eu-west-1',
  alloyMetrics: { replicas: 2 },
  prometheus: { retention: '7d', storage: '20Gi' },
  metricsTuning: { cadvisor: { excludeMetrics: ['container_network_.*_errors_total'] } },
});
