// The shared Kubernetes discovery (targets.alloy): one watch per role for the whole workload, read by
// every pipeline, so adding a pipeline never adds load on the API server.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { RbacRule } from '../alloy-config.ts';

export type DiscoveryRole = 'pods' | 'nodes' | 'endpointslices';

export const discoveryRoles: readonly DiscoveryRole[] = ['pods', 'nodes', 'endpointslices'];

export type SharedDiscovery = Record<DiscoveryRole, Component<{ targets: Ref<'Targets'> }>>;

/**
 * `namespaces`: with rbac.mode namespaced, the only ones readable (nodes are then refused by the config check).
 * `attachNode`: each pod target also carries its node's labels (metrics.nodeLabels on pod-discovered node-exporter),
 * at the cost of a watch of the nodes.
 */
export function sharedDiscovery(namespaces?: readonly string[], attachNode = false, attachNamespace = false): SharedDiscovery {
  const within = namespaces === undefined ? {} : { namespaces: { names: [...namespaces] } };
  const attach = { ...(attachNode ? { node: true } : {}), ...(attachNamespace ? { namespace: true } : {}) };
  return {
    pods: discovery.kubernetes('pods', { role: 'pod', ...within, ...(Object.keys(attach).length > 0 ? { attach_metadata: attach } : {}) }),
    nodes: discovery.kubernetes('nodes', { role: 'node' }),
    endpointslices: discovery.kubernetes('endpointslices', { role: 'endpointslice', ...within }),
  };
}

/** What attach_metadata { node = true } on the pod watch reads. */
export const attachNodeRbac: readonly RbacRule[] = [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] }];

/** What each watch needs: list, then watch for changes. */
export const discoveryRbac: Readonly<Record<DiscoveryRole, readonly RbacRule[]>> = {
  pods: [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }],
  nodes: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] }],
  // The endpointslice role also watches the Services and pods the slices point at, for their labels
  // and annotations (Prometheus' endpointslice discovery).
  endpointslices: [
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['services', 'pods'], verbs: ['list', 'watch'] },
  ],
};
