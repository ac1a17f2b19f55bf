// Validates rendered objects against the vendored Kubernetes schemas (vendor/kubernetes, strict:
// unknown fields are errors; see schema-compile.ts) and words ajv's errors for people:
// `apps/v1 StatefulSet monitoring/alloy: spec.replicas: expected integer, got string "3"`.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { didYouMean } from '../core/did-you-mean.ts';
// Compiled ahead of time by scripts/gen-validators.ts (compiling the schemas took about 0.3 s per export).
import { validators } from './schema-validators.gen.js';

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

/**
 * Looks objects up by apiVersion + kind (`known`, in the order did-you-mean hints consider them) and validates
 * each with `validatorOf(key)`. For another schema set: `schemaValidator(...)` of compileSchemas() in schema-compile.ts.
 */
export function schemaValidator(known: readonly string[], validatorOf: (key: string) => ValidateFunction): SchemaValidator {
  const keys = new Set(known);
  return (object, index) => {
    if (!isObj(object)) return [`${objectLabel(object, index)}: expected a Kubernetes object, got ${show(object)}`];
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${objectLabel(object, index)}: missing apiVersion or kind`];
    const key = `${apiVersion} ${kind}`;
    if (!keys.has(key)) {
      const sameKind = known.find((k) => k.endsWith(` ${kind}`));
      const hint = sameKind ? ` (did you mean ${sameKind}?)` : didYouMean(`${apiVersion} ${kind}`, [...known]);
      return [`${objectLabel(object, index)}: unknown apiVersion/kind ${apiVersion} ${kind}, no vendored schema${hint}`];
    }
    const validate = validatorOf(key);
    if (validate(object)) return [];
    const label = objectLabel(object, index);
    return describeErrors(validate.errors ?? [], object).map((m) => `${label}: ${m}`);
  };
}

let vendored: SchemaValidator | undefined;

/** The validator for the vendored schemas (lib/k8s/schema-compile.ts), precompiled. */
export function validateSchema(object: unknown, index?: number): string[] {
  vendored ??= schemaValidator(Object.keys(validators), (key) => validators[key]!);
  return vendored(object, index);
}
