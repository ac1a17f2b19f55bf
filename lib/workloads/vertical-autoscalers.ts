// An addon over the workload tree: one VerticalPodAutoscaler per chosen part that runs, aimed at that part's
// StatefulSet, DaemonSet or Deployment. The VPA learns what the containers use; the rendered requests stay the
// starting point (sizing/ proposes them), so a cluster without the add-on loses nothing but the advice.
import type { Config } from '../config/config.gen.ts';
import type { Part } from '../config/names.ts';
import type { DaemonSet, Deployment, StatefulSet, VerticalPodAutoscaler } from '../k8s/types.gen.ts';

type Controller = StatefulSet | DaemonSet | Deployment;
const controllerKinds: ReadonlySet<string> = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);

/** The controller in one part's group of objects (each part renders exactly one). */
function controllerOf(group: object): Controller | undefined {
  return Object.values(group).find((o): o is Controller => typeof o === 'object' && o !== null && controllerKinds.has((o as { kind?: string }).kind ?? ''));
}

export function verticalAutoscaler(settings: Config['verticalAutoscaling'], target: Controller): VerticalPodAutoscaler {
  const { name, namespace, labels } = target.metadata!;
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name: name!, ...(namespace === undefined ? {} : { namespace }), ...(labels === undefined ? {} : { labels: { ...labels } }) },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: target.kind, name: name! },
      updatePolicy: { updateMode: settings.updateMode },
      resourcePolicy: {
        containerPolicies: [{
          containerName: '*',
          controlledValues: settings.controlledValues,
          ...(settings.maxAllowed === undefined ? {} : { maxAllowed: { ...settings.maxAllowed } }),
        }],
      },
    },
  };
}

/** One VPA per part in `verticalAutoscaling.workloads` whose objects are in `tree`, keyed by part. */
export function verticalAutoscalers(config: Config, tree: Readonly<Partial<Record<Part, object>>>): Partial<Record<Part, VerticalPodAutoscaler>> {
  const settings = config.verticalAutoscaling;
  if (!settings.enabled) return {};
  const out: Partial<Record<Part, VerticalPodAutoscaler>> = {};
  for (const part of settings.workloads) {
    const group = tree[part];
    const target = group === undefined ? undefined : controllerOf(group);
    if (target !== undefined) out[part] = verticalAutoscaler(settings, target);
  }
  return out;
}
