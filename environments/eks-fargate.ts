// EKS Fargate: no DaemonSets, so pod logs through the Kubernetes API and no node-exporter (lib/platforms/eks-fargate.ts).
// Standalone rather than from prod: prod's override on node-exporter has no object to change here.
import { environment } from '../lib/index.ts';

export default environment({
  name: 'eks-fargate',
  clusterName: 'eks-fargate-example',
  platform: 'eks-fargate',
  enableCloudWrite: true,
  cloud: {
    metrics: {
      url: 'https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push',
      auth: { secret: 'grafana-cloud', usernameKey: 'metrics-username', passwordKey: 'token' },
    },
    logs: {
      url: 'https://logs-prod-eu-west-0.grafana.net/loki/api/v1/push',
      auth: { secret: 'grafana-cloud', usernameKey: 'logs-username', passwordKey: 'token' },
    },
  },
  logs: { events: { enabled: true } },
});
