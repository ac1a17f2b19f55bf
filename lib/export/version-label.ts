// The package's version in a label on every object, when alloy-stack runs as an installed package (the
// bin): a platform repository's diff then shows, on each object, that an upgrade of the package changed
// its output. Not in this repository's own rendered/, where the version is the checkout.
import type { KubeObject } from '../core/flatten.ts';
import { objectPath } from './layout.ts';
import { describeObject } from './process.ts';
import { toYamlEach } from './yaml.ts';

export const versionLabel = 'alloy-stack/version';

/** The objects with the label, and the files (`<env>/…` -> text) with those objects written again. */
export function labelVersion(envName: string, objects: readonly KubeObject[], files: ReadonlyMap<string, string>, version: string): { objects: KubeObject[]; files: Map<string, string> } {
  const labelled = objects.map((object) => ({ ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, [versionLabel]: version } } }));
  const texts = toYamlEach(labelled, (i) => describeObject(labelled[i]!));
  const out = new Map(files);
  labelled.forEach((object, i) => out.set(`${envName}/${objectPath(object)}`, texts[i]!));
  return { objects: labelled, files: out };
}
