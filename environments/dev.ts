// Dev: an air-gapped cluster. Nothing leaves it: no cloud write, logs to an in-cluster Loki.
import { environment } from '../lib/index.ts';

export default environment({
  name: 'dev',
  clusterName: 'dev',
  namespace: 'monitoring',
  enableCloudWrite: false,
  metrics: {
    scrapeInterval: '30s',
    kubelet: { access: 'direct' },
  },
  logs: {
    containerRuntime: 'containerd',
    structuredMetadata: false,
    namespaces: { exclude: ['kube-system'] },
    destinations: [{ name: 'loki', url: 'http://loki-gateway.logging.svc/loki/api/v1/push', tenantId: 'dev' }],
    nodeLogs: { enabled: true, units: ['kubelet.service', 'containerd.service'] },
  },
  alloyMetrics: { replicas: 1 },
  prometheus: { retention: '3d', storage: '10Gi' },
  networkPolicies: false,
});
