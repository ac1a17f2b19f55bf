// The custom chart's values (reference/custom-chart.md): enableCloudWrite, metricsTuning.<component>
// and logsTuning.alloy.loki.stageDropProbeLogs. The names are this library's own, so they map one to one.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';

const builtin = new Set(['kubelet', 'resources', 'cadvisor', 'kube-state-metrics', 'node-exporter', 'alloy', 'prometheus']);

export function cloudWrite(context: ImportContext): void {
  const { read, records, draft } = context;
  const cluster = read.string(['clusterName']);
  if (cluster !== undefined) {
    draft.set(['clusterName'], cluster);
    draft.from(['clusterName'], 'clusterName');
    records.mapped(['clusterName'], 'clusterName');
  }
  const on = read.bool(['enableCloudWrite']);
  if (on === undefined) return;
  draft.set(['enableCloudWrite'], on);
  draft.from(['enableCloudWrite'], 'enableCloudWrite');
  if (on) {
    // The chart kept its Grafana Cloud endpoints and credentials outside these keys.
    records.unsupported(['enableCloudWrite'], 'the Grafana Cloud endpoint is not among these values: add cloud: { metrics: { url, auth: { secret, usernameKey, passwordKey } } } by hand', ['enableCloudWrite']);
  } else records.mapped(['enableCloudWrite'], 'enableCloudWrite');
}

/** metricsTuning.<component>: `apps` are the app pipelines found in --config-dir, which may be tuned too. */
export function metricsTuning(context: ImportContext, apps: ReadonlySet<string>): void {
  const { read, records, draft } = context;
  const tuning = read.map(['metricsTuning']);
  if (tuning === undefined) return;
  for (const component of Object.keys(tuning).sort()) {
    const at = ['metricsTuning', component];
    if (!builtin.has(component) && !apps.has(component)) {
      records.unsupported(at, `no metrics component "${component}" here (a built-in one, or an app found in --config-dir)`, ['metricsTuning']);
      continue;
    }
    const out: Record<string, DraftValue> = {};
    const useDefault = read.bool([...at, 'useDefaultAllowList']);
    if (useDefault !== undefined) {
      out.useDefaultAllowList = useDefault;
      records.mapped([...at, 'useDefaultAllowList'], `metricsTuning.${component}.useDefaultAllowList`);
    }
    for (const key of ['includeMetrics', 'excludeMetrics'] as const) {
      const list = read.strings([...at, key]);
      if (list === undefined) continue;
      out[key] = list;
      records.mapped([...at, key], `metricsTuning.${component}.${key}`);
    }
    draft.set(['metricsTuning', component], out);
    draft.from(['metricsTuning', component], `metricsTuning.${component}`);
  }
}

export function logsTuning(context: ImportContext): void {
  const { read, records, draft } = context;
  const at = ['logsTuning', 'alloy', 'loki', 'stageDropProbeLogs'];
  const enabled = read.bool([...at, 'enabled']);
  if (enabled !== undefined) {
    draft.set(['logs', 'dropProbeLogs', 'enabled'], enabled);
    records.mapped([...at, 'enabled'], 'logs.dropProbeLogs.enabled');
    draft.from(['logs'], 'logsTuning.alloy.loki.stageDropProbeLogs');
  }
  const expression = read.string([...at, 'expression']);
  if (expression !== undefined) {
    draft.set(['logs', 'dropProbeLogs', 'expression'], expression);
    records.mapped([...at, 'expression'], 'logs.dropProbeLogs.expression');
    draft.from(['logs'], 'logsTuning.alloy.loki.stageDropProbeLogs');
  }
}
