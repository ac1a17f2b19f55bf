// podLogsObjects: the logs of the pods that PodLogs objects select -> logs.podLogsObjects. The chart
// (3.8) spreads those pods over the alloy-logs pods by clustering; here each alloy-logs DaemonSet pod takes
// its own node's pods (node_filter), so each pod's log is read once either way.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';

const labelName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function podLogsObjects(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['podLogsObjects'];
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'logs.podLogsObjects.enabled');
  if (!enabled) {
    records.ignored(at, 'podLogsObjects.enabled is false, so the chart reads none of these keys');
    return;
  }
  draft.set(['logs', 'podLogsObjects', 'enabled'], true);
  draft.from(['logs', 'podLogsObjects'], 'podLogsObjects.enabled');
  // The objects' lines pass the pod-log stages here; the chart keeps health-probe lines, so they stay.
  draft.set(['logs', 'dropProbeLogs', 'enabled'], false);
  draft.note(['logs', 'dropProbeLogs'], 'the chart keeps health-probe lines; turn this on to drop them before they are stored');
  if (read.has([...at, 'nodeFilter'])) records.ignored([...at, 'nodeFilter'], 'each alloy-logs pod reads its own node\'s pods here (node_filter) whatever it says; the chart 3.8 spreads them by clustering');
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-logs)');
  const selectors = read.map([...at, 'labelSelectors']);
  if (selectors !== undefined && Object.keys(selectors).length > 0) {
    if (Object.entries(selectors).every(([k, v]) => labelName.test(k) && typeof v === 'string' && labelValue.test(v))) {
      draft.set(['logs', 'podLogsObjects', 'labels'], selectors as Record<string, string>);
      draft.from(['logs', 'podLogsObjects'], 'podLogsObjects.labelSelectors');
      records.mapped([...at, 'labelSelectors'], 'logs.podLogsObjects.labels');
    } else records.unsupported([...at, 'labelSelectors'], 'a selector other than one label equal to one value: PodLogs objects are matched by equal labels here', ['logs']);
  }
  const unsupported: Record<string, string> = {
    extraDiscoveryRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    extraLogProcessingStages: 'raw Alloy stages cannot be mapped to typed fields here (logs.stages applies to every pod log)',
    destinations: 'per-feature destinations: PodLogs lines go to every log destination here',
  };
  for (const [key, why] of Object.entries(unsupported)) if (read.present([...at, key])) records.unsupported([...at, key], why, ['logs']);
}
