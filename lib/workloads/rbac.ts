// A workload's identity: its ServiceAccount and, when it reads the API, a ClusterRole with exactly
// the rules its pipelines asked for, bound to that account (with rbac.mode namespaced, the same rules as a
// Role in each namespace it reads). Read-only, never a wildcard.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, ServiceAccount } from '../k8s/types.gen.ts';
import type { RbacRule, SecretRead } from '../pipelines/alloy-config.ts';
import { clusterScoped, namespaced, type WorkloadMeta } from './meta.ts';
import { clusterScopedName } from '../config/names.ts';

export interface Rbac {
  serviceAccount: ServiceAccount;
  clusterRole?: ClusterRole;
  clusterRoleBinding?: ClusterRoleBinding;
  /** Per other namespace whose Secrets a destination reads: a Role with `get` on those names only, and its binding. */
  secretReaders?: (Role | RoleBinding)[];
  /** rbac.mode namespaced: a Role and its binding in each namespace read, instead of the ClusterRole. */
  namespacedRoles?: (Role | RoleBinding)[];
}

const readVerbs = new Set(['get', 'list', 'watch']);

/**
 * ServiceAccount, plus ClusterRole and binding when there are rules. The token is mounted only
 * when there are rules: a pod that never calls the API should hold no credential for it.
 */
export function rbac(meta: WorkloadMeta, rules: readonly RbacRule[], secretReads: readonly SecretRead[] = [], namespaces?: readonly string[]): Rbac {
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: namespaced(meta),
    automountServiceAccountToken: rules.length > 0 || secretReads.length > 0,
  };
  const readers = secretReaders(meta, secretReads);
  const extra = readers.length > 0 ? { secretReaders: readers } : {};
  if (rules.length === 0) return { serviceAccount, ...extra };
  if (namespaces !== undefined) return { serviceAccount, ...extra, namespacedRoles: namespacedRoles(meta, rules, namespaces) };
  const clusterRole: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: clusterScoped(meta),
    rules: rules.map((rule) => policyRule(meta.name, rule)),
  };
  const clusterRoleBinding: ClusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: clusterScoped(meta),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.metadata.name! },
    subjects: [{ kind: 'ServiceAccount', name: meta.name, namespace: meta.namespace }],
  };
  return { serviceAccount, clusterRole, clusterRoleBinding, ...extra };
}

function namespacedRoles(meta: WorkloadMeta, rules: readonly RbacRule[], namespaces: readonly string[]): (Role | RoleBinding)[] {
  return namespaces.flatMap((namespace): (Role | RoleBinding)[] => {
    // In another team's namespace: named for the stack's namespace (two stacks of one instance name in two namespaces
    // must not share it, as for cluster-scoped names) and for the target namespace (one file per object).
    const name = `${clusterScopedName(meta.namespace, meta.name)}-in-${namespace}`;
    const metadata = { name, namespace, labels: { ...meta.labels } };
    return [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: rules.map((rule) => namespacedRule(meta.name, rule)) },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { ...metadata, labels: { ...meta.labels } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: meta.name, namespace: meta.namespace }],
      },
    ];
  });
}

/** A rule a Role can hold: a URL or a cluster-scoped resource cannot be granted in a namespace (the config check refuses those sources first). */
function namespacedRule(workload: string, rule: RbacRule): PolicyRule {
  const clusterScopedResources = new Set(['nodes', 'nodes/proxy', 'nodes/metrics', 'namespaces', 'persistentvolumes']);
  if ('nonResourceURLs' in rule || rule.resources.some((r) => clusterScopedResources.has(r))) {
    throw new Error(`${workload}: rule ${JSON.stringify(rule)} needs cluster scope, which rbac.mode namespaced cannot grant`);
  }
  return policyRule(workload, rule);
}

/**
 * remote.kubernetes.secret polls each Secret with a GET by name: `get` with resourceNames, in that
 * namespace only (a Role, not a ClusterRole), is all it needs; never list or watch, which would
 * expose every Secret of the namespace. Named for the target namespace so each has its own file.
 */
function secretReaders(meta: WorkloadMeta, reads: readonly SecretRead[]): (Role | RoleBinding)[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const read of reads) {
    if (!byNamespace.has(read.namespace)) byNamespace.set(read.namespace, new Set());
    byNamespace.get(read.namespace)!.add(read.name);
  }
  return [...byNamespace].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([namespace, names]): (Role | RoleBinding)[] => {
    const name = `${clusterScopedName(meta.namespace, meta.name)}-secrets-in-${namespace}`;
    const metadata = { name, namespace, labels: { ...meta.labels } };
    return [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata,
        rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...names].sort(), verbs: ['get'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { ...metadata, labels: { ...meta.labels } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: meta.name, namespace: meta.namespace }],
      },
    ];
  });
}

/** A copy of the rule (the output must not share arrays with the input), checked at run time too. */
function policyRule(workload: string, rule: RbacRule): PolicyRule {
  const fields = 'nonResourceURLs' in rule
    ? [...rule.nonResourceURLs, ...rule.verbs]
    : [...rule.apiGroups, ...rule.resources, ...rule.verbs];
  const bad = rule.verbs.find((verb) => !readVerbs.has(verb)) ?? fields.find((field) => field.includes('*'));
  if (bad !== undefined) {
    throw new Error(`${workload}: RBAC rule ${JSON.stringify(rule)} is not allowed ("${bad}"): rules are read-only (get, list, watch) and name resources exactly`);
  }
  return 'nonResourceURLs' in rule
    ? { nonResourceURLs: [...rule.nonResourceURLs], verbs: [...rule.verbs] }
    : { apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] };
}
