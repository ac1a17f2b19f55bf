// Refuses fields the target cluster's API server does not know. The vendored schemas are the newest version's
// (schema-compile.ts); vendor/kubernetes/field-versions.json says in which version each field first appears
// (lib/generate/kubernetes-field-versions.ts), so an environment's `kubernetesVersion` is checked without a
// schema per version: a server drops an unknown field silently (or, strict, refuses the object).
import table from '../../vendor/kubernetes/field-versions.json' with { type: 'json' };
import { fieldPath, objectLabel } from './schema-validate.ts';

type Fields = Record<string, [string | null, string | null]>;
const types = table.types as unknown as Record<string, Fields>;
const kinds = table.kinds as Record<string, { type: string; since: string | null }>;

/** Kubernetes minor versions with vendored API data: "1.28" ... the newest. */
export const KUBERNETES_VERSIONS: readonly string[] = table.versions;
export const OLDEST_KUBERNETES = KUBERNETES_VERSIONS[0]!;
export const NEWEST_KUBERNETES = KUBERNETES_VERSIONS.at(-1)!;

const minor = (version: string) => Number(version.split('.')[1]);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "1.31" -> the newest vendored version not newer than it (1.30): what a 1.31 cluster is checked against. */
function checkedAgainst(target: string): string {
  return [...KUBERNETES_VERSIONS].reverse().find((v) => minor(v) <= minor(target)) ?? OLDEST_KUBERNETES;
}

/**
 * Every field of the object that is newer than `target` ("1.28"), one message each naming the object, the field
 * and the version that added it. Objects of kinds without data are left to the schema check.
 */
export function newerFields(object: unknown, target: string, index?: number): string[] {
  if (!isObj(object) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return [];
  const kind = kinds[`${object.apiVersion} ${object.kind}`];
  if (kind === undefined) return [];
  const against = minor(checkedAgainst(target));
  const label = objectLabel(object, index);
  const tooNew = (since: string | null) => since !== null && minor(since) > against;
  const why = (since: string) => `not served by Kubernetes ${target} (first in ${since}); raise kubernetesVersion or remove the field`;
  if (tooNew(kind.since)) return [`${label}: ${object.apiVersion} ${object.kind} is ${why(kind.since!)}`];
  const problems: string[] = [];
  const walk = (value: unknown, type: string, at: (string | number)[]) => {
    if (!isObj(value)) return;
    const fields = types[type] ?? {};
    for (const [name, field] of Object.entries(value)) {
      const [child, since] = fields[name] ?? [null, null];
      const here = [...at, name];
      if (tooNew(since)) {
        problems.push(`${label}: ${fieldPath(here)}: ${why(since!)}`);
        continue;
      }
      if (child === null) continue;
      const element = child.replace(/^(\[\]|\{\})/, '');
      if (child.startsWith('[]') && Array.isArray(field)) field.forEach((item, i) => walk(item, element, [...here, i]));
      else if (child.startsWith('{}') && isObj(field)) for (const [key, item] of Object.entries(field)) walk(item, element, [...here, key]);
      else walk(field, element, here);
    }
  };
  walk(object, kind.type, []);
  return problems;
}
