// Pod logs, node-local: each DaemonSet pod discovers only the pods of its own node, tails their files
// under /var/log/pods, parses the runtime's format, drops health-probe noise and keeps Loki's stream
// count small (few, stable labels; `pod` as structured metadata).
import type { Ref } from '../../alloy/ast.ts';
import { call, concat, file } from '../../alloy/ast.ts';
import type { StageBlock } from '../../alloy/components/index.ts';
import { discovery, local, loki, stage } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig, HostMount, RbacRule } from '../alloy-config.ts';
import { namespaceMeta, podAnnotationMeta, podLabelMeta, podMeta } from './kubernetes-meta.ts';
import { labelsSetBy, stageBlocks } from './stages.ts';
import { podLogRouting } from './route-labels.ts';

export const podLogsFileName = 'pod-logs.alloy';

/** A pod annotated with this set to "false" is not collected. */
export const autogatherAnnotation = 'k8s.grafana.com/logs.autogather';

/** Pod labels naming the app, least preferred first: a later rule overwrites an earlier one. */
const appLabels = ['k8s-app', 'app', 'app.kubernetes.io/name'];

const podLogsMount: HostMount = { name: 'pod-logs', path: '/var/log/pods' };
// With Docker (cri-dockerd) the files under /var/log/pods are symlinks into this directory.
const dockerMount: HostMount = { name: 'docker-containers', path: '/var/lib/docker/containers' };

// discovery.kubernetes role pod: reading pods is all it needs (namespaces too only with attach_metadata).
const rbac: RbacRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }];

function relabelRules(config: Config): RuleArgs[] {
  const exclude = config.logs.namespaces.exclude;
  // Only stable pod facts become labels: a label that changes (say, an annotation) would make
  // loki.source.file restart the target and re-read its files (the chart's pain point 9).
  return [
    { source_labels: [podAnnotationMeta(autogatherAnnotation)], regex: 'false', action: 'drop' },
    // Namespace names are DNS labels, so they need no regex escaping.
    ...(exclude.length > 0 ? [{ source_labels: [namespaceMeta], regex: exclude.join('|'), action: 'drop' } as const] : []),
    { source_labels: [namespaceMeta], target_label: 'namespace' },
    { source_labels: [podMeta('name')], target_label: 'pod' },
    { source_labels: [podMeta('container_name')], target_label: 'container' },
    // "(.+)": an absent pod label must not overwrite (or delete) the app found by an earlier rule.
    ...appLabels.map((key) => ({ source_labels: [podLabelMeta(key)], regex: '(.+)', target_label: 'app' })),
    { source_labels: [namespaceMeta, podMeta('container_name')], separator: '/', target_label: 'job' },
    // Labels log destinations route on; dropped again in front of every writer.
    ...podLogRouting(config).rules,
    // The pod's directory is <namespace>_<pod>_<uid>; the glob on the UID alone is enough and short.
    {
      source_labels: [podMeta('uid'), podMeta('container_name')], separator: '/',
      target_label: '__path__', replacement: '/var/log/pods/*$1/*.log',
    },
    // Static (mirror) pods log under the kubelet's config hash, not the API server's UID.
    {
      source_labels: [podAnnotationMeta('kubernetes.io/config.mirror'), podMeta('container_name')], separator: '/',
      regex: '([^/]+/[^/]+)', target_label: '__path__', replacement: '/var/log/pods/*$1/*.log',
    },
  ];
}

function processStages(config: Config): StageBlock[] {
  const logs = config.logs;
  const format = logs.containerRuntime === 'docker' ? stage.docker() : stage.cri();
  const probes = logs.dropProbeLogs.enabled
    ? [stage.drop({ expression: logs.dropProbeLogs.expression, drop_counter_reason: 'health_probe' })]
    : [];
  // Without structured metadata `pod` stays a label when labelsToKeep lists it (the default): a Loki
  // without structured metadata has no other place for it, and lines of a Deployment's replicas would
  // otherwise be indistinguishable. Remove "pod" from labelsToKeep to trade that for fewer streams.
  const metadata = logs.structuredMetadata ? [stage.structured_metadata({ values: { pod: '' } })] : [];
  const keep = [...new Set([...logs.labelsToKeep, ...labelsSetBy(logs.stages), ...podLogRouting(config).keep])];
  return [
    format,
    ...probes,
    // After the probe drop, so user stages do not parse lines that are thrown away.
    ...stageBlocks(logs.stages),
    ...metadata,
    stage.label_keep({ values: keep }),
  ];
}

export function podLogs(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  const logs = config.logs;
  const include = logs.namespaces.include;
  const routing = podLogRouting(config);
  const pods = discovery.kubernetes('pod_logs', {
    role: 'pod',
    namespaces: include.length > 0 ? { names: include } : undefined,
    // The DaemonSet sets HOSTNAME to spec.nodeName: every Alloy pod sees only its own node's pods.
    selectors: [{ role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) }],
    // Only when a log destination takes its tenant from a namespace label.
    attach_metadata: routing.namespaceMetadata ? { namespace: true } : undefined,
  });
  const targets = discovery.relabel('pod_logs', { targets: pods.exports.targets, rule: relabelRules(config) });
  // Expands the globs into one target per file. A container with several ports gives identical
  // targets once the __meta labels are gone; loki.source.file tails each file once.
  const files = local.file_match('pod_logs', { path_targets: targets.exports.output });
  const process = loki.process('pod_logs', { forward_to: forwardTo, stages: processStages(config) });
  const source = loki.source.file('pod_logs', {
    targets: files.exports.targets,
    forward_to: [process.exports.receiver],
    // Positions persist on a host path, so this only affects files never seen before (a new node, a
    // new pod): their history is skipped instead of flooding Loki; known files resume where they were.
    tail_from_end: logs.tailFromEnd,
  });
  return {
    files: [{ name: podLogsFileName, file: file([pods, targets, files, source, process].map((c) => c.block)) }],
    rbac: [...rbac, ...routing.rbac],
    hostMounts: logs.containerRuntime === 'docker' ? [podLogsMount, dockerMount] : [podLogsMount],
  };
}
