// Cluster events: Kubernetes Events as log lines, from one single-replica Deployment (every replica
// would send every event again, and the events source has no node-local form).
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { loki, stage } from '../../alloy/components/index.ts';
import type { StageBlock } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import type { AlloyConfig, RbacRule } from '../alloy-config.ts';

export const eventsFileName = 'events.alloy';
/** The job Grafana Cloud's Kubernetes app queries for events. */
export const eventsJob = 'integrations/kubernetes/eventhandler';

const rbac: RbacRule[] = [{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }];

const alternation = (values: readonly string[]): string => values.join('|');

/**
 * The filter stages: the event's type and reason (fields of its line) become temporary labels, which
 * stage.match selectors drop by; then those labels go. Each selector also names the job, because Loki
 * refuses a selector whose every matcher matches the empty string.
 */
function filterStages(config: Config): StageBlock[] {
  const e = config.logs.events;
  const byType = e.types.length < 2;
  const byReason = e.reasons.length > 0 || e.excludeReasons.length > 0;
  const drop = (matcher: string, why: string) => stage.match({ selector: `{job="${eventsJob}", ${matcher}}`, action: 'drop', drop_counter_reason: why });
  const fields = { ...(byType ? { type: '' } : {}), ...(byReason ? { reason: '' } : {}) };
  const temporary = { ...(byType ? { event_type: 'type' } : {}), ...(byReason ? { event_reason: 'reason' } : {}) };
  return [
    ...(e.excludeNamespaces.length > 0 ? [drop(`namespace=~"${alternation(e.excludeNamespaces)}"`, 'event_namespace')] : []),
    ...(byType || byReason
      ? [e.logFormat === 'json' ? stage.json({ expressions: fields }) : stage.logfmt({ mapping: fields }), stage.labels({ values: temporary })]
      : []),
    ...(byType ? [drop(`event_type!~"${alternation(e.types)}"`, 'event_type')] : []),
    ...(e.reasons.length > 0 ? [drop(`event_reason!~"${alternation(e.reasons)}"`, 'event_reason')] : []),
    ...(e.excludeReasons.length > 0 ? [drop(`event_reason=~"${alternation(e.excludeReasons)}"`, 'event_reason')] : []),
    ...(byType || byReason ? [stage.label_drop({ values: Object.keys(temporary) })] : []),
  ];
}

export function clusterEvents(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  // With rbac.mode namespaced, the namespaces it can read unless the environment names fewer.
  const chosen = config.logs.events.namespaces;
  const namespaces = chosen.length > 0 ? chosen : watchedNamespaces(config) ?? [];
  // Without filters straight to the writers: an event line carries only job, instance and namespace
  // labels, all bounded, so a loki.process would have nothing to do.
  const stages = filterStages(config);
  const process = stages.length === 0 ? undefined : loki.process('cluster_events', { forward_to: forwardTo, stages });
  const events = loki.source.kubernetes_events('cluster_events', {
    forward_to: process === undefined ? forwardTo : [process.exports.receiver],
    job_name: eventsJob,
    log_format: config.logs.events.logFormat,
    namespaces: namespaces.length > 0 ? namespaces : undefined,
  });
  return { files: [{ name: eventsFileName, file: file([events.block, ...(process === undefined ? [] : [process.block])]) }], rbac };
}
