// Composition of plain data: patch() with its markers, and flatten() from a tree to Kubernetes objects.
export { patch, patchAt, replace, append, prepend, byName, remove, isMarker, assertNoMarker, fieldPath } from './patch.ts';
export type { Patch, Replace, Append, Prepend, ByName, Remove, Marker } from './patch.ts';
export { flatten, extract, isList } from './flatten.ts';
export type { KubeObject, ObjectMeta, Extracted } from './flatten.ts';
