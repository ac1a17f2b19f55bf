// Label selector matching against a pod template's labels.
import type { LabelSelector } from '../types.gen.ts';
import { each, stringMap, type Labels, type Path } from './read.ts';

/** The first requirement of `selector` that `labels` fail, as [path inside the selector, why]. */
export function mismatch(selector: LabelSelector, labels: Labels): [Path, string] | undefined {
  const matchLabels = stringMap(selector.matchLabels);
  for (const k of Object.keys(matchLabels)) {
    const v = matchLabels[k]!;
    if (labels[k] === undefined) return [['matchLabels', k], `pod template has no label ${k}`];
    if (labels[k] !== v) return [['matchLabels', k], `${JSON.stringify(v)} does not match the pod template's ${k}=${JSON.stringify(labels[k])}`];
  }
  for (const [e, i] of each(selector.matchExpressions)) {
    const value = labels[String(e.key)];
    const values = Array.isArray(e.values) ? e.values : [];
    const ok =
      e.operator === 'In' ? value !== undefined && values.includes(value)
      : e.operator === 'NotIn' ? value === undefined || !values.includes(value)
      : e.operator === 'Exists' ? value !== undefined
      : e.operator === 'DoesNotExist' ? value === undefined
      : false;
    if (!ok) return [['matchExpressions', i], `pod template labels do not satisfy ${e.key} ${e.operator} [${values.join(', ')}]`];
  }
  return undefined;
}

export const isEmptySelector = (s: LabelSelector | undefined) =>
  Object.keys(stringMap(s?.matchLabels)).length === 0 && each(s?.matchExpressions).length === 0;

/** The selector as one line for messages, e.g. "app=x, tier In [a, b]". */
export const showSelector = (s: LabelSelector) =>
  [
    ...Object.entries(stringMap(s.matchLabels)).map(([k, v]) => `${k}=${v}`),
    ...each(s.matchExpressions).map(([e]) => `${e.key} ${e.operator} [${(Array.isArray(e.values) ? e.values : []).join(', ')}]`),
  ].join(', ');
