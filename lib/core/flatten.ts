// Tanka's extraction (pkg/process/extract.go and Unwrap in process.go): any object with a non-empty string
// `apiVersion` and `kind` is a Kubernetes object; other objects and arrays are walked; `null` is skipped
// (what Jsonnet's `if` without `else` yields); anything else is an error naming its place in the tree.
import { describe, fieldPath, isMarker } from './patch.ts';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** The little every Kubernetes object has; the rest is checked elsewhere. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface Extracted {
  /** Where the object sits in the tree, e.g. `tree.alloyMetrics.statefulSet`. */
  path: string;
  object: KubeObject;
}

/** The Kubernetes objects of a tree, in tree order. The objects are the tree's own (not copies). */
export function flatten(tree: unknown, root = 'tree'): KubeObject[] {
  return extract(tree, root).map((e) => e.object);
}

/** Like flatten(), keeping each object's path for messages. */
export function extract(tree: unknown, root = 'tree'): Extracted[] {
  const found: Extracted[] = [];
  walk(tree, root, found);
  return found;
}

function walk(value: unknown, path: string, found: Extracted[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, fieldPath(path, i), found));
    return;
  }
  if (typeof value !== 'object' || value === null || isMarker(value)) {
    throw new Error(`${path}: expected a Kubernetes object (apiVersion and kind) or a tree of them, found ${describe(value)}`);
  }
  const object = value as Record<string, unknown>;
  if (looksLikeObject(object)) {
    addObject(object, path, found);
    return;
  }
  if ('apiVersion' in object || 'kind' in object) {
    throw new Error(`${path}: a Kubernetes object needs both apiVersion and kind as non-empty strings (apiVersion: ${show(object.apiVersion)}, kind: ${show(object.kind)})`);
  }
  for (const key of Object.keys(object)) {
    const child = object[key];
    // Tanka skips null; undefined is TypeScript's way to leave an optional field out.
    if (child === null || child === undefined) continue;
    walk(child, fieldPath(path, key), found);
  }
}

function looksLikeObject(object: Record<string, unknown>): boolean {
  return typeof object.apiVersion === 'string' && object.apiVersion !== '' && typeof object.kind === 'string' && object.kind !== '';
}

/** `List` and `*List` kinds with an `items` array are unwrapped, recursively, as Tanka's Unwrap does. */
export function isList(object: Record<string, unknown>): boolean {
  return object.kind === 'List' || (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items));
}

function addObject(object: Record<string, unknown>, path: string, found: Extracted[]): void {
  if (isList(object)) {
    if (!Array.isArray(object.items)) throw new Error(`${path}.items: a ${String(object.kind)} needs an items array, found ${describe(object.items)}`);
    object.items.forEach((item, i) => {
      const itemPath = `${path}.items[${i}]`;
      if (typeof item !== 'object' || item === null || Array.isArray(item) || !looksLikeObject(item as Record<string, unknown>)) {
        throw new Error(`${itemPath}: expected a Kubernetes object (apiVersion and kind) in the ${String(object.kind)}, found ${describe(item)}`);
      }
      addObject(item as Record<string, unknown>, itemPath, found);
    });
    return;
  }
  // Tanka's manifest.Verify: metadata must be an object with a name (or generateName).
  const metadata = object.metadata;
  const label = `${String(object.apiVersion)} ${String(object.kind)}`;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new Error(`${path}.metadata: the ${label} needs a metadata object, found ${describe(metadata)}`);
  }
  const { name, generateName } = metadata as ObjectMeta;
  if (typeof name !== 'string' && typeof generateName !== 'string') {
    throw new Error(`${path}.metadata.name: the ${label} needs a name (a string), found ${describe(name)}`);
  }
  found.push({ path, object: object as KubeObject });
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : describe(value);
}
