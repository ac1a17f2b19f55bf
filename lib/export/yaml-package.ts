// The `yaml` package's text of a value, with the choices described in yaml.ts, read back as a check. It is
// the authority on how a scalar is written: the direct writer (yaml-direct.ts) asks it for every key and
// one-line scalar it has not seen before.
import { Document, isScalar, parse, type Pair, type ToStringOptions } from 'yaml';
import { stringTag, stringifyString } from 'yaml/util';

// A double-quoted JSON string is valid YAML. JSON leaves some characters raw that YAML 1.1 reads as line
// breaks (U+0085, U+2028, U+2029) or refuses (C1 controls, DEL, BOM): escape those too.
export function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(/[\x7f-\x9f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export const needsEscapes = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

// Plain scalars Go's yaml.v2 would read as something else than a string, beyond the YAML 1.1 and 1.2 schemas
// that the `yaml` package already checks: strconv numbers after dropping `_` (`+_1`), dates like `2001-1-2`,
// and the merge and value keys.
function goReadsAsNonString(value: string): boolean {
  if (value === '<<' || value === '=') return true;
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(value)) return true;
  const plain = value.replaceAll('_', '');
  return /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+|(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?)$/.test(plain);
}

// A lowercase hexadecimal digest (a checksum annotation, new in every environment of a fleet) is plain when it
// holds an a, c, d or f: no reader's number, boolean, null or date form has those letters without others a
// digest cannot hold (x, o, p, the dot, inf and nan need i, n or a dot), and it holds no indicator, space or line
// break. Every other digest (digits, b and e only: 0b1, 1e5, e15 are numbers to some reader) is the package's
// to answer, as any scalar. Asking it cost ~0.19 ms an environment, a twentieth of a fleet environment's render.
// tests/export/yaml-direct.test.ts holds this to the package's answer.
const plainDigest = /^(?=[0-9a-f]*[acdf])[0-9a-f]{8,128}$/;

/** The text of a hexadecimal digest that is written plain; undefined for any other value. */
export function plainDigestText(value: string): string | undefined {
  return plainDigest.test(value) ? value : undefined;
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

/** The `yaml` package's text, read back as a check; `toYaml` without the direct writer (tests compare the two). */
export function packageYaml(value: unknown, where = 'value'): string {
  const doc = new Document(value, options as never);
  const text = doc.toString(toStringOptions);
  // The representation is checked, not trusted, with the YAML version Kubernetes reads (the tests also read
  // it as 1.2, and with Go's reader through kubectl). It costs one parse, cheaper than a silently changed value.
  // The reader's duplicate-key check is quadratic in a map's size (the direct writer asks about hundreds of
  // scalars in one map); sameJson catches a duplicate anyway, as a missing or changed entry.
  if (!sameJson(parse(text, { version: '1.1', uniqueKeys: false }), value)) {
    throw new Error(`${where}: toYaml could not write this value exactly (a bug in lib/export/yaml.ts)`);
  }
  return text;
}

// Deep equality of JSON data, key order aside; undefined fields count as absent.
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const [ma, mb] = [a as Record<string, unknown>, b as Record<string, unknown>];
  let fields = 0;
  for (const key of Object.keys(ma)) {
    if (ma[key] === undefined) continue;
    if (!Object.hasOwn(mb, key) || !sameJson(ma[key], mb[key])) return false;
    fields += 1;
  }
  for (const key of Object.keys(mb)) if (mb[key] !== undefined) fields -= 1;
  return fields === 0;
}
