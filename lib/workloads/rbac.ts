// A workload's identity: its ServiceAccount and, when it reads the API, a ClusterRole with exactly
// the rules its pipelines asked for, bound to that account. Read-only, never a wildcard.
import type { ClusterRole, ClusterRoleBinding, PolicyRule, ServiceAccount } from '../k8s/types.gen.ts';
import type { RbacRule } from '../pipelines/alloy-config.ts';
import { clusterScoped, namespaced, type WorkloadMeta } from './meta.ts';

export interface Rbac {
  serviceAccount: ServiceAccount;
  clusterRole?: ClusterRole;
  clusterRoleBinding?: ClusterRoleBinding;
}

const readVerbs = new Set(['get', 'list', 'watch']);

/**
 * ServiceAccount, plus ClusterRole and binding when there are rules. The token is mounted only
 * when there are rules: a pod that never calls the API should hold no credential for it.
 */
export function rbac(meta: WorkloadMeta, rules: readonly RbacRule[]): Rbac {
  const serviceAccount: ServiceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: namespaced(meta),
    automountServiceAccountToken: rules.length > 0,
  };
  if (rules.length === 0) return { serviceAccount };
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
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: meta.name },
    subjects: [{ kind: 'ServiceAccount', name: meta.name, namespace: meta.namespace }],
  };
  return { serviceAccount, clusterRole, clusterRoleBinding };
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
