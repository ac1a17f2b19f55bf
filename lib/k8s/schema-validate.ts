// Validates rendered objects against the vendored Kubernetes schemas (vendor/kubernetes, strict:
// unknown fields are errors) and words ajv's errors for people:
// `apps/v1 StatefulSet monitoring/alloy: spec.replicas: expected integer, got string "3"`.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean } from '../core/did-you-mean.ts';
import definitions from '../../vendor/kubernetes/v1.34/_definitions.json' with { type: 'json' };
import clusterRole from '../../vendor/kubernetes/v1.34/rbac.authorization.k8s.io-v1.ClusterRole.json' with { type: 'json' };
import clusterRoleBinding from '../../vendor/kubernetes/v1.34/rbac.authorization.k8s.io-v1.ClusterRoleBinding.json' with { type: 'json' };
import role from '../../vendor/kubernetes/v1.34/rbac.authorization.k8s.io-v1.Role.json' with { type: 'json' };
import roleBinding from '../../vendor/kubernetes/v1.34/rbac.authorization.k8s.io-v1.RoleBinding.json' with { type: 'json' };
import daemonSet from '../../vendor/kubernetes/v1.34/apps-v1.DaemonSet.json' with { type: 'json' };
import deployment from '../../vendor/kubernetes/v1.34/apps-v1.Deployment.json' with { type: 'json' };
import statefulSet from '../../vendor/kubernetes/v1.34/apps-v1.StatefulSet.json' with { type: 'json' };
import networkPolicy from '../../vendor/kubernetes/v1.34/networking.k8s.io-v1.NetworkPolicy.json' with { type: 'json' };
import podDisruptionBudget from '../../vendor/kubernetes/v1.34/policy-v1.PodDisruptionBudget.json' with { type: 'json' };
import configMap from '../../vendor/kubernetes/v1.34/v1.ConfigMap.json' with { type: 'json' };
import namespace from '../../vendor/kubernetes/v1.34/v1.Namespace.json' with { type: 'json' };
import persistentVolumeClaim from '../../vendor/kubernetes/v1.34/v1.PersistentVolumeClaim.json' with { type: 'json' };
import secret from '../../vendor/kubernetes/v1.34/v1.Secret.json' with { type: 'json' };
import service from '../../vendor/kubernetes/v1.34/v1.Service.json' with { type: 'json' };
import serviceAccount from '../../vendor/kubernetes/v1.34/v1.ServiceAccount.json' with { type: 'json' };

/** Parsed schema files: the shared definitions (with $id) and one schema per kind referring to it. */
export interface SchemaSet {
  readonly definitions: object;
  readonly kinds: readonly object[];
}

export const VENDORED_SCHEMAS: SchemaSet = {
  definitions,
  kinds: [namespace, serviceAccount, configMap, secret, service, persistentVolumeClaim, statefulSet, daemonSet, deployment,
    clusterRole, clusterRoleBinding, role, roleBinding, podDisruptionBudget, networkPolicy],
};

/** Problems of one object, each a full message; `index` names objects without apiVersion/kind. */
export type SchemaValidator = (object: unknown, index?: number) => string[];

// Hints for patterns whose regex alone would not tell a person what to write.
const PATTERN_HINTS: Record<string, string> = {
  '^[A-Za-z0-9+/]*={0,2}$': 'base64 data (put plain text under stringData)',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "apps/v1 StatefulSet monitoring/alloy", or "object #3" when apiVersion/kind are missing. */
export function objectLabel(object: unknown, index?: number): string {
  const o = isObj(object) ? object : {};
  const meta = isObj(o.metadata) ? o.metadata : {};
  if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
    return `object #${index ?? '?'}${typeof meta.name === 'string' ? ` (${meta.name})` : ''}`;
  }
  const name = typeof meta.name === 'string' ? meta.name : '<no name>';
  return `${o.apiVersion} ${o.kind} ${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${name}`;
}

/** `spec.template.spec.containers[0].name`, `metadata.labels["app.kubernetes.io/name"]`. */
export function fieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** JSON pointer -> segments, numbers only where the data really is an array. */
function segmentsOf(data: unknown, pointer: string): (string | number)[] {
  if (pointer === '') return [];
  let at = data;
  return pointer.slice(1).split('/').map((raw) => {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const segment = Array.isArray(at) ? Number(key) : key;
    at = isObj(at) || Array.isArray(at) ? (at as Record<string, unknown>)[key] : undefined;
    return segment;
  });
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}..."` : text}`;
}

function describe(error: ErrorObject, object: unknown): string {
  const segments = segmentsOf(object, error.instancePath);
  const at = (extra: (string | number)[], message: string) => {
    const path = fieldPath([...segments, ...extra]);
    return path === '' ? message : `${path}: ${message}`;
  };
  const parent = (error.parentSchema ?? {}) as { properties?: object; title?: string };
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(error.params.additionalProperty);
      return at([field], `unknown field${didYouMean(field, Object.keys(parent.properties ?? {}))}`);
    }
    case 'required':
      return at([], `missing required field ${String(error.params.missingProperty)}`);
    case 'type':
      return at([], `expected ${String(error.params.type).replaceAll(',', ' or ')}, got ${show(error.data)}`);
    case 'const':
      return at([], `expected ${JSON.stringify(error.params.allowedValue)}, got ${show(error.data)}`);
    case 'enum':
      return at([], `expected one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${show(error.data)}`);
    case 'pattern': {
      const pattern = String(error.params.pattern);
      const what = parent.title === 'Quantity' ? 'a quantity such as 500m, 2 or 128Mi' : PATTERN_HINTS[pattern] ?? `a string matching ${pattern}`;
      return at([], `expected ${what}, got ${show(error.data)}`);
    }
    default:
      return at([], error.message ?? error.keyword);
  }
}

/**
 * One message per real problem: anyOf/oneOf wrappers are dropped, the type errors of their
 * branches at one place merge into one "expected A or B", duplicates go.
 */
export function describeErrors(errors: readonly ErrorObject[], object: unknown): string[] {
  const types = new Map<string, ErrorObject>();
  const rest: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    if (e.keyword !== 'type') {
      rest.push(e);
      continue;
    }
    const seen = types.get(e.instancePath);
    if (!seen) types.set(e.instancePath, e);
    else types.set(e.instancePath, { ...seen, params: { type: `${String(seen.params.type)},${String(e.params.type)}` } });
  }
  return [...new Set([...types.values(), ...rest].map((e) => describe(e, object)))];
}

/** Compiles each kind once, on its first object; objects are looked up by apiVersion + kind. */
export function createSchemaValidator(schemas: SchemaSet): SchemaValidator {
  // Shared definitions as functions, not inlined, and no code optimisation: compiling gets five
  // times faster (about 0.3 s for every kind) while validating stays as fast.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, inlineRefs: false, code: { optimize: false } });
  ajv.addSchema(schemas.definitions);
  const byKind = new Map<string, object>();
  for (const schema of schemas.kinds) {
    const props = (schema as { properties: Record<string, { const?: string }> }).properties;
    byKind.set(`${props.apiVersion?.const} ${props.kind?.const}`, schema);
  }
  const compiled = new Map<string, ValidateFunction>();
  const known = [...byKind.keys()];

  return (object, index) => {
    const label = objectLabel(object, index);
    if (!isObj(object)) return [`${label}: expected a Kubernetes object, got ${show(object)}`];
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${label}: missing apiVersion or kind`];
    const key = `${apiVersion} ${kind}`;
    const schema = byKind.get(key);
    if (!schema) {
      const sameKind = known.find((k) => k.endsWith(` ${kind}`));
      const hint = sameKind ? ` (did you mean ${sameKind}?)` : didYouMean(`${apiVersion} ${kind}`, known);
      return [`${label}: unknown apiVersion/kind ${apiVersion} ${kind}, no vendored schema${hint}`];
    }
    let validate = compiled.get(key);
    if (!validate) compiled.set(key, (validate = ajv.compile(schema)));
    if (validate(object)) return [];
    return describeErrors(validate.errors ?? [], object).map((m) => `${label}: ${m}`);
  };
}

let vendored: SchemaValidator | undefined;

/** The validator for the vendored schemas, compiled on first use. */
export function validateSchema(object: unknown, index?: number): string[] {
  vendored ??= createSchemaValidator(VENDORED_SCHEMAS);
  return vendored(object, index);
}
