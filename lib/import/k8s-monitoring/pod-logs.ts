// podLogs: tailing every pod's log files on its node (the chart's default gather method, volumes).
// The chart keeps health-probe lines and parses each container's runtime format by its container id;
// the import keeps probe lines too (dropProbeLogs off), so nothing the chart delivered goes missing.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';
import { typedStages } from './log-stages.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const lokiLabel = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const labelKey = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * podLogsViaKubernetesApi (its own feature in the chart) -> logs.gather kubernetesApi. It runs when
 * podLogs is off; both on would gather every line twice, which has no equivalent here.
 */
export function podLogsViaKubernetesApi(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['podLogsViaKubernetesApi'];
  if (!read.has(at)) return;
  if (read.bool([...at, 'enabled']) !== true) {
    records.ignored(at, 'off in the chart, and not rendered here either');
    return;
  }
  if (read.bool(['podLogs', 'enabled']) === true) {
    records.unsupported(at, 'pod logs gathered twice (podLogs and podLogsViaKubernetesApi both on): one gather method here', ['logs']);
    return;
  }
  records.mapped([...at, 'enabled'], 'logs.enabled, logs.gather kubernetesApi');
  draft.set(['logs', 'enabled'], true);
  draft.set(['logs', 'gather'], 'kubernetesApi');
  draft.set(['logs', 'dropProbeLogs', 'enabled'], false);
  draft.notes.delete('logs');
  draft.from(['logs'], 'podLogsViaKubernetesApi.enabled');
  draft.note(['logs', 'dropProbeLogs'], 'the chart keeps health-probe lines; turn this on to drop them before they are stored');
  gatheredThroughApi(context);
  podLogSettings(context, at);
}

/** alloy-logs as the chart runs it for the API gather: here a clustered StatefulSet follows from logs.gather. */
function gatheredThroughApi(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['alloy-logs'];
  if (read.has([...at, 'alloy', 'clustering'])) records.ignored([...at, 'alloy', 'clustering'], 'logs.gather kubernetesApi runs alloy-logs clustered, so the log streams are shared among the replicas');
  if (read.has([...at, 'controller', 'type'])) records.ignored([...at, 'controller', 'type'], 'logs.gather kubernetesApi runs alloy-logs as a StatefulSet (its read positions survive a restart)');
  const replicas = read.number([...at, 'controller', 'replicas']);
  if (replicas !== undefined) {
    if (Number.isInteger(replicas) && replicas >= 1) {
      draft.set(['alloyLogs', 'replicas'], replicas);
      draft.from(['alloyLogs'], 'alloy-logs.controller.replicas');
      records.mapped([...at, 'controller', 'replicas'], 'alloyLogs.replicas');
    } else records.unsupported([...at, 'controller', 'replicas'], `${replicas} is not a replica count`, ['alloyLogs']);
  }
}

export function podLogs(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['podLogs'];
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'logs.enabled');
  draft.set(['logs', 'enabled'], enabled);
  if (!enabled) {
    draft.note(['logs'], 'podLogs is off in the values: no pod logs');
    if (read.has(at)) records.ignored(at, 'podLogs.enabled is false, so the chart reads none of these keys');
    return;
  }
  draft.from(['logs'], 'podLogs.enabled');
  draft.set(['logs', 'dropProbeLogs', 'enabled'], false);
  draft.note(['logs', 'dropProbeLogs'], 'the chart keeps health-probe lines; turn this on to drop them before they are stored');
  const method = read.string([...at, 'gatherMethod']) ?? 'volumes';
  if (method === 'volumes') {
    if (read.has([...at, 'gatherMethod'])) records.mapped([...at, 'gatherMethod'], 'logs.gather files: the log files on each node');
  } else if (method === 'kubernetesApi') {
    draft.set(['logs', 'gather'], 'kubernetesApi');
    draft.from(['logs'], 'podLogs.gatherMethod');
    records.mapped([...at, 'gatherMethod'], 'logs.gather kubernetesApi');
    gatheredThroughApi(context);
  } else records.unsupported([...at, 'gatherMethod'], `gatherMethod ${method} has no equivalent here (files or kubernetesApi)`, ['logs']);
  podLogSettings(context, at);
}

/** The keys podLogs and podLogsViaKubernetesApi share. */
function podLogSettings(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const feature = String(at[0]);
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-logs)');

  for (const [key, field] of [['namespaces', 'include'], ['excludeNamespaces', 'exclude']] as const) {
    const list = read.strings([...at, key]);
    if (list === undefined) continue;
    const bad = list.filter((n) => !dnsLabel.test(n));
    if (bad.length > 0) {
      records.unsupported([...at, key], `not namespace names: ${bad.join(', ')}`, ['logs']);
      continue;
    }
    if (list.length > 0) draft.set(['logs', 'namespaces', field], list);
    draft.from(['logs'], `${feature}.${key}`);
    records.mapped([...at, key], `logs.namespaces.${field}`);
  }
  const keep = read.strings([...at, 'labelsToKeep']);
  if (keep !== undefined) {
    const bad = keep.filter((l) => !labelName.test(l));
    if (bad.length > 0) records.unsupported([...at, 'labelsToKeep'], `not label names: ${bad.join(', ')}`, ['logs']);
    else {
      draft.set(['logs', 'labelsToKeep'], keep);
      draft.from(['logs'], `${feature}.labelsToKeep`);
      records.mapped([...at, 'labelsToKeep'], 'logs.labelsToKeep');
    }
  }
  const onlyNew = read.bool([...at, 'volumeGatherSettings', 'onlyGatherNewLogLines']);
  if (onlyNew !== undefined) {
    draft.set(['logs', 'tailFromEnd'], onlyNew);
    draft.from(['logs'], `${feature}.volumeGatherSettings.onlyGatherNewLogLines`);
    records.mapped([...at, 'volumeGatherSettings', 'onlyGatherNewLogLines'], 'logs.tailFromEnd');
  }
  // <Loki label>: <Kubernetes label or annotation key>, the shape of logs.podLabels and its neighbours.
  // The chart's podLogs.labels default, merged under the values' own (as Helm merges maps), is
  // app_kubernetes_io_name from app.kubernetes.io/name: stage selectors in the values often use it.
  for (const [key, field] of [['labels', 'podLabels'], ['annotations', 'podAnnotations'], ['namespaceLabels', 'namespaceLabels']] as const) {
    const given = read.stringMap([...at, key]);
    if (given === undefined && read.present([...at, key])) continue;
    const map = key === 'labels' ? { app_kubernetes_io_name: 'app.kubernetes.io/name', ...given } : given;
    if (map === undefined) continue;
    const bad = Object.entries(map).filter(([label, source]) => !lokiLabel.test(label) || !labelKey.test(source));
    if (bad.length > 0) {
      records.unsupported([...at, key], `not <Loki label>: <Kubernetes key> pairs: ${bad.map(([l, v]) => `${l}: ${v}`).join(', ')}`, ['logs']);
      continue;
    }
    if (Object.keys(map).length > 0) draft.set(['logs', field], map);
    draft.from(['logs'], given === undefined ? `${feature}.${key} (unset: the chart's default)` : `${feature}.${key}`);
    if (given !== undefined) records.mapped([...at, key], `logs.${field}`);
  }
  const staticLabels = read.stringMap([...at, 'staticLabels']);
  if (staticLabels !== undefined) {
    const bad = Object.keys(staticLabels).filter((l) => !lokiLabel.test(l));
    if (bad.length > 0) records.unsupported([...at, 'staticLabels'], `not Loki label names: ${bad.join(', ')}`, ['logs']);
    else if (Object.keys(staticLabels).length > 0) {
      const stages = draft.get(['logs', 'stages']);
      draft.set(['logs', 'stages'], [...(Array.isArray(stages) ? stages : []), { staticLabels }]);
      draft.from(['logs'], `${feature}.staticLabels`);
      records.mapped([...at, 'staticLabels'], 'logs.stages: staticLabels');
    }
  }
  const extra = read.string([...at, 'extraLogProcessingStages']);
  if (extra !== undefined && extra.trim() !== '') {
    const typed = typedStages(extra);
    if ('why' in typed) records.unsupported([...at, 'extraLogProcessingStages'], typed.why, ['logs']);
    else {
      const stages = draft.get(['logs', 'stages']);
      draft.set(['logs', 'stages'], [...(Array.isArray(stages) ? stages : []), ...typed.stages]);
      draft.from(['logs'], `${feature}.extraLogProcessingStages`);
      records.mapped([...at, 'extraLogProcessingStages'], 'logs.stages (each Alloy stage as its typed stage)');
    }
  } else if (extra !== undefined) records.ignored([...at, 'extraLogProcessingStages'], 'empty');
  const unsupported: Record<string, string> = {
    nodeLabels: 'the chart\'s well-known node labels each read the first of several cloud-specific node labels; logs.nodeLabels copies one node label key per log label: name the one your nodes carry',
    namespaceAnnotations: 'namespace annotations on logs have no field here (logs.namespaceLabels reads labels only)',
    staticLabelsFrom: 'labels from Alloy expressions have no field here',
    structuredMetadata: 'naming which labels become structured metadata has no field here: logs.structuredMetadata moves every label not in labelsToKeep',
    labelSelectors: 'pod label selectors for logs have no field yet (issue 20)',
    nodeSelectors: 'node selectors for logs have no field here',
    extraDiscoveryRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    secretFilter: 'loki.secretfilter has no field here',
    destinations: 'per-feature destinations: every log source goes to every destination here',
  };
  for (const [key, why] of Object.entries(unsupported)) {
    if (read.present([...at, key])) records.unsupported([...at, key], why, ['logs']);
  }
}
