// The platform's changes to the object tree, before the environment's overrides: each object through patchObject,
// the platform's own objects under the tree's `platform` key (so an override can reach them there too).
import type { Config } from '../config/config.gen.ts';
import { flatten, type KubeObject } from '../core/flatten.ts';
import { platformOf } from './index.ts';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isKube = (value: Record<string, unknown>): value is Record<string, unknown> & KubeObject =>
  typeof value.apiVersion === 'string' && typeof value.kind === 'string';

function mapObjects(tree: unknown, fn: (object: KubeObject) => KubeObject): unknown {
  if (!isObject(tree)) return tree;
  if (isKube(tree)) return fn(tree);
  return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, mapObjects(value, fn)]));
}

export function applyPlatform<T extends object>(tree: T, config: Config): T {
  const platform = platformOf(config.platform);
  if (platform === undefined) return tree;
  const patched = (platform.patchObject === undefined ? tree : mapObjects(tree, platform.patchObject)) as T;
  const extra = platform.extraObjects?.(flatten(patched), config) ?? {};
  return Object.keys(extra).length === 0 ? patched : { ...patched, platform: extra };
}
