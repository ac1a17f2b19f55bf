// Turns ajv's errors into one message per real problem, in the words of the environment file:
// `metrics.kubelet.scrapeInterval: expected a duration like "60s", got "60 seconds"`.
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../core/did-you-mean.ts';
import { fieldPath, pointerSegments } from './field-path.ts';

// Field names that mean someone is about to paste a credential into a file that is committed.
const credentialNames = /^(password|passwd|token|apiKey|api_key|bearerToken|credentials|secretValue|username|user)$/i;

/** The value as JSON for a message; a credential under a credential-like key is never repeated. */
function show(value: unknown): string {
  const text = JSON.stringify(value, (key, v: unknown) => (credentialNames.test(key) && typeof v === 'string' ? '<redacted>' : v));
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function expectation(error: ErrorObject): string {
  const parent = error.parentSchema as { 'x-expected'?: string } | undefined;
  switch (error.keyword) {
    case 'type': return `expected ${String(error.params.type).replace(',', ' or ')}`;
    case 'pattern': return `expected ${parent?.['x-expected'] ?? `a string matching ${String(error.params.pattern)}`}`;
    case 'enum': return `expected one of ${(error.params.allowedValues as unknown[]).map(show).join(', ')}`;
    case 'const': return `expected ${show(error.params.allowedValue)}`;
    case 'minimum': case 'maximum': return `expected a number ${error.params.comparison} ${error.params.limit}`;
    case 'minLength': return error.params.limit === 1 ? 'expected a non-empty string' : `expected at least ${error.params.limit} characters`;
    case 'maxLength': return `expected at most ${error.params.limit} characters`;
    case 'minProperties': return `expected at least ${error.params.limit} field${error.params.limit === 1 ? '' : 's'}`;
    case 'minItems': return `expected at least ${error.params.limit} items`;
    default: return error.message ?? error.keyword;
  }
}

function describe(error: ErrorObject): string {
  const segments = pointerSegments(error.instancePath);
  if (error.keyword === 'additionalProperties') {
    const field = String(error.params.additionalProperty);
    const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const where = fieldPath([...segments, field]);
    if (credentialNames.test(field)) {
      return `${where}: credentials cannot be written in an environment file; reference a Kubernetes Secret instead: auth: { secret: "<secret name>", usernameKey: "<key>", passwordKey: "<key>" }`;
    }
    return `${where}: unknown field${didYouMean(field, allowed)}`;
  }
  if (error.keyword === 'required') {
    return `${fieldPath(segments)}: missing required field ${String(error.params.missingProperty)}`;
  }
  if (error.propertyName !== undefined) {
    return `${fieldPath(segments)}: field name ${show(error.propertyName)}: ${expectation(error)}`;
  }
  return `${fieldPath(segments)}: ${expectation(error)}, got ${show(error.data)}`;
}

/**
 * ajv reports every branch of a failed oneOf. Keep the branch the user meant: the one with the fewest
 * problems at the oneOf's own level (missing or unexpected fields, a wrong discriminator). When no
 * branch is clearly closest, say which shapes are accepted.
 */
function collapseOneOf(errors: ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  // propertyNames reports each bad name twice: keep the inner error, which knows what was expected.
  let result = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'propertyNames');
  for (const oneOf of oneOfs) {
    const prefix = `${oneOf.schemaPath.slice(0, -'/oneOf'.length)}/oneOf/`;
    // Items of one array share a schema path, so the instance path tells their errors apart.
    const inside = (e: ErrorObject) => e.schemaPath.startsWith(prefix)
      && (e.instancePath === oneOf.instancePath || e.instancePath.startsWith(`${oneOf.instancePath}/`));
    const depth = pointerSegments(oneOf.instancePath).length;
    const topLevel = (e: ErrorObject) => {
      const d = pointerSegments(e.instancePath).length;
      return d === depth ? e.keyword === 'required' || e.keyword === 'additionalProperties' : d === depth + 1 && e.keyword === 'const';
    };
    const branches = new Map<string, ErrorObject[]>();
    const insideErrors = result.filter(inside);
    for (const error of insideErrors) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    // A branch can fail only through a $ref (its errors then sit under the definition's path): it counts
    // as a branch with no problems of its own at this level.
    const count = ((oneOf.parentSchema as { oneOf?: unknown[] }).oneOf ?? []).length;
    for (let i = 0; i < count; i++) if (!branches.has(String(i))) branches.set(String(i), []);
    const ranked = [...branches.values()]
      // A wrong discriminator (`type: "bearer"` against the sigv4 shape) rules a branch out more
      // surely than a missing field does in the branch the discriminator names.
      .map((list) => ({ list, misfits: list.filter(topLevel).reduce((n, e) => n + (e.keyword === 'const' ? 10 : 1), 0) }))
      .sort((a, b) => a.misfits - b.misfits);
    result = result.filter((e) => !inside(e));
    if (ranked.length > 0 && (ranked.length === 1 || ranked[0]!.misfits < ranked[1]!.misfits)) {
      result.push(...ranked[0]!.list);
    } else {
      const shapes = ((oneOf.parentSchema as { oneOf?: { required?: string[]; title?: string }[] }).oneOf ?? [])
        .map((branch) => branch.required?.join(' + ') ?? branch.title ?? '?');
      const given = typeof oneOf.data === 'object' && oneOf.data !== null ? Object.keys(oneOf.data) : [];
      const hint = given.length === 1 ? didYouMean(given[0]!, shapes) : '';
      result.push({ ...oneOf, keyword: 'oneOf-none', message: `expected one of the shapes with field(s) ${shapes.join(' | ')}${hint}` });
      // Whatever the shape, an inline credential is the problem to name (every branch refuses it).
      result.push(...insideErrors.filter((e) => e.keyword === 'additionalProperties' && credentialNames.test(String(e.params.additionalProperty))));
    }
  }
  return result;
}

export function describeSchemaErrors(errors: ErrorObject[]): string[] {
  const messages = collapseOneOf(errors).map((error) =>
    error.keyword === 'oneOf-none'
      ? `${fieldPath(pointerSegments(error.instancePath))}: ${error.message}, got ${show(error.data)}`
      : describe(error));
  return [...new Set(messages)];
}
