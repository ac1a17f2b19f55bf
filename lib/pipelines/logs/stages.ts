// The environment's typed log stages (logs.stages) as loki.process stage blocks, in the user's order.
import type { StageBlock } from '../../alloy/components/index.ts';
import { stage } from '../../alloy/components/index.ts';
import type { LogStage } from '../../config/config.gen.ts';

export function stageBlock(s: LogStage): StageBlock {
  if ('json' in s) return stage.json({ expressions: s.json.expressions, source: s.json.source });
  if ('logfmt' in s) return stage.logfmt({ mapping: s.logfmt.mapping, source: s.logfmt.source });
  if ('regex' in s) return stage.regex({ expression: s.regex.expression, source: s.regex.source });
  if ('labels' in s) return stage.labels({ values: s.labels });
  if ('staticLabels' in s) return stage.static_labels({ values: s.staticLabels });
  if ('drop' in s) {
    const d = s.drop;
    return stage.drop({
      expression: d.expression, source: d.source, value: d.value,
      older_than: d.olderThan, longer_than: d.longerThan, drop_counter_reason: d.reason,
    });
  }
  if ('match' in s) {
    const m = s.match;
    // An empty nested list is left out, so a dropping match renders as Alloy requires (no stages).
    const nested = (m.stages ?? []).map(stageBlock);
    return stage.match({ selector: m.selector, action: m.action, stages: nested.length > 0 ? nested : undefined });
  }
  if ('metrics' in s) return metricsStage(s.metrics);
  const m = s.multiline;
  return stage.multiline({ firstline: m.firstLine, max_lines: m.maxLines, max_wait_time: m.maxWaitTime });
}

type LogMetric = Extract<LogStage, { metrics: unknown }>['metrics'][number];

/** Alloy's prefix of metrics a loki.process stage creates (stage.metrics' default). */
export const logMetricPrefix = 'loki_process_custom_';

function metricsStage(metrics: readonly LogMetric[]): StageBlock {
  return stage.metrics({
    metric: metrics.map((m) => {
      const common = { name: m.name, description: m.description, source: m.source, value: m.value, max_idle_duration: m.maxIdleDuration };
      if (m.type === 'counter') return { counter: { ...common, action: m.action ?? 'inc', match_all: m.matchAll, count_entry_bytes: m.countEntryBytes } };
      if (m.type === 'gauge') return { gauge: { ...common, action: m.action ?? 'set' } };
      return { histogram: { ...common, buckets: m.buckets ?? [] } };
    }),
  });
}

/** The series names the stage.metrics of these stages expose (a histogram's _bucket, _sum and _count). */
export function logMetricNames(stages: readonly LogStage[]): string[] {
  const out: string[] = [];
  for (const s of stages) {
    if ('metrics' in s) {
      for (const m of s.metrics) {
        const name = `${logMetricPrefix}${m.name}`;
        out.push(...(m.type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]));
      }
    }
    if ('match' in s) out.push(...logMetricNames(s.match.stages ?? []));
  }
  return out;
}

export const stageBlocks = (stages: readonly LogStage[]): StageBlock[] => stages.map(stageBlock);

/**
 * Label names the user's stages create (labels and staticLabels, also inside match). They are an
 * explicit request for a label, so label_keep keeps them too instead of dropping them silently.
 */
export function labelsSetBy(stages: readonly LogStage[]): string[] {
  const names: string[] = [];
  for (const s of stages) {
    if ('labels' in s) names.push(...Object.keys(s.labels));
    if ('staticLabels' in s) names.push(...Object.keys(s.staticLabels));
    if ('match' in s) names.push(...labelsSetBy(s.match.stages ?? []));
  }
  return names;
}
