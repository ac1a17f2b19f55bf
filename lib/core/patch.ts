// Jsonnet-style composition for plain data. `patch(base, ...overrides)` merges objects deeply (like `f+:`)
// and replaces arrays and scalars (like `f:`); markers say otherwise where a field needs it. Markers are
// branded values that patch() consumes: it fails if one would reach its result, so none can leak into output.
// As in JSON, a field whose value is undefined is absent: in an override it changes nothing.

// A registered symbol: an environment file that is CommonJS requires its own copy of lib/, whose markers
// must still be markers here.
const MARKER: unique symbol = Symbol.for('alloy-stack patch marker');

/** Takes `value` wholesale instead of merging into what is there (Jsonnet's `f: {}` on an object). */
export interface Replace<T> {
  readonly [MARKER]: 'replace';
  readonly value: T;
}
/** Adds items at the end of an array (Jsonnet's `f+: [...]`); a missing field counts as empty. */
export interface Append<E> {
  readonly [MARKER]: 'append';
  readonly items: readonly E[];
}
/** Adds items at the start of an array. */
export interface Prepend<E> {
  readonly [MARKER]: 'prepend';
  readonly items: readonly E[];
}
/** Patches array items found by their `name` (containers, env, ports, volumes, volumeMounts). */
export interface ByName<P> {
  readonly [MARKER]: 'byName';
  readonly patches: P;
}
/** Deletes the field (Jsonnet's hidden `f:: {}`), or the item in a byName(). */
export interface Remove {
  readonly [MARKER]: 'remove';
}

export type Marker = Replace<unknown> | Append<unknown> | Prepend<unknown> | ByName<unknown> | Remove;

// Only optional fields (and index signatures) may be removed, so a patch cannot break a type's contract.
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];
type PatchObject<T> = {
  [K in keyof T]?: K extends OptionalKeys<T> ? Patch<T[K]> | Remove : Patch<T[K]>;
};

/**
 * What may be merged into a T: for an object, a patch of each field; for an array, a new array or an
 * append/prepend/byName; for a scalar, a new scalar; `replace(x)` anywhere. Untyped (`unknown`) data
 * accepts any patch, for overrides of a rendered tree.
 */
export type Patch<T> = unknown extends T
  ? unknown
  : T extends readonly (infer E)[]
    ? T | Replace<T> | Append<E> | Prepend<E> | ByName<Readonly<Record<string, Patch<E> | Remove>>>
    : T extends object
      ? PatchObject<T> | Replace<T>
      : T | Replace<T>;

// A marker's type comes from its argument, not from where it is used: inside a generic patch() call
// TypeScript cannot see the field's type yet. The patch's type then checks the marker against the field.
export function replace<T>(value: T): Replace<T> {
  return Object.freeze({ [MARKER]: 'replace', value }) as Replace<T>;
}
export function append<E>(items: readonly E[]): Append<E> {
  return Object.freeze({ [MARKER]: 'append', items }) as Append<E>;
}
export function prepend<E>(items: readonly E[]): Prepend<E> {
  return Object.freeze({ [MARKER]: 'prepend', items }) as Prepend<E>;
}
/** `byName({ alloy: { args: append(['--x']) }, sidecar: remove })`: each key is an item's `name`. */
export function byName<P extends Readonly<Record<string, unknown>>>(patches: P): ByName<P> {
  return Object.freeze({ [MARKER]: 'byName', patches }) as ByName<P>;
}
export const remove: Remove = Object.freeze({ [MARKER]: 'remove' }) as Remove;

export function isMarker(value: unknown): value is Marker {
  return typeof value === 'object' && value !== null && MARKER in value;
}

/** Returns a new value: `base` with each override merged in turn. Inputs are never mutated or shared. */
export function patch<T>(base: T, ...overrides: Patch<NoInfer<T>>[]): T {
  return patchAt('override', base, ...overrides);
}

/** patch(), with errors naming the overrides as `where` (e.g. `environments/prod.ts: overrides`). */
export function patchAt<T>(where: string, base: T, ...overrides: Patch<NoInfer<T>>[]): T {
  return mergeLayers(where, fresh(base, () => 'base'), overrides) as T;
}

/**
 * patchAt() for a base the caller has just built and hands over, such as a rendered tree: the result
 * reuses the parts of `base` that no override touches instead of copying them, so the cost follows
 * the overrides, not the tree. `base` must be plain data without markers or undefined fields (what
 * patch() itself returns), and the caller must not use it afterwards.
 */
export function patchOwned<T>(where: string, base: T, ...overrides: Patch<NoInfer<T>>[]): T {
  return mergeLayers(where, base, overrides) as T;
}

// Each override rebuilds only what it touches of the result so far, which is ours, and reuses the rest.
function mergeLayers(where: string, base: unknown, overrides: readonly unknown[]): unknown {
  let result = base;
  for (const [i, override] of overrides.entries()) {
    const root = overrides.length === 1 ? where : `${where} ${i + 1}`;
    result = merge(result, override, () => root);
    if (result === REMOVED) throw new Error(`${root}: cannot remove the whole value`);
  }
  return result;
}

const REMOVED = Symbol('removed');

// Where a value sits, formatted only when an error names it: building every path eagerly cost more
// than the merge itself on a rendered tree.
type Path = () => string;
const child = (path: Path, key: string | number): Path => () => fieldPath(path(), key);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isMarker(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The path of a field, in the form people write it: `spec.template.spec.containers[0]`. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

// `__proto__` is an ordinary key in JSON data; assignment would set the prototype instead.
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A deep copy of `value` placed where nothing was: plain objects and arrays are copied, undefined
 * fields dropped, markers resolved against nothing. REMOVED when `value` is `remove`.
 */
function fresh(value: unknown, path: Path): unknown {
  // Scalars (most leaves of a tree) and class instances are taken as they are.
  if (typeof value !== 'object' || value === null) return value;
  // map() keeps holes as holes, as JSON-minded callers expect of a copy.
  if (Array.isArray(value)) return value.map((item, i) => (typeof item === 'object' || item === undefined ? freshItem(item, child(path, i)) : item));
  if (isMarker(value)) return applyMarker(undefined, value, path);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const copy = typeof item === 'object' && item !== null ? fresh(item, child(path, key)) : item;
    if (copy !== REMOVED && copy !== undefined) setKey(result, key, copy);
  }
  return result;
}

// An array item may not vanish: `remove` or undefined there has no meaning.
function freshItem(value: unknown, path: Path): unknown {
  const result = fresh(value, path);
  if (result === REMOVED || result === undefined) throw new Error(`${path()}: an array item cannot be removed or undefined`);
  return result;
}

/**
 * `base` with `over` merged in. `base` is this patch's own copy (plain data, no markers, no undefined
 * fields), so the parts `over` leaves alone are reused as they are, not copied again.
 */
function merge(base: unknown, over: unknown, path: Path): unknown {
  if (over === undefined) return base;
  if (isMarker(over)) return applyMarker(base, over, path);
  if (isPlainObject(over)) {
    const result: Record<string, unknown> = {};
    const from = isPlainObject(base) ? base : {};
    // Keys keep their order: the base's first, then the ones the override adds.
    for (const key of Object.keys(from)) {
      const value = Object.hasOwn(over, key) ? merge(from[key], over[key], child(path, key)) : from[key];
      if (value !== REMOVED && value !== undefined) setKey(result, key, value);
    }
    for (const key of Object.keys(over)) {
      if (Object.hasOwn(from, key)) continue;
      const value = fresh(over[key], child(path, key));
      if (value !== REMOVED && value !== undefined) setKey(result, key, value);
    }
    return result;
  }
  return fresh(over, path);
}

function applyMarker(base: unknown, marker: Marker, path: Path): unknown {
  switch (marker[MARKER]) {
    case 'remove':
      return REMOVED;
    case 'replace': {
      const value = (marker as Replace<unknown>).value;
      assertNoMarker(value, path());
      return fresh(value, path);
    }
    case 'append':
    case 'prepend': {
      const { items } = marker as Append<unknown>;
      if (base !== undefined && !Array.isArray(base)) {
        throw new Error(`${path()}: ${marker[MARKER]}() needs an array here, found ${describe(base)}`);
      }
      const added = items.map((item, i) => freshItem(item, () => `${path()} (${marker[MARKER]}ed item ${i})`));
      const kept = base ?? [];
      return marker[MARKER] === 'append' ? [...kept, ...added] : [...added, ...kept];
    }
    case 'byName':
      return patchByName(base, (marker as ByName<Readonly<Record<string, unknown>>>).patches, path);
  }
}

function patchByName(base: unknown, patches: Readonly<Record<string, unknown>>, path: Path): unknown[] {
  if (!Array.isArray(base)) throw new Error(`${path()}: byName() needs an array of named items here, found ${describe(base)}`);
  const names = base.map((item) => (isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined));
  for (const name of Object.keys(patches)) {
    const count = names.filter((n) => n === name).length;
    if (count === 0) {
      const known = names.filter((n) => n !== undefined).join(', ') || 'none';
      throw new Error(`${path()}: byName() found no item named "${name}" (names: ${known}); use append() to add one`);
    }
    if (count > 1) throw new Error(`${path()}: byName() found ${count} items named "${name}"; it needs exactly one`);
  }
  const result: unknown[] = [];
  base.forEach((item, i) => {
    const name = names[i];
    const itemPath: Path = name === undefined ? child(path, i) : () => `${path()}[name=${JSON.stringify(name)}]`;
    const over = name !== undefined && Object.hasOwn(patches, name) ? patches[name] : undefined;
    const value = merge(item, over, itemPath);
    if (value !== REMOVED) result.push(value);
  });
  return result;
}

/** Fails, naming the path, if a marker sits anywhere in `value` (a marker in output would be a bug). */
export function assertNoMarker(value: unknown, path = 'value'): void {
  if (isMarker(value)) throw new Error(`${path}: found ${describe(value)} where plain data belongs`);
  if (Array.isArray(value)) value.forEach((item, i) => assertNoMarker(item, fieldPath(path, i)));
  else if (isPlainObject(value)) for (const key of Object.keys(value)) assertNoMarker(value[key], fieldPath(path, key));
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isMarker(value)) return `the marker ${value[MARKER]}()`;
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
