// The stack's Namespace, with Pod Security Admission labels.
import type { Namespace } from '../k8s/types.gen.ts';

export interface NamespaceOptions {
  /** Whether a rendered workload needs host access (node-exporter, alloy-logs). */
  hostAccess: boolean;
}

/**
 * enforce: `privileged` only when a workload needs host access: node-exporter uses hostNetwork,
 * hostPID and hostPath; alloy-logs uses hostPath and adds the DAC_READ_SEARCH capability (root
 * alone would fit). Neither fits `baseline`, and PSA has no per-pod exceptions. Otherwise
 * `restricted`, which every other workload meets.
 * warn and audit stay `restricted`, so those exceptions, and any new one, remain visible.
 */
export function namespace(name: string, options: NamespaceOptions): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      labels: {
        // The product, not the instance: two stacks may share a namespace, and its labels must not flap between them.
        'app.kubernetes.io/part-of': 'alloy-stack',
        'pod-security.kubernetes.io/enforce': options.hostAccess ? 'privileged' : 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
    },
  };
}
