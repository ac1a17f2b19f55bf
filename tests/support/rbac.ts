// RBAC rules as sets of single permissions, so two roles compare regardless of how rules are grouped:
// `{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['list'] }` is `pods:list` and `nodes:list`.
import type { PolicyRule } from '../../lib/k8s/types.gen.ts';

const readVerbs = new Set(['get', 'list', 'watch']);

/** `<resource>:<verb>` for the core group, `<group>/<resource>:<verb>` otherwise, `url <path>:<verb>`; sorted. */
export function permissions(rules: readonly PolicyRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const verb of rule.verbs) {
      for (const url of rule.nonResourceURLs ?? []) out.add(`url ${url}:${verb}`);
      for (const group of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) out.add(`${group === '' ? '' : `${group}/`}${resource}:${verb}`);
      }
    }
  }
  return [...out].sort();
}

/** Shorthand for expected tables: `grant(['pods', 'nodes'], 'list', 'watch')`. */
export function grant(resources: readonly string[], ...verbs: string[]): string[] {
  return resources.flatMap((resource) => verbs.map((verb) => `${resource}:${verb}`));
}

/** Why a rule is more than read access to named resources; empty when it is fine. */
export function ruleProblems(rule: PolicyRule): string[] {
  const problems: string[] = [];
  const fields = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.nonResourceURLs ?? []), ...rule.verbs];
  for (const field of fields) if (field.includes('*')) problems.push(`wildcard "${field}"`);
  for (const verb of rule.verbs) if (!readVerbs.has(verb)) problems.push(`verb "${verb}" is not read-only`);
  // Reading Secrets cluster-wide hands over every credential in the cluster.
  for (const resource of rule.resources ?? []) if (resource === 'secrets' || resource.startsWith('secrets/')) problems.push(`resource "${resource}"`);
  if ((rule.resourceNames ?? []).length > 0) problems.push('resourceNames (unexpected: every rule here is cluster-wide read)');
  return problems;
}
