// The one check for an environment's rendered objects: each against its vendored Kubernetes schema,
// then all together for what a schema cannot see (selectors, references, names, ports, RBAC).
import { newerFields } from './field-versions.ts';
import { validateSchema } from './schema-validate.ts';
import { semanticProblems, type External } from './semantic.ts';

export type { External } from './semantic.ts';

export interface ValidateOptions {
  /** Secrets and ConfigMaps that exist in the cluster without being rendered (credentials always). */
  readonly external?: External;
  /**
   * Each object's YAML text, when written already. An object whose text passed its schema before is that
   * same data: its schema is not asked again (in a fleet, most objects are some other environment's).
   */
  readonly texts?: readonly string[];
  /** The oldest Kubernetes minor version the objects must work on ("1.28"): newer fields are problems. */
  readonly kubernetesVersion?: string;
}

const NONE: External = { secrets: [], configMaps: [] };

// Texts that passed their schema, by target version (passing depends on it too). Short ones only (the long ones
// are configuration files, different in each environment) and cleared when full, which bounds it whatever the
// input. Keyed by the text itself, not a string made of version and text: that copy and its hash cost a
// fleet environment ~0.1 ms.
const passedByVersion = new Map<string, Set<string>>();
let passedCount = 0;
const passedLimit = 20_000;
const passedLength = 16_384;

/** Every problem, one message each, naming object and field; empty when all objects are valid. */
export function validateObjects(objects: readonly unknown[], options: ValidateOptions = {}): string[] {
  const { texts, kubernetesVersion } = options;
  if (passedCount >= passedLimit) {
    passedByVersion.clear();
    passedCount = 0;
  }
  let passed = passedByVersion.get(kubernetesVersion ?? '');
  if (passed === undefined) passedByVersion.set(kubernetesVersion ?? '', (passed = new Set()));
  const problems = objects.flatMap((object, index) => {
    // A long text is never kept: not looked up either, which would read all of it.
    const text = texts?.[index] !== undefined && texts[index].length <= passedLength ? texts[index] : undefined;
    if (text !== undefined && passed.has(text)) return [];
    const schema = validateSchema(object, index);
    const found = schema.length > 0 || kubernetesVersion === undefined ? schema : newerFields(object, kubernetesVersion, index);
    if (text !== undefined && found.length === 0) {
      passed.add(text);
      passedCount += 1;
    }
    return found;
  });
  return problems.concat(semanticProblems(objects, options.external ?? NONE));
}
