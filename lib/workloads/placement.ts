// Where a Deployment's or StatefulSet's pods run: Linux nodes (every image here is Linux-only), narrowed
// by the environment's nodeSelector, and on tainted nodes its tolerations allow. DaemonSets tolerate
// every taint already and take none of this.
import type { PodSpec, Toleration } from '../k8s/types.gen.ts';

export interface PlacementSettings {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

export function placement(settings: PlacementSettings = {}): Pick<PodSpec, 'nodeSelector' | 'tolerations'> {
  return {
    nodeSelector: { 'kubernetes.io/os': 'linux', ...settings.nodeSelector },
    ...(settings.tolerations === undefined || settings.tolerations.length === 0 ? {} : { tolerations: settings.tolerations.map((t) => ({ ...t })) }),
  };
}
