// Environments the log tests render: a prod-like base (defaults filled by the real validator) and
// one-change variants of it.
import type { Config } from '../../../lib/config/config.gen.ts';
import { validateEnvironment } from '../../../lib/config/validate.ts';

type Spec = Record<string, unknown>;

export const prodLikeSpec = (): Spec => ({
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
  logs: {
    namespaces: { exclude: ['kube-node-lease'] },
    stages: [
      { json: { expressions: { level: '', msg: 'message' } } },
      { labels: { level: '' } },
    ],
    nodeLogs: { enabled: true, units: ['kubelet.service', 'containerd.service'], maxPriority: 'warning' },
    events: { enabled: true },
  },
});

export function render(spec: Spec): Config {
  return validateEnvironment(spec, 'test.ts');
}

/** The prod-like spec with `change` applied to its logs section (shallow per key). */
export function withLogs(change: (logs: Spec) => void, base: Spec = prodLikeSpec()): Config {
  const spec = structuredClone(base);
  change(spec.logs as Spec);
  return render(spec);
}
