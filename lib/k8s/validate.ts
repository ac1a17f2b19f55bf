// The one check for an environment's rendered objects: each against its vendored Kubernetes schema,
// then all together for what a schema cannot see (selectors, references, names, ports, RBAC).
import { validateSchema } from './schema-validate.ts';
import { semanticProblems, type External } from './semantic.ts';

export type { External } from './semantic.ts';

export interface ValidateOptions {
  /** Secrets and ConfigMaps that exist in the cluster without being rendered (credentials always). */
  readonly external?: External;
}

const NONE: External = { secrets: [], configMaps: [] };

/** Every problem, one message each, naming object and field; empty when all objects are valid. */
export function validateObjects(objects: readonly unknown[], options: ValidateOptions = {}): string[] {
  const problems = objects.flatMap((object, index) => validateSchema(object, index));
  return problems.concat(semanticProblems(objects, options.external ?? NONE));
}
