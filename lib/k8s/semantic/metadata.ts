// Every object's metadata: name, namespace, label and annotation syntax.
import type { Context } from './context.ts';
import { CLUSTER_SCOPED, type Rendered } from './inventory.ts';
import { checkLabels } from './labels.ts';
import { nameRules, objectNameRule } from './names.ts';
import { isObj } from './read.ts';

export function checkMetadata(ctx: Context, r: Rendered) {
  const meta = isObj(r.object.metadata) ? r.object.metadata : undefined;
  const name = meta?.name;
  if (typeof name !== 'string') ctx.report(r, meta ? ['metadata'] : [], `missing required field ${meta ? 'name' : 'metadata'}`);
  else {
    const bad = objectNameRule(r.object.kind)(name);
    if (bad) ctx.report(r, ['metadata', 'name'], `invalid name ${JSON.stringify(name)}: ${bad}`);
  }
  if (typeof meta?.namespace === 'string' && !CLUSTER_SCOPED.has(r.object.kind)) {
    const bad = nameRules.dnsLabel(meta.namespace);
    if (bad) ctx.report(r, ['metadata', 'namespace'], `invalid namespace ${JSON.stringify(meta.namespace)}: ${bad}`);
  }
  checkLabels(ctx, r, ['metadata', 'labels'], meta?.labels, true);
  checkLabels(ctx, r, ['metadata', 'annotations'], meta?.annotations, false);
}
