// Reading a Helm values file: the only I/O of lib/import (DESIGN.md), and small typed accessors that
// report a value of the wrong type as unsupported instead of guessing.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { UserError } from '../errors.ts';
import type { KeyRecords } from './records.ts';

export type ValuePath = (string | number)[];
export type Values = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `destinations[0].auth.password`; a key that is not a plain word is bracketed: `labelSelectors["app.kubernetes.io/name"]`. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Parses a values file; an empty file is an empty map. */
export function parseValues(text: string, file: string): Values {
  let parsed: unknown;
  try {
    parsed = parse(text, { prettyErrors: true, uniqueKeys: false });
  } catch (error) {
    throw new UserError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new UserError(`${file}: expected a YAML map of values at the top, got ${typeName(parsed)}`);
  return parsed;
}

export function readValuesFile(file: string): Values {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`${file}: cannot read the values file: ${(error as Error).message}`);
  }
  return parseValues(text, file);
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

export function get(values: unknown, path: ValuePath): unknown {
  let at: unknown = values;
  for (const part of path) {
    if (typeof part === 'number') at = Array.isArray(at) ? at[part] : undefined;
    else at = isPlainObject(at) ? at[part] : undefined;
  }
  return at;
}

/**
 * Typed reads at a path of one values tree: undefined when absent; a value of another type is
 * recorded as unsupported (naming what was expected) and read as absent.
 */
export class Reader {
  constructor(readonly values: Values, readonly records: KeyRecords) {}

  has(path: ValuePath): boolean {
    return get(this.values, path) !== undefined && get(this.values, path) !== null;
  }

  /** Set to something other than an empty list or map (which say nothing the defaults do not). */
  present(path: ValuePath): boolean {
    const value = get(this.values, path);
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.length > 0;
    return !isPlainObject(value) || Object.keys(value).length > 0;
  }

  raw(path: ValuePath): unknown {
    return get(this.values, path);
  }

  string(path: ValuePath): string | undefined {
    return this.typed(path, 'a string', (v): v is string => typeof v === 'string');
  }

  bool(path: ValuePath): boolean | undefined {
    return this.typed(path, 'true or false', (v): v is boolean => typeof v === 'boolean');
  }

  number(path: ValuePath): number | undefined {
    return this.typed(path, 'a number', (v): v is number => typeof v === 'number' && Number.isFinite(v));
  }

  strings(path: ValuePath): string[] | undefined {
    return this.typed(path, 'a list of strings', (v): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string'));
  }

  map(path: ValuePath): Values | undefined {
    return this.typed(path, 'a map', isPlainObject);
  }

  list(path: ValuePath): unknown[] | undefined {
    return this.typed(path, 'a list', (v): v is unknown[] => Array.isArray(v));
  }

  stringMap(path: ValuePath): Record<string, string> | undefined {
    return this.typed(path, 'a map of strings', (v): v is Record<string, string> =>
      isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string'));
  }

  private typed<T>(path: ValuePath, expected: string, is: (v: unknown) => v is T): T | undefined {
    const value = get(this.values, path);
    if (value === undefined || value === null) return undefined;
    if (is(value)) return value;
    this.records.unsupported(path, `expected ${expected}, got ${typeName(value)}`);
    return undefined;
  }
}
