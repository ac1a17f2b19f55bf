// PodDisruptionBudgets and NetworkPolicies: a non-empty selector must select a rendered pod template.
import type { LabelSelector } from '../types.gen.ts';
import type { Context } from './context.ts';
import type { Rendered } from './inventory.ts';
import { checkSelectorSyntax } from './labels.ts';
import { isObj } from './read.ts';
import { isEmptySelector } from './selectors.ts';

export function checkSelecting(ctx: Context, r: Rendered, field: 'selector' | 'podSelector') {
  const spec = (r.object as { spec?: Record<string, LabelSelector | undefined> }).spec;
  if (!isObj(spec)) return;
  const selector = spec[field];
  if (!isObj(selector)) {
    // policy/v1: a PodDisruptionBudget without a selector protects no pod.
    if (r.object.kind === 'PodDisruptionBudget') ctx.report(r, ['spec'], 'missing required field selector (without it the budget selects no pods)');
    return;
  }
  checkSelectorSyntax(ctx, r, ['spec', field], selector);
  // An empty selector selects every pod of the namespace, which is meant to be broad.
  if (!isEmptySelector(selector)) ctx.requireSelected(r, ['spec', field], selector);
}
