// Cluster events: Kubernetes Events as log lines, from one single-replica Deployment (every replica
// would send every event again, and the events source has no node-local form).
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { loki } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import type { AlloyConfig, RbacRule } from '../alloy-config.ts';

export const eventsFileName = 'events.alloy';
/** The job Grafana Cloud's Kubernetes app queries for events. */
export const eventsJob = 'integrations/kubernetes/eventhandler';

const rbac: RbacRule[] = [{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }];

export function clusterEvents(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  // With rbac.mode namespaced, the namespaces it can read unless the environment names fewer.
  const chosen = config.logs.events.namespaces;
  const namespaces = chosen.length > 0 ? chosen : watchedNamespaces(config) ?? [];
  // Straight to the writers: an event line carries only job, instance and namespace labels, all
  // bounded, so a loki.process would have nothing to do. The line itself stays logfmt, which LogQL parses.
  const events = loki.source.kubernetes_events('cluster_events', {
    forward_to: forwardTo,
    job_name: eventsJob,
    log_format: 'logfmt',
    namespaces: namespaces.length > 0 ? namespaces : undefined,
  });
  return { files: [{ name: eventsFileName, file: file([events.block]) }], rbac };
}
