// The shared Kubernetes discovery (targets.alloy): one watch per role for the whole workload, read by
// every pipeline, so adding a pipeline never adds load on the API server.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { RbacRule } from '../alloy-config.ts';

export type DiscoveryRole = 'pods' | 'nodes';

export const discoveryRoles: readonly DiscoveryRole[] = ['pods', 'nodes'];

export type SharedDiscovery = Record<DiscoveryRole, Component<{ targets: Ref<'Targets'> }>>;

export function sharedDiscovery(): SharedDiscovery {
  return {
    pods: discovery.kubernetes('pods', { role: 'pod' }),
    nodes: discovery.kubernetes('nodes', { role: 'node' }),
  };
}

/** What each watch needs: list, then watch for changes. */
export const discoveryRbac: Readonly<Record<DiscoveryRole, RbacRule>> = {
  pods: { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
  nodes: { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
};
