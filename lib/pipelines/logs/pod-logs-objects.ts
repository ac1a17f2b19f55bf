// pod-logs-objects.alloy: logs of the pods that PodLogs objects (monitoring.grafana.com/v1alpha2) select, for teams
// that declare their log collection next to their workloads, with their own relabelings. loki.source.podlogs reads
// through the API server. On the DaemonSet each pod takes its own node's pods (node_filter); with logs.gather
// kubernetesApi the clustered replicas share them. The lines then pass the same stages as the other pod logs.
import type { Ref } from '../../alloy/ast.ts';
import { call, file } from '../../alloy/ast.ts';
import { loki } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig, RbacRule } from '../alloy-config.ts';
import { podLogStages } from './pod-logs.ts';

export const podLogsObjectsFileName = 'pod-logs-objects.alloy';

// The objects, the pods and namespaces they select, and each container's log (a GET on pods/log).
const rbac: RbacRule[] = [
  { apiGroups: ['monitoring.grafana.com'], resources: ['podlogs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
];

export function podLogsObjects(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  const settings = config.logs.podLogsObjects;
  const clustered = config.logs.gather === 'kubernetesApi';
  const process = loki.process('pod_logs_objects', { forward_to: forwardTo, stages: podLogStages(config, true) });
  const labels = Object.keys(settings.labels).length > 0 ? { match_labels: settings.labels } : undefined;
  const namespaceLabels = Object.keys(settings.namespaceLabels).length > 0 ? { match_labels: settings.namespaceLabels } : undefined;
  const source = loki.source.podlogs('pod_logs_objects', {
    forward_to: [process.exports.receiver],
    selector: labels,
    namespace_selector: namespaceLabels,
    tail_from_end: config.logs.tailFromEnd,
    // The DaemonSet sets HOSTNAME to spec.nodeName.
    ...(clustered ? { clustering: { enabled: true } } : { node_filter: { enabled: true, node_name: call('sys.env', 'HOSTNAME') } }),
  });
  return { files: [{ name: podLogsObjectsFileName, file: file([source.block, process.block]) }], rbac };
}
