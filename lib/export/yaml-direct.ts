// The direct writer. The `yaml` package and its read-back check took 60 ms for one environment's objects
// (median, warm), most of a render and of a fleet's export. Objects made of maps, lists and scalars are written
// here instead, byte for byte as the package writes them (tests/export/yaml-direct.test.ts compares the two on
// random values). The text of each distinct one-line scalar and key still comes from the package through its
// checked path, and is remembered: what a reader makes of a scalar is where the risk lies.
//
// One walk per object checks that it is JSON data and writes its text, leaving an empty slot for each key or
// scalar not remembered yet. The slots of all the objects given together (one environment's) are then asked
// for at once, as one document for values and one for keys: every document costs the package a fixed 0.1 ms
// warm, and much more in a fresh process. Anything else (-0, long or odd keys, block literals that need an
// indentation or keep indicator, data JSON cannot hold) makes the writer give up on that object, which takes
// the checked path (whose errors name the field).
import { plainDigestText, doubleQuoted, needsEscapes, packageYaml } from './yaml-package.ts';

const GIVE_UP: unique symbol = Symbol('give up');
const scalars = new Map<unknown, string>(); // 5 and "5" are different keys, as they must be
const keys = new Map<string, string>(); // name to its text and the colon: `"10":`
// A key's text with what comes before and after it on its line (see keyText): fewer pieces to push and join.
const keyPieces = new Map<string, string[]>();
// Enough for the scalars of thousands of fleet environments (a few new ones each: names, checksums).
const rememberedLimit = 50_000;
// Block literals by depth. Most multi-line strings (Alloy files) are the same in every environment of a fleet,
// and writing them is most of the writer's time otherwise. They are long: fewer are kept.
const blocks = new Map<string, string[]>();
const blocksLimit = 2_000;
// A line starting like this is a document marker at the top level, where the package writes it differently.
const documentMarker = /^(%|---|\.\.\.)/m;

/** The package's texts the writer remembers, as JSON data: another process running the same code can take them. */
export interface RememberedTexts {
  scalars: [string | number | boolean | null, string][];
  keys: [string, string][];
}

/** At most `limit` scalars and `limit` keys, the longest-remembered first. */
export function rememberedTexts(limit: number): RememberedTexts {
  return {
    scalars: [...scalars].slice(0, limit) as RememberedTexts['scalars'],
    keys: [...keys].slice(0, limit),
  };
}

/** Takes texts another process learned from the same code and package (what rememberedTexts gave it). */
export function rememberTexts(texts: RememberedTexts): void {
  for (const [value, text] of texts.scalars) if (!scalars.has(value)) scalars.set(value, text);
  for (const [name, text] of texts.keys) if (!keys.has(name)) keys.set(name, text);
}

/** An object's text as pieces to join; `out[valueAt[i]]` is still to be filled with the text of `values[i]`. */
interface Draft {
  out: string[];
  valueAt: number[];
  values: unknown[];
  keyAt: number[];
  names: string[];
}

/** The text of each value, or undefined where the direct writer leaves it to packageYaml. */
export function directTexts(values: readonly unknown[]): (string | undefined)[] {
  // Forgetting happens here only, so nothing these objects need is forgotten while they are written.
  if (scalars.size > rememberedLimit) scalars.clear();
  if (keys.size > rememberedLimit) {
    keys.clear();
    keyPieces.clear();
  }
  if (blocks.size > blocksLimit) blocks.clear();
  const drafts = values.map(draft);
  if (!learn(drafts)) {
    // Something the package could not write as one checked line: ask object by object, as the first one
    // to fail gives up alone.
    for (let i = 0; i < drafts.length; i++) if (!learn([drafts[i]])) drafts[i] = undefined;
  }
  return drafts.map((d) => (d === undefined ? undefined : complete(d)));
}

function draft(value: unknown): Draft | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const d: Draft = { out: [], valueAt: [], values: [], keyAt: [], names: [] };
  try {
    const names = fieldNames(value);
    if (names.length === 0) return undefined;
    mapText(d, names, fieldValues, 0, false);
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
  d.out.push('\n');
  return d;
}

function complete(d: Draft): string | undefined {
  const { out, valueAt, values, keyAt, names } = d;
  for (let i = 0; i < valueAt.length; i++) {
    const text = scalars.get(values[i]);
    if (text === undefined) return undefined; // learn() saw every slot, so this is a bug: play safe
    out[valueAt[i]!] = text;
  }
  for (let i = 0; i < keyAt.length; i++) {
    const text = keys.get(names[i]!);
    if (text === undefined) return undefined;
    out[keyAt[i]!] = text;
  }
  return out.join('');
}

// The map's fields that JSON keeps, in the package's order (code units, as sort() orders strings); their values,
// in the same order, are left in fieldValues for the caller to take at once. Object.values() spares looking
// each field up by name twice (a lookup that cannot be cached: the maps have all kinds of shapes).
function fieldNames(map: object): string[] {
  // A null-prototype object is JSON data, but the package's path takes it; anything else is not JSON data.
  if (Object.getPrototypeOf(map) !== Object.prototype) throw GIVE_UP;
  const fields = map as Record<string, unknown>;
  const names = Object.keys(fields);
  const values = Object.values(fields);
  if (names.length > 32) return slowFields(fields, names);
  // Insertion sort: the maps are small and often built in order, where it only compares neighbours.
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = values[i];
    if (value === undefined) return slowFields(fields, names);
    let j = i;
    for (; j > 0 && names[j - 1]! > name; j--) {
      names[j] = names[j - 1]!;
      values[j] = values[j - 1];
    }
    names[j] = name;
    values[j] = value;
  }
  fieldValues = values;
  return names;
}
let fieldValues: unknown[] = [];

// Undefined fields left out, or a large map, whose order sort() finds faster.
function slowFields(fields: Record<string, unknown>, names: string[]): string[] {
  const sorted = names.filter((n) => fields[n] !== undefined).sort();
  fieldValues = sorted.map((n) => fields[n]);
  return sorted;
}

// The remembered pieces are made by join(), not `+`: join() copies a flat string faster than a rope, about
// twice as fast for pieces like these, and complete() copies each piece once per object.
const flat = (...parts: string[]) => parts.join('');

// A line break and the indentation at `depth`, made once per depth.
const lineStarts = ['\n'];
function newLine(depth: number): string {
  while (lineStarts.length <= depth) lineStarts.push(flat(lineStarts[lineStarts.length - 1]!, '  '));
  return lineStarts[depth]!;
}

// The same followed by a list item's `- `.
const itemStarts: string[] = [];
function newItem(depth: number): string {
  return (itemStarts[depth] ??= flat(newLine(depth), '- '));
}

// The writers append to `out`, joined once: text built by `+=` is a rope of thousands of pieces, which took
// about three times the memory of the text while a fleet's files waited to be written.
// A block map at `depth`; its first line starts on a new line if `newLineFirst`, else where the caller is.
function mapText(d: Draft, names: readonly string[], values: readonly unknown[], depth: number, newLineFirst: boolean): void {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = values[i];
    const lead = i > 0 || newLineFirst;
    // What follows `key:`: lists are not indented (indentSeq false), maps are.
    if (typeof value !== 'object' || value === null) {
      keyText(d, name, lead, depth, true);
      scalarText(d, value, depth + 1);
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        keyText(d, name, lead, depth, true);
        d.out.push('[]');
      } else {
        keyText(d, name, lead, depth, false);
        listText(d, value, depth, true);
      }
    } else {
      const names = fieldNames(value);
      keyText(d, name, lead, depth, names.length === 0);
      if (names.length === 0) d.out.push('{}');
      else mapText(d, names, fieldValues, depth + 1, true);
    }
  }
}

// A block list at `depth`; its first item starts on a new line if `newLineFirst`, else where the caller is.
function listText(d: Draft, list: readonly unknown[], depth: number, newLineFirst: boolean): void {
  for (let i = 0; i < list.length; i++) {
    d.out.push(i > 0 || newLineFirst ? newItem(depth) : '- ');
    itemText(d, list[i], depth + 1);
  }
}

function itemText(d: Draft, value: unknown, depth: number): void {
  if (typeof value !== 'object' || value === null) scalarText(d, value, depth);
  else if (Array.isArray(value)) {
    if (value.length === 0) d.out.push('[]');
    else listText(d, value, depth, false);
  } else {
    const names = fieldNames(value);
    if (names.length === 0) d.out.push('{}');
    else mapText(d, names, fieldValues, depth, false);
  }
}

// `key:` of a map at `depth`, after newLine(depth) if `lead`, and followed by a space if `space`: one piece,
// made once per key and place (keyPieces), when the key's text is known.
function keyText(d: Draft, name: string, lead: boolean, depth: number, space: boolean): void {
  const at = (lead ? 2 + 2 * depth : 0) + (space ? 1 : 0);
  let pieces = keyPieces.get(name);
  let piece = pieces?.[at];
  if (piece === undefined) {
    const text = keys.get(name);
    if (text === undefined) {
      if (name.includes('\n') || name.length > 1000 || documentMarker.test(name)) throw GIVE_UP;
      if (lead) d.out.push(newLine(depth));
      d.keyAt.push(d.out.length);
      d.names.push(name);
      d.out.push('');
      if (space) d.out.push(' ');
      return;
    }
    if (pieces === undefined) keyPieces.set(name, (pieces = []));
    piece = pieces[at] = flat(lead ? newLine(depth) : '', text, space ? ' ' : '');
  }
  d.out.push(piece);
}

// A scalar, or anything that is neither a map nor a list; `depth` is where a block literal's lines start.
function scalarText(d: Draft, value: unknown, depth: number): void {
  if (value === 0 && Object.is(value, -0)) throw GIVE_UP; // the package writes -0, but a Map takes it for 0
  // Only one-line scalars are remembered: a known string needs no search for a line break.
  const text = scalars.get(value) ?? (typeof value === 'string' ? plainDigestText(value) : undefined);
  if (text !== undefined) d.out.push(text);
  else if (typeof value === 'string' && value.includes('\n')) d.out.push(multiLineText(value, depth));
  else {
    // Checked once, before it is learned: what is remembered is JSON data.
    if (typeof value === 'string' ? !value.isWellFormed() || documentMarker.test(value) : !isJsonScalar(value)) throw GIVE_UP;
    d.valueAt.push(d.out.length);
    d.values.push(value);
    d.out.push('');
  }
}

const isJsonScalar = (value: unknown) => value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

function multiLineText(value: string, depth: number): string {
  let byDepth = blocks.get(value);
  if (byDepth?.[depth] !== undefined) return byDepth[depth];
  if (!value.isWellFormed()) throw GIVE_UP; // a lone surrogate cannot be written as UTF-8
  const text = multiLine(value, newLine(depth));
  if (byDepth === undefined) blocks.set(value, (byDepth = []));
  byDepth[depth] = text;
  return text;
}

// The same choices as the package's string tag (yaml-package.ts), then its block literal for text that starts
// with neither a space nor a line break and ends in at most one line break (no indentation or keep indicator).
// `lineStart` is a line break and the indentation of the literal's lines.
function multiLine(value: string, lineStart: string): string {
  if (needsEscapes.test(value) || endsInBlankLine(value) || /^[\n\t ]*$/.test(value) || /^\n*\t/.test(value)) return doubleQuoted(value);
  const body = value.endsWith('\n') ? value.slice(0, -1) : value;
  if (value[0] === ' ' || value[0] === '\n' || isBlank(body[body.length - 1])) throw GIVE_UP;
  return flat('|', body === value ? '-' : '', lineStart, body.replace(/\n+/g, `$&${lineStart.slice(1)}`));
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n';

// `/\n[\t ]+$/.test(value)`, looking at the end only: the regular expression reads the whole text.
function endsInBlankLine(value: string): boolean {
  let i = value.length;
  while (i > 0 && (value[i - 1] === ' ' || value[i - 1] === '\t')) i--;
  return i < value.length && value[i - 1] === '\n';
}

// Asks the package for the slots' texts; false if it could not give each as one checked line.
function learn(drafts: readonly (Draft | undefined)[]): boolean {
  const values = new Set<unknown>();
  const names = new Set<string>();
  for (const d of drafts) {
    if (d === undefined) continue;
    for (const value of d.values) values.add(value);
    for (const name of d.names) names.add(name);
  }
  try {
    if (values.size > 0) learnValues([...values]);
    if (names.size > 0) learnKeys([...names]);
    return true;
  } catch (error) {
    if (error === GIVE_UP) return false;
    throw error;
  }
}

// `- <text>` lines, one per value: a one-line scalar's text is the same in any map or list (and a list
// costs the package less than a map with a label per value).
function learnValues(values: readonly unknown[]): void {
  const lines = checkedLines(values, values.length);
  for (let i = 0; i < values.length; i++) {
    if (!lines[i]!.startsWith('- ')) throw GIVE_UP;
    scalars.set(values[i], lines[i]!.slice('- '.length));
  }
}

// `<text>: 0` lines, in the package's key order (code units, as sort() orders strings).
function learnKeys(names: string[]): void {
  const sorted = names.sort();
  const lines = checkedLines(Object.fromEntries(sorted.map((n) => [n, 0])), sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const line = lines[i]!;
    if (!line.endsWith(': 0') || line.startsWith('? ')) throw GIVE_UP;
    keys.set(sorted[i]!, line.slice(0, -' 0'.length));
  }
}

// The package's text of a flat list or map, read back as checked; one line per entry or the writer gives up.
function checkedLines(listOrMap: unknown, count: number): string[] {
  let text: string;
  try {
    text = packageYaml(listOrMap);
  } catch {
    throw GIVE_UP; // the objects take the checked path, whose error names them
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== count) throw GIVE_UP;
  return lines;
}
