// RoleBindings and ClusterRoleBindings: the roleRef must name a rendered or built-in role, and
// ServiceAccount subjects must be rendered.
import type { Context } from './context.ts';
import type { Rendered } from './inventory.ts';
import { each, isObj } from './read.ts';

// ClusterRoles every cluster has (Kubernetes default RBAC policy: user-facing roles and system:*).
const BUILTIN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const isBuiltinClusterRole = (name: string) => BUILTIN_CLUSTER_ROLES.has(name) || name.startsWith('system:');

export function checkBinding(ctx: Context, r: Rendered) {
  const binding = r.object as { roleRef?: { apiGroup?: string; kind?: string; name?: string }; subjects?: { kind?: string; name?: string; namespace?: string }[] };
  const ref = binding.roleRef;
  if (isObj(ref)) {
    if (ref.apiGroup !== 'rbac.authorization.k8s.io') ctx.report(r, ['roleRef', 'apiGroup'], `expected "rbac.authorization.k8s.io", got ${JSON.stringify(ref.apiGroup)}`);
    const cluster = r.object.kind === 'ClusterRoleBinding';
    if (ref.kind !== 'ClusterRole' && (cluster || ref.kind !== 'Role')) {
      ctx.report(r, ['roleRef', 'kind'], `expected ${cluster ? '"ClusterRole"' : '"Role" or "ClusterRole"'}, got ${JSON.stringify(ref.kind)}`);
    } else if (typeof ref.name === 'string') {
      const namespace = ref.kind === 'Role' ? r.namespace : '';
      const builtin = ref.kind === 'ClusterRole' && isBuiltinClusterRole(ref.name);
      if (!builtin && !ctx.inventory.isRendered(ref.kind, namespace, ref.name)) {
        ctx.report(r, ['roleRef', 'name'], `${ref.kind} ${JSON.stringify(ref.name)} is not rendered${namespace ? ` in namespace ${namespace}` : ''}`);
      }
    }
  }
  for (const [s, i] of each(binding.subjects)) {
    if (s.kind !== 'ServiceAccount') continue;
    const namespace = s.namespace ?? (r.object.kind === 'RoleBinding' ? r.namespace : undefined);
    if (namespace === undefined) ctx.report(r, ['subjects', i], 'missing required field namespace (a ServiceAccount subject of a ClusterRoleBinding needs one)');
    else ctx.requireObject(r, ['subjects', i, 'name'], 'ServiceAccount', s.name, namespace);
  }
}
