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
  return direct(value) ?? packageYaml(value, where);
}

/** The `yaml` package's text, read back as a check; `toYaml` without the direct writer (tests compare the two). */
export function packageYaml(value: unknown, where = 'value'): string {
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

// The direct writer. The `yaml` package and its read-back check took 60 ms for one environment's objects
// (median, warm), most of a render and of a fleet's export. Objects made of maps, lists and scalars are written here
// instead, byte for byte as the package writes them (tests/export/yaml-direct.test.ts compares the two on
// random values). The text of each distinct one-line scalar and key still comes from the package through
// the checked path above, and is remembered: what a reader makes of a scalar is where the risk lies. The
// ones an object needs are asked for together, as one document each for values and keys: asking scalar by
// scalar cost 0.3 ms each, most of a first export. Anything else (-0, long or odd keys, block literals that
// need an indentation or keep indicator) makes direct() give up, and the whole value takes the checked path.
const GIVE_UP: unique symbol = Symbol('give up');
const scalars = new Map<unknown, string>();
const keys = new Map<string, string>();
const rememberedLimit = 50_000;
// A line starting like this is a document marker at the top level, where the package writes it differently.
const documentMarker = /^(%|---|\.\.\.)/m;

function direct(value: unknown): string | undefined {
  if (!isMap(value) || !hasField(value)) return undefined;
  // Forgetting happens here only, so nothing one object needs is forgotten while it is written.
  if (scalars.size > rememberedLimit) scalars.clear();
  if (keys.size > rememberedLimit) keys.clear();
  try {
    const unknownValues = new Set<unknown>();
    const unknownKeys = new Set<string>();
    collect(value, unknownValues, unknownKeys);
    if (unknownValues.size > 0) learnValues([...unknownValues]);
    if (unknownKeys.size > 0) learnKeys([...unknownKeys]);
    const out: string[] = [];
    mapText(out, value, '');
    out.push('\n');
    return out.join('');
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function hasField(map: Record<string, unknown>): boolean {
  for (const key in map) if (Object.hasOwn(map, key) && map[key] !== undefined) return true;
  return false;
}

// The keys and one-line scalars not yet remembered; gives up on what the direct writer does not handle.
function collect(value: unknown, values: Set<unknown>, names: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, values, names);
  } else if (isMap(value)) {
    for (const name of Object.keys(value)) {
      if (value[name] === undefined) continue;
      if (!keys.has(name)) {
        if (name.includes('\n') || name.length > 1000 || documentMarker.test(name)) throw GIVE_UP;
        names.add(name);
      }
      collect(value[name], values, names);
    }
  } else if (typeof value === 'object' && value !== null) {
    throw GIVE_UP; // a null-prototype object
  } else if (Object.is(value, -0)) {
    throw GIVE_UP; // the package writes -0, but a Map takes it for 0
  } else if (!(typeof value === 'string' && value.includes('\n')) && !scalars.has(value)) {
    if (typeof value === 'string' && documentMarker.test(value)) throw GIVE_UP;
    values.add(value);
  }
}

// `k00000: <text>` lines, one per value: a one-line scalar's text is the same in any map or list.
function learnValues(values: unknown[]): void {
  const width = String(values.length).length;
  const label = (i: number) => `k${String(i).padStart(width, '0')}`;
  const lines = checkedLines(Object.fromEntries(values.map((v, i) => [label(i), v])), values.length);
  values.forEach((v, i) => {
    const prefix = `${label(i)}: `;
    if (!lines[i]!.startsWith(prefix)) throw GIVE_UP;
    scalars.set(v, lines[i]!.slice(prefix.length));
  });
}

// `<text>: 0` lines, in the package's key order (code units, as sort() orders strings).
function learnKeys(names: string[]): void {
  const sorted = names.sort();
  const lines = checkedLines(Object.fromEntries(sorted.map((n) => [n, 0])), sorted.length);
  sorted.forEach((name, i) => {
    const line = lines[i]!;
    if (!line.endsWith(': 0') || line.startsWith('? ')) throw GIVE_UP;
    keys.set(name, line.slice(0, -': 0'.length));
  });
}

// The package's text of a flat map, read back as checked; one line per entry or the writer gives up.
function checkedLines(map: Record<string, unknown>, count: number): string[] {
  let text: string;
  try {
    text = packageYaml(map);
  } catch {
    throw GIVE_UP; // the whole object takes the checked path, whose error names it
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== count) throw GIVE_UP;
  return lines;
}

// The writers append to `out`, joined once: text built by `+=` is a rope of thousands of pieces, which took
// about three times the memory of the text while a fleet's files waited to be written.
// A block map whose first line the caller places; later lines start with `indent`.
function mapText(out: string[], map: Record<string, unknown>, indent: string): void {
  const names = Object.keys(map).filter((k) => map[k] !== undefined).sort();
  names.forEach((name, i) => {
    if (i > 0) out.push('\n', indent);
    out.push(known(keys.get(name)), ':');
    afterKey(out, map[name], indent);
  });
}

// What follows `key:` in a map at `indent`: lists are not indented (indentSeq false), maps are.
function afterKey(out: string[], value: unknown, indent: string): void {
  if (Array.isArray(value) && value.length > 0) {
    out.push('\n', indent);
    listText(out, value, indent);
  } else if (isMap(value) && hasField(value)) {
    out.push('\n', indent, '  ');
    mapText(out, value, `${indent}  `);
  } else if (Array.isArray(value)) out.push(' []');
  else if (isMap(value)) out.push(' {}');
  else out.push(' ', scalarText(value, `${indent}  `));
}

function listText(out: string[], list: readonly unknown[], indent: string): void {
  list.forEach((item, i) => {
    if (i > 0) out.push('\n', indent);
    out.push('- ');
    itemText(out, item, `${indent}  `);
  });
}

function itemText(out: string[], value: unknown, indent: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push('[]');
    else listText(out, value, indent);
  } else if (isMap(value)) {
    if (hasField(value)) mapText(out, value, indent);
    else out.push('{}');
  } else out.push(scalarText(value, indent));
}

// `indent` is where a block literal's lines start.
function scalarText(value: unknown, indent: string): string {
  if (typeof value === 'string' && value.includes('\n')) return multiLine(value, indent);
  return known(scalars.get(value));
}

function known(text: string | undefined): string {
  if (text === undefined) throw GIVE_UP; // collect() saw every key and scalar, so this is a bug: play safe
  return text;
}

// The same choices as strTag above, then the package's block literal for text that starts with neither
// a space nor a line break and ends in at most one line break (no indentation or keep indicator needed).
function multiLine(value: string, indent: string): string {
  if (needsEscapes.test(value) || /\n[\t ]+$/.test(value) || /^[\n\t ]*$/.test(value) || /^\n*\t/.test(value)) return doubleQuoted(value);
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  if (value[0] === ' ' || value[0] === '\n' || /[\n\t ]$/.test(body)) throw GIVE_UP;
  return `|${body === value ? '-' : ''}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

