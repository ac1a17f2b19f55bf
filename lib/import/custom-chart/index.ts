// The custom chart: its values keys, then its pipeline files (--config-dir).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { classify, type PipelineFile } from './pipeline-files.ts';
import { cloudWrite, logsTuning, metricsTuning } from './values.ts';

/** A file's outcome, for the report: `config/<file>` paths are not values keys. */
export interface FileRecord {
  file: string;
  status: 'mapped' | 'ignored' | 'unsupported';
  detail: string;
}

export function customChart(context: ImportContext, files: readonly PipelineFile[]): FileRecord[] {
  const out: FileRecord[] = [];
  const apps: Record<string, DraftValue>[] = [];
  const allowLists = new Map<string, string[]>();
  const extra: Record<string, DraftValue> = {};
  for (const file of files) {
    const outcome = classify(file);
    if (outcome.kind === 'targets') out.push({ file: file.name, status: 'ignored', detail: 'the shared pods and nodes discovery, which this library renders itself' });
    else if (outcome.kind === 'app') {
      apps.push(outcome.app);
      if (outcome.allowList !== undefined) allowLists.set(String(outcome.app.name), outcome.allowList);
      out.push({ file: file.name, status: 'mapped', detail: `metrics.apps (${String(outcome.app.name)})` });
    } else if (outcome.kind === 'extra') {
      extra[file.name] = outcome.text;
      out.push({ file: file.name, status: 'mapped', detail: `alloyMetrics.extraConfig, as it is (${outcome.why})` });
    } else out.push({ file: file.name, status: 'unsupported', detail: outcome.why });
  }
  cloudWrite(context);
  if (apps.length > 0) {
    context.draft.set(['metrics', 'apps'], apps);
    context.draft.from(['metrics', 'apps'], ...files.filter((f) => out.find((r) => r.file === f.name)?.detail.startsWith('metrics.apps')).map((f) => `config/${f.name}`));
  }
  metricsTuning(context, new Set(apps.map((a) => String(a.name))));
  // An app's allow-list, as its file kept it, when the values do not tune the app: the exact names, not
  // a default list this project may not have (allow-lists/<app>.yaml).
  for (const [name, list] of allowLists) {
    if (context.draft.get(['metricsTuning', name]) !== undefined) continue;
    context.draft.set(['metricsTuning', name], { useDefaultAllowList: false, includeMetrics: list });
    context.draft.from(['metricsTuning', name], `config/${name}.alloy (its ${name.replace(/-/g, '_')}_remote keep rule)`);
  }
  logsTuning(context);
  if (Object.keys(extra).length > 0) {
    context.draft.set(['alloyMetrics', 'extraConfig'], extra);
    context.draft.from(['alloyMetrics', 'extraConfig'], ...Object.keys(extra).map((f) => `config/${f}`));
  }
  return out;
}
