// Deterministic YAML for one object, safe for the YAML 1.1 readers Kubernetes tools use (Go's yaml.v2 via
// sigs.k8s.io/yaml) and for YAML 1.2 readers alike. Keys sorted at every level, list items not indented,
// no anchors, no `---`, no line folding. Multi-line strings (Alloy files in ConfigMaps) are block literals
// so diffs show real lines; a string that a block literal cannot hold exactly is double-quoted instead.
import { Document, isScalar, parse, type Pair, type ToStringOptions } from 'yaml';
import { stringTag, stringifyString } from 'yaml/util';
import { fieldPath } from '../core/patch.ts';

// A double-quoted JSON string is valid YAML. JSON leaves some characters raw that YAML 1.1 reads as line
// breaks (U+0085, U+2028, U+2029) or refuses (C1 controls, DEL, BOM): escape those too.
function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/[\x7f-\x9f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const needsEscapes = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

// Plain scalars Go's yaml.v2 would read as something else than a string, beyond the YAML 1.1 and 1.2 schemas
// that the `yaml` package already checks: strconv numbers after dropping `_` (`+_1`), dates like `2001-1-2`,
// and the merge and value keys.
function goReadsAsNonString(value: string): boolean {
  if (value === '<<' || value === '=') return true;
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(value)) return true;
  const plain = value.replaceAll('_', '');
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+|(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?)$/.test(plain);
}

const strTag = {
  ...stringTag,
  stringify(item: { value: unknown }, ctx: Parameters<typeof stringifyString>[1], onComment?: () => void, onChompKeep?: () => void): string {
    const value = String(item.value);
    if (needsEscapes.test(value)) return doubleQuoted(value);
    if (!value.includes('\n')) {
      return goReadsAsNonString(value) ? doubleQuoted(value) : stringTag.stringify!(item as never, ctx, onComment, onChompKeep);
    }
    // A block cannot be a key nor end in a whitespace-only line; whitespace alone reads better quoted; and
    // Go's yaml.v2 refuses a block whose first line starts with a tab (it takes it for indentation).
    if (ctx.implicitKey || /\n[\t ]+$/.test(value) || /^[\n\t ]*$/.test(value) || /^\n*\t/.test(value)) {
      return doubleQuoted(value);
    }
    return stringTag.stringify!({ ...item, type: 'BLOCK_LITERAL' } as never, ctx, onComment, onChompKeep);
  },
};

const options = {
  version: '1.1',
  compat: 'core', // also quote what a YAML 1.2 reader would take for a number or boolean (`0o10`)
  // Our string tag; no merge-key tag, so a `<<` key is an ordinary (quoted) string.
  customTags: (tags: { tag?: string }[]) =>
    tags.filter((t) => t.tag !== 'tag:yaml.org,2002:merge').map((t) => (t.tag === 'tag:yaml.org,2002:str' ? strTag : t)) as never,
  sortMapEntries: (a: Pair, b: Pair) => compareKeys(a, b),
  aliasDuplicateObjects: false,
} as const;

const toStringOptions: ToStringOptions = {
  indentSeq: false,
  lineWidth: 0,
  minContentWidth: 0,
  directives: false,
};

function compareKeys(a: Pair, b: Pair): number {
  const ka = String(isScalar(a.key) ? a.key.value : a.key);
  const kb = String(isScalar(b.key) ? b.key.value : b.key);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The YAML text of one JSON-compatible value (one object per file), ending in a newline. Fails, naming the
 * field, on anything JSON cannot hold; undefined object fields are left out, as JSON.stringify does.
 */
export function toYaml(value: unknown, where = 'value'): string {
  assertJson(value, where);
  const doc = new Document(value, options as never);
  const text = doc.toString(toStringOptions);
  // The representation is checked, not trusted, with the YAML version Kubernetes reads (the tests also read
  // it as 1.2, and with Go's reader through kubectl). It costs one parse, cheaper than a silently changed value.
  if (!sameJson(parse(text, { version: '1.1' }), value)) {
    throw new Error(`${where}: toYaml could not write this value exactly (a bug in lib/export/yaml.ts)`);
  }
  return text;
}

// Deep equality of JSON data, key order aside; undefined fields count as absent.
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const defined = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
  const [ea, eb] = [defined(a), defined(b)];
  if (ea.length !== eb.length) return false;
  const mb = new Map(eb);
  return ea.every(([k, v]) => mb.has(k) && sameJson(v, mb.get(k)));
}

function assertJson(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
      if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
        throw new Error(`${path}: the string holds a lone UTF-16 surrogate, which cannot be written as UTF-8`);
      }
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${path}: ${value} is not a JSON number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (item === undefined) throw new Error(`${fieldPath(path, i)}: an array item is undefined`);
          assertJson(item, fieldPath(path, i));
        });
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
