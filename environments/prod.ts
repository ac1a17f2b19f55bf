// Production: everything on, allow-listed metrics and all logs to Grafana Cloud.
import { environment } from '../lib/index.ts';

export default environment({
  name: 'prod',
  clusterName: 'prod-eu-west-1',
  namespace: 'monitoring',
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
  metrics: {
    scrapeInterval: '60s',
    kubelet: { access: 'proxy' },
    apps: [
      { name: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, port: 9100, jobName: 'integrations/traefik' },
    ],
  },
  metricsTuning: {
    traefik: { useDefaultAllowList: true, includeMetrics: [], excludeMetrics: [] },
    'kube-state-metrics': { includeMetrics: ['kube_pod_labels'] },
  },
  logs: {
    dropProbeLogs: { enabled: true, expression: '(?i)(GET /actuator/health)' },
    events: { enabled: true },
  },
  alloyMetrics: { replicas: 3 },
  prometheus: { retention: '15d', storage: '50Gi' },
  overrides: {
    // Any field of any rendered object can be changed without forking the library.
    nodeExporter: { daemonSet: { spec: { template: { spec: { priorityClassName: 'system-node-critical' } } } } },
  },
});
