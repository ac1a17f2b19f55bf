// Pod logs. gather: files (node-local): each DaemonSet pod discovers only the pods of its own node and
// tails their files under /var/log/pods, parsing the runtime's format. gather: kubernetesApi: the
// clustered replicas share all pods (clustering hashes each target to one replica) and read their logs
// through the API server, already free of the runtime's format. Either way health-probe noise is dropped
// and Loki's stream count stays small (few, stable labels; the rest, `pod` first, as structured metadata).
import type { Ref } from '../../alloy/ast.ts';
import { call, concat, file } from '../../alloy/ast.ts';
import type { StageBlock } from '../../alloy/components/index.ts';
import { discovery, local, loki, stage } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import { secretFilterStages } from './secret-filter.ts';
import type { AlloyConfig, HostMount, RbacRule } from '../alloy-config.ts';
import { namespaceMeta, podAnnotationMeta, podMeta } from './kubernetes-meta.ts';
import { labelPlacement, podLabelRules, podMetadataNeeds } from './pod-labels.ts';
import { podLogRouting } from './route-labels.ts';
import { stageBlocks } from './stages.ts';
import { integrationLogRules, integrationLogStages } from './integration-logs.ts';

export const podLogsFileName = 'pod-logs.alloy';

/** A pod annotated with this set to "false" is not collected. */
export const autogatherAnnotation = 'k8s.grafana.com/logs.autogather';

const podLogsMount: HostMount = { name: 'pod-logs', path: '/var/log/pods' };
// With Docker (cri-dockerd) the files under /var/log/pods are symlinks into this directory.
const dockerMount: HostMount = { name: 'docker-containers', path: '/var/lib/docker/containers' };

// discovery.kubernetes role pod: reading pods is all it needs (attach_metadata adds its own rules).
const rbac: RbacRule[] = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }];
// loki.source.kubernetes streams each container's log with a GET on pods/log (follow), nothing more.
const apiRbac: RbacRule[] = [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }];

const throughApi = (config: Config) => config.logs.gather === 'kubernetesApi';

function relabelRules(config: Config): RuleArgs[] {
  const exclude = config.logs.namespaces.exclude;
  // Map only keys that rarely change: a target whose labels change is a new target to
  // loki.source.file, which restarts its tailer (the chart's pain point 9).
  return [
    { source_labels: [podAnnotationMeta(autogatherAnnotation)], regex: 'false', action: 'drop' },
    // Namespace names are DNS labels, so they need no regex escaping.
    ...(exclude.length > 0 ? [{ source_labels: [namespaceMeta], regex: exclude.join('|'), action: 'drop' } as const] : []),
    ...podLabelRules(config),
    // Integration pods get their integration's job (after podLabelRules, which set the default job).
    ...integrationLogRules(config),
    // Labels log destinations route on; dropped again in front of every writer.
    ...podLogRouting(config).rules,
    ...(throughApi(config) ? [] : fileRules),
  ];
}

const fileRules: RuleArgs[] = [
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

/** The stages of pod log lines; `fromApi`: read through the API server, which sends them without the runtime's framing. */
export function podLogStages(config: Config, fromApi: boolean): StageBlock[] {
  const logs = config.logs;
  const format = fromApi ? [] : [logs.containerRuntime === 'docker' ? stage.docker() : stage.cri()];
  const probes = logs.dropProbeLogs.enabled
    ? [stage.drop({ expression: logs.dropProbeLogs.expression, drop_counter_reason: 'health_probe' })]
    : [];
  // labelsToKeep decides: a label it lists stays a stream label; any other label the pipeline set
  // (pod, mapped labels) becomes structured metadata, searchable without adding streams. Labels that
  // destinations route on stay too, until the writers drop them.
  const { index: kept, metadata } = labelPlacement(config);
  const index = [...new Set([...kept, ...podLogRouting(config).keep])];
  const moved = metadata.length > 0 ? [stage.structured_metadata({ values: Object.fromEntries(metadata.map((name) => [name, ''])) })] : [];
  return [
    ...format,
    ...probes,
    // Credentials out of the line first, before any stage copies a part of it into a label or metadata.
    ...secretFilterStages(config),
    // The level (and fields) of integration pods' lines, as structured metadata.
    ...integrationLogStages(config),
    // After the probe drop, so user stages do not parse lines that are thrown away.
    ...stageBlocks(logs.stages),
    ...moved,
    stage.label_keep({ values: index }),
  ];
}

export function podLogs(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  const logs = config.logs;
  const include = logs.namespaces.include;
  const watched = watchedNamespaces(config);
  const needs = podMetadataNeeds(config);
  const routing = podLogRouting(config);
  // Namespace metadata also when a log destination takes its tenant from a namespace label.
  const attach = routing.namespaceMetadata ? { ...needs.attach, namespace: true } : needs.attach;
  const pods = discovery.kubernetes('pod_logs', {
    role: 'pod',
    // With rbac.mode namespaced only the namespaces it can read (the config check keeps include within them).
    namespaces: include.length > 0 ? { names: include } : watched === undefined ? undefined : { names: watched },
    // The DaemonSet sets HOSTNAME to spec.nodeName: every Alloy pod sees only its own node's pods.
    selectors: throughApi(config) ? undefined : [{ role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) }],
    attach_metadata: attach,
  });
  const targets = discovery.relabel('pod_logs', { targets: pods.exports.targets, rule: relabelRules(config) });
  const process = loki.process('pod_logs', { forward_to: forwardTo, stages: podLogStages(config, throughApi(config)) });
  if (throughApi(config)) {
    const source = loki.source.kubernetes('pod_logs', {
      targets: targets.exports.output,
      forward_to: [process.exports.receiver],
      // Each container's log is read by the one replica its target hashes to; a replica that leaves hands
      // its targets to the others, which resume from the API server's copy of the log.
      clustering: { enabled: true },
    });
    return {
      files: [{ name: podLogsFileName, file: file([pods, targets, source, process].map((c) => c.block)) }],
      rbac: uniqueRules([...rbac, ...apiRbac, ...needs.rbac, ...routing.rbac]),
    };
  }
  // Expands the globs into one target per file. A container with several ports gives identical
  // targets once the __meta labels are gone; loki.source.file tails each file once.
  const files = local.file_match('pod_logs', { path_targets: targets.exports.output });
  const source = loki.source.file('pod_logs', {
    targets: files.exports.targets,
    forward_to: [process.exports.receiver],
    // Positions persist on a host path, so this only affects files never seen before (a new node, a
    // new pod): their history is skipped instead of flooding Loki; known files resume where they were.
    tail_from_end: logs.tailFromEnd,
  });
  return {
    files: [{ name: podLogsFileName, file: file([pods, targets, files, source, process].map((c) => c.block)) }],
    rbac: uniqueRules([...rbac, ...needs.rbac, ...routing.rbac]),
    hostMounts: logs.containerRuntime === 'docker' ? [podLogsMount, dockerMount] : [podLogsMount],
  };
}

/** Rules once each: namespace metadata is asked for by labels and by routing alike. */
function uniqueRules(rules: readonly RbacRule[]): RbacRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(JSON.stringify(r)) && (seen.add(JSON.stringify(r)), true));
}
