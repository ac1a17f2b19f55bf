// Syntax of label maps and selectors as written: keys, values and operators the apiserver refuses.
import type { LabelSelector } from '../types.gen.ts';
import type { Context } from './context.ts';
import type { Rendered } from './inventory.ts';
import { nameRules } from './names.ts';
import { each, isObj, type Path } from './read.ts';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** Checks the keys of a label or annotation map, and the values too when `values` (labels). */
export function checkLabels(ctx: Context, r: Rendered, path: Path, value: unknown, values: boolean) {
  if (!isObj(value)) return;
  for (const k of Object.keys(value)) {
    const v = value[k];
    const badKey = nameRules.labelKey(k);
    if (badKey) ctx.report(r, [...path, k], `invalid key: ${badKey}`);
    const badValue = values && typeof v === 'string' ? nameRules.labelValue(v) : undefined;
    if (badValue) ctx.report(r, [...path, k], `invalid value ${JSON.stringify(v)}: ${badValue}`);
  }
}

export function checkSelectorSyntax(ctx: Context, r: Rendered, path: Path, selector: LabelSelector) {
  checkLabels(ctx, r, [...path, 'matchLabels'], selector.matchLabels, true);
  for (const [e, i] of each(selector.matchExpressions)) {
    if (typeof e.key === 'string' && nameRules.labelKey(e.key)) ctx.report(r, [...path, 'matchExpressions', i, 'key'], `invalid key: ${nameRules.labelKey(e.key)}`);
    if (!OPERATORS.has(e.operator)) ctx.report(r, [...path, 'matchExpressions', i, 'operator'], `expected one of In, NotIn, Exists, DoesNotExist, got ${JSON.stringify(e.operator)}`);
  }
}
