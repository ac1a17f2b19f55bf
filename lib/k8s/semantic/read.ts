// Reading defensively: the checks run on schema-invalid objects too, so every field may be junk.
// These run for every field of every object, hence plain loops rather than chains of array methods.

/** A field path inside an object, e.g. ['spec', 'ports', 0, 'name']. */
export type Path = (string | number)[];
export type Labels = Readonly<Record<string, string>>;

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A typed field that is really there as an object (rendered data may not match its type). */
export const isSet = <T>(v: T | null | undefined): v is T => isObj(v);
/** Object items of an array with their indexes (paths stay right when some items are junk). */
export function each<T>(value: readonly T[] | undefined | null): [T, number][] {
  const items: [T, number][] = [];
  if (!Array.isArray(value)) return items;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (isObj(item)) items.push([item as T, i]);
  }
  return items;
}

const isStringRecord = (value: Record<string, unknown>) => {
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (typeof value[key] !== 'string') return false;
  return true;
};

/** The string entries of a map. Rendered label maps hold only strings: those are returned as they are, not copied. */
export function stringMap(value: unknown): Labels {
  if (!isObj(value)) return {};
  if (isStringRecord(value)) return value as Labels;
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
