// A managed platform as kube-prometheus shapes an addon: defaults for the environment (applied under what the
// environment says), the settings the platform cannot run (refused before anything renders, with the reason), and
// changes to the object tree for what no setting expresses, made before the environment's overrides so that an
// override still has the last word.
import type { Config } from '../config/config.gen.ts';
import type { KubeObject } from '../core/flatten.ts';

export interface Platform {
  /** Where the platform documents the rules the preset follows. */
  readonly source: string;
  /** Environment fields, deep-merged under the environment's own: the environment still wins. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Settings the platform refuses at admission, as `field: reason` problems. */
  problems(config: Config): string[];
  /** One object as the platform needs it (a new object, or the same one when nothing changes). */
  patchObject?(object: KubeObject): KubeObject;
  /** Objects only this platform needs, by tree name (they land under the tree's `platform` key). */
  extraObjects?(objects: readonly KubeObject[], config: Config): Record<string, KubeObject>;
}
