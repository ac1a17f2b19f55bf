// A workload's selector must be valid, non-empty and select its own pod template.
import type { LabelSelector, PodTemplateSpec } from '../types.gen.ts';
import type { Context } from './context.ts';
import type { Rendered } from './inventory.ts';
import { checkSelectorSyntax } from './labels.ts';
import { isObj, isSet, stringMap } from './read.ts';
import { isEmptySelector, mismatch } from './selectors.ts';

export function checkWorkload(ctx: Context, r: Rendered) {
  const spec = (r.object as { spec?: { selector?: LabelSelector; template?: PodTemplateSpec } }).spec;
  if (!isObj(spec) || !isObj(spec.selector)) return; // the schema reports a missing selector
  checkSelectorSyntax(ctx, r, ['spec', 'selector'], spec.selector);
  if (isEmptySelector(spec.selector)) return ctx.report(r, ['spec', 'selector'], 'must not be empty (the apiserver rejects an empty workload selector)');
  const labels = stringMap(isSet(spec.template) ? spec.template.metadata?.labels : undefined);
  const miss = mismatch(spec.selector, labels);
  if (miss) ctx.report(r, ['spec', 'selector', ...miss[0]], `${miss[1]} (spec.template.metadata.labels), so the workload would not own its pods`);
}
