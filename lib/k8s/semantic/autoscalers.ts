// HorizontalPodAutoscalers and VerticalPodAutoscalers: the workload they scale must be rendered. An autoscaler
// aimed at a misspelt name is accepted by the apiserver and then does nothing, with no error anywhere.
import type { Context } from './context.ts';
import type { Rendered } from './inventory.ts';
import { isObj } from './read.ts';

const scalable: ReadonlySet<string> = new Set(['StatefulSet', 'Deployment', 'DaemonSet', 'ReplicaSet']);

export function checkScaleTarget(ctx: Context, r: Rendered) {
  const spec = (r.object as { spec?: unknown }).spec;
  const field = r.object.kind === 'HorizontalPodAutoscaler' ? 'scaleTargetRef' : 'targetRef';
  const target = isObj(spec) ? spec[field] : undefined;
  if (!isObj(target) || typeof target.kind !== 'string') return;
  // Only the kinds the stack renders can be checked; a custom resource with a scale subresource cannot.
  if (target.apiVersion !== 'apps/v1' || !scalable.has(target.kind)) return;
  // A HorizontalPodAutoscaler cannot scale a DaemonSet: it has no replica count.
  if (r.object.kind === 'HorizontalPodAutoscaler' && target.kind === 'DaemonSet') {
    ctx.report(r, ['spec', field, 'kind'], 'a DaemonSet runs one pod per node and has no replicas to scale');
    return;
  }
  ctx.requireObject(r, ['spec', field, 'name'], target.kind, target.name, r.namespace);
}
