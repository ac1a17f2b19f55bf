// integrations.<name>.instances: the chart's per-application scrapes. The `alloy` integration scraping
// the chart's own Alloy collectors is what this library's Alloy self-scrape does (metrics.alloy); every
// other integration has no pipeline here (an app can be scraped by pod label and port: metrics.apps).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';

export function integrations(context: ImportContext): void {
  const { read, records, draft } = context;
  const root = read.map(['integrations']);
  if (root === undefined) return;
  for (const key of Object.keys(root).sort()) {
    const at: ValuePath = ['integrations', key];
    if (key === 'collector') records.ignored(at, 'the collector follows from the feature here (alloy-metrics)');
    else if (key === 'alloy') alloyIntegration(context, at);
    else if (read.present(at)) records.unsupported(at, `the ${key} integration has no pipeline here; an app can be scraped by pod label and port (metrics.apps)`, ['metrics']);
  }
  void draft;
}

function alloyIntegration(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const instances = read.list([...at, 'instances']) ?? [];
  if (instances.length !== 1) {
    if (instances.length > 1) records.unsupported(at, 'more than one Alloy instance to scrape: this library scrapes its own Alloy workloads only', ['metrics']);
    return;
  }
  const instance: ValuePath = [...at, 'instances', 0];
  const selectors = read.map([...instance, 'labelSelectors']) ?? {};
  const names = selectors['app.kubernetes.io/name'];
  const list = Array.isArray(names) ? names : [names];
  const ownCollectors = Object.keys(selectors).length === 1 && list.every((n) => typeof n === 'string' && /^alloy(-[a-z]+)?$/.test(n));
  if (!ownCollectors) {
    records.unsupported(instance, 'an Alloy instance other than the chart\'s own collectors: this library scrapes its own Alloy workloads only', ['metrics']);
    return;
  }
  records.mapped([...instance, 'name'], 'metrics.alloy');
  records.mapped([...instance, 'labelSelectors'], 'metrics.alloy (the stack\'s own Alloy workloads)');
  draft.set(['metrics', 'alloy', 'enabled'], true);
  draft.from(['metrics'], 'integrations.alloy.instances[0]');
  const tuning: Record<string, DraftValue> = {};
  const t: ValuePath = [...instance, 'metrics', 'tuning'];
  const useDefault = read.bool([...t, 'useDefaultAllowList']);
  if (useDefault !== undefined) {
    tuning.useDefaultAllowList = useDefault;
    records.mapped([...t, 'useDefaultAllowList'], 'metricsTuning.alloy.useDefaultAllowList');
  }
  for (const key of ['includeMetrics', 'excludeMetrics'] as const) {
    const metrics = read.strings([...t, key]);
    if (metrics === undefined) continue;
    if (metrics.length > 0) tuning[key] = metrics;
    records.mapped([...t, key], `metricsTuning.alloy.${key}`);
  }
  if (Object.keys(tuning).length > 0) {
    draft.set(['metricsTuning', 'alloy'], tuning);
    draft.from(['metricsTuning', 'alloy'], 'integrations.alloy.instances[0].metrics.tuning');
  }
}
