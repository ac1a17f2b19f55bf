// A validated config and realistic pipeline outputs for the workload tests, fresh on every call.
import { validateEnvironment } from '../../lib/config/validate.ts';
import type { Config } from '../../lib/config/config.gen.ts';
import { flatten, type KubeObject } from '../../lib/core/flatten.ts';
import { workloads, type AlloyInputs, type Workloads } from '../../lib/workloads/index.ts';

export function config(spec: Record<string, unknown> = {}): Config {
  return validateEnvironment({ name: 'test', clusterName: 'test', ...spec }, 'environments/test.ts');
}

export const SECRET = 'grafana-cloud';

/** The receiver and sampler are left out: their tests render it from its own pipeline (tests/workloads/alloy-receiver.test.ts). */
export function inputs(): Required<Omit<AlloyInputs, 'receiver' | 'sampler' | 'profiles' | 'beyla'>> & AlloyInputs {
  return {
    metrics: {
      files: { 'kubelet.alloy': 'discovery.kubernetes "nodes" {\n\trole = "node"\n}\n', 'destinations.alloy': 'prometheus.remote_write "local" { }\n' },
      rbac: [
        { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
      secretEnv: [{ name: 'CLOUD_METRICS_PASSWORD', secret: SECRET, key: 'token' }],
    },
    logs: {
      files: { 'pod-logs.alloy': 'local.file_match "pods" { }\n', 'destinations.alloy': 'loki.write "cloud" { }\n' },
      rbac: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }],
      secretEnv: [{ name: 'CLOUD_LOGS_PASSWORD', secret: SECRET, key: 'logs-token' }],
      hostMounts: [{ name: 'pod-logs', path: '/var/log/pods' }, { name: 'journal', path: '/var/log/journal' }],
    },
    events: {
      files: { 'events.alloy': 'loki.source.kubernetes_events "events" { }\n' },
      rbac: [{ apiGroups: [''], resources: ['events'], verbs: ['list', 'watch'] }],
      secretEnv: [],
    },
  };
}

export function tree(spec: Record<string, unknown> = {}, alloy: AlloyInputs = inputs()): Workloads {
  return workloads(config(spec), alloy);
}

export function objects(spec: Record<string, unknown> = {}, alloy: AlloyInputs = inputs()): KubeObject[] {
  return flatten(tree(spec, alloy));
}

/** `Kind/name` of every object, sorted, to compare what is rendered. */
export function names(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
}
