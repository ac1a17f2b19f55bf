// Checks over all rendered objects of one environment that a per-object schema cannot express:
// names and labels the apiserver would refuse, selectors that select nothing, references to
// objects that are not rendered (autoscaler targets too), port clashes and RBAC bindings to missing roles.
// Runs on schema-invalid objects too, so it reads every field defensively (semantic/read.ts).
// One file per concept under semantic/; this one indexes the objects once and dispatches by kind.
import { checkScaleTarget } from './semantic/autoscalers.ts';
import { createContext, type External } from './semantic/context.ts';
import { inventory } from './semantic/inventory.ts';
import { checkMetadata } from './semantic/metadata.ts';
import { checkPod } from './semantic/pods.ts';
import { checkSelecting } from './semantic/policies.ts';
import { checkBinding } from './semantic/rbac.ts';
import { each } from './semantic/read.ts';
import { checkService } from './semantic/services.ts';
import { checkWorkload } from './semantic/workloads.ts';

export type { External } from './semantic/context.ts';
export { nameRules } from './semantic/names.ts';

/** Every problem across the environment's objects, in object order. */
export function semanticProblems(objects: readonly unknown[], external: External): string[] {
  const problems: string[] = [];
  const index = inventory(objects);
  const ctx = createContext(index, external, problems);
  for (const r of index.rendered) {
    const first = index.duplicates.get(r);
    if (first) ctx.report(r, [], `duplicate object: ${first.label} (object #${first.index}) has the same kind, namespace and name`);
    checkMetadata(ctx, r);
    switch (r.object.kind) {
      case 'StatefulSet':
      case 'DaemonSet':
      case 'Deployment': {
        checkWorkload(ctx, r);
        const pod = index.podOf.get(r);
        if (pod) checkPod(ctx, pod);
        break;
      }
      case 'Service':
        checkService(ctx, r);
        break;
      case 'PodDisruptionBudget':
        checkSelecting(ctx, r, 'selector');
        break;
      case 'NetworkPolicy':
        checkSelecting(ctx, r, 'podSelector');
        break;
      case 'HorizontalPodAutoscaler':
      case 'VerticalPodAutoscaler':
        checkScaleTarget(ctx, r);
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        checkBinding(ctx, r);
        break;
      case 'ServiceAccount':
        for (const [s, i] of each((r.object as { imagePullSecrets?: { name?: string }[] }).imagePullSecrets)) {
          ctx.requireObject(r, ['imagePullSecrets', i, 'name'], 'Secret', s.name, r.namespace);
        }
        break;
    }
  }
  return problems;
}
