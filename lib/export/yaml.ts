// Deterministic YAML for one object, safe for the YAML 1.1 readers Kubernetes tools use (Go's yaml.v2 via
// sigs.k8s.io/yaml) and for YAML 1.2 readers alike. Keys sorted at every level, list items not indented,
// no anchors, no `---`, no line folding. Multi-line strings (Alloy files in ConfigMaps) are block literals
// so diffs show real lines; a string that a block literal cannot hold exactly is double-quoted instead.
// The `yaml` package decides how each scalar is written and its text is read back as a check
// (yaml-package.ts); most objects are assembled by a faster writer that asks it (yaml-direct.ts).
import { fieldPath } from '../core/patch.ts';
import { directTexts } from './yaml-direct.ts';
export { rememberedTexts, rememberTexts, type RememberedTexts } from './yaml-direct.ts';
import { packageYaml } from './yaml-package.ts';

export { packageYaml };

/**
 * The YAML text of one JSON-compatible value (one object per file), ending in a newline. Fails, naming the
 * field, on anything JSON cannot hold; undefined object fields are left out, as JSON.stringify does.
 */
export function toYaml(value: unknown, where = 'value'): string {
  return toYamlEach([value], () => where)[0]!;
}

/**
 * `toYaml` of each value (`where(i)` names value i in errors), faster than one by one: the scalars and keys
 * they need that the writer has not seen yet are asked of the `yaml` package together.
 */
export function toYamlEach(values: readonly unknown[], where: (index: number) => string): string[] {
  const texts = directTexts(values);
  return values.map((value, i) => {
    const text = texts[i];
    if (text !== undefined) return text;
    const name = where(i);
    assertJson(value, name);
    return packageYaml(value, name);
  });
}

// The direct writer checks JSON data without paths; this slower walk runs when it gives up, to name the field.
function assertJson(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new Error(`${path}: the string holds a lone UTF-16 surrogate, which cannot be written as UTF-8`);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${path}: ${value} is not a JSON number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        // An index loop, so that a hole is an undefined item too.
        for (let i = 0; i < value.length; i++) {
          if (value[i] === undefined) throw new Error(`${fieldPath(path, i)}: an array item is undefined`);
          assertJson(value[i], fieldPath(path, i));
        }
        return;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        throw new Error(`${path}: expected plain data, found a ${value.constructor?.name ?? 'non-plain'} object`);
      }
      for (const [key, child] of Object.entries(value)) if (child !== undefined) assertJson(child, fieldPath(path, key));
      return;
    default:
      throw new Error(`${path}: a ${typeof value} cannot be written as YAML`);
  }
}
