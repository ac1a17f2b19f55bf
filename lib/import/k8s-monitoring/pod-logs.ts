// podLogs: tailing every pod's log files on its node (the chart's default gather method, volumes).
// The chart keeps health-probe lines and parses each container's runtime format by its container id;
// the import keeps probe lines too (dropProbeLogs off), so nothing the chart delivered goes missing.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

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
    if (read.has([...at, 'gatherMethod'])) records.mapped([...at, 'gatherMethod'], 'the log files on each node, as here');
  } else records.unsupported([...at, 'gatherMethod'], `gatherMethod ${method} has no field yet (pod-log gathering methods: issue 20)`, ['logs']);
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
    draft.from(['logs'], `podLogs.${key}`);
    records.mapped([...at, key], `logs.namespaces.${field}`);
  }
  const keep = read.strings([...at, 'labelsToKeep']);
  if (keep !== undefined) {
    const bad = keep.filter((l) => !labelName.test(l));
    if (bad.length > 0) records.unsupported([...at, 'labelsToKeep'], `not label names: ${bad.join(', ')}`, ['logs']);
    else {
      draft.set(['logs', 'labelsToKeep'], keep);
      draft.from(['logs'], 'podLogs.labelsToKeep');
      records.mapped([...at, 'labelsToKeep'], 'logs.labelsToKeep');
    }
  }
  const onlyNew = read.bool([...at, 'volumeGatherSettings', 'onlyGatherNewLogLines']);
  if (onlyNew !== undefined) {
    draft.set(['logs', 'tailFromEnd'], onlyNew);
    draft.from(['logs'], 'podLogs.volumeGatherSettings.onlyGatherNewLogLines');
    records.mapped([...at, 'volumeGatherSettings', 'onlyGatherNewLogLines'], 'logs.tailFromEnd');
  }
  const unsupported: Record<string, string> = {
    labels: 'pod labels as log labels have no field yet (pod-log labels: issue 20)',
    annotations: 'pod annotations as log labels have no field yet (issue 20)',
    nodeLabels: 'node labels on logs have no field yet (issue 20)',
    namespaceLabels: 'namespace labels on logs have no field yet (issue 20)',
    namespaceAnnotations: 'namespace annotations on logs have no field yet (issue 20)',
    staticLabels: 'static labels have a typed stage (logs.stages staticLabels), not imported yet',
    staticLabelsFrom: 'labels from Alloy expressions have no field here',
    structuredMetadata: 'extra structured metadata has no field yet (issue 20)',
    labelSelectors: 'pod label selectors for logs have no field yet (issue 20)',
    nodeSelectors: 'node selectors for logs have no field here',
    extraDiscoveryRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    extraLogProcessingStages: 'raw Alloy stages cannot be mapped to the typed logs.stages',
    secretFilter: 'loki.secretfilter has no field here',
    destinations: 'per-feature destinations: every log source goes to every destination here',
  };
  for (const [key, why] of Object.entries(unsupported)) {
    if (read.present([...at, key])) records.unsupported([...at, key], why, ['logs']);
  }
}
