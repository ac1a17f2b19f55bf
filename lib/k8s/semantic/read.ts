// Reading defensively: the checks run on schema-invalid objects too, so every field may be junk.

/** A field path inside an object, e.g. ['spec', 'ports', 0, 'name']. */
export type Path = (string | number)[];
export type Labels = Record<string, string>;

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A typed field that is really there as an object (rendered data may not match its type). */
export const isSet = <T>(v: T | null | undefined): v is T => isObj(v);
/** Object items of an array with their indexes (paths stay right when some items are junk). */
export function each<T>(value: readonly T[] | undefined | null): [T, number][] {
  return Array.isArray(value) ? value.flatMap((item, i) => (isObj(item) ? [[item as T, i] as [T, number]] : [])) : [];
}
export function stringMap(value: unknown): Labels {
  return isObj(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
}
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
