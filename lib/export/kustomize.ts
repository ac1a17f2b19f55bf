// --kustomize: a kustomization.yaml in each environment folder listing its files in apply order, so that
// `kubectl apply -k rendered/<env>`, a Flux Kustomization and an Argo CD Application read the folder as it is,
// with no glue. Order: setup/ (Namespaces, CRDs) first, then the rest in file order. kubectl kustomize sorts
// by kind anyway; the listed order is what Flux and Argo CD without waves see first, and what a reader sees.
// --sync-waves adds Argo CD's argocd.argoproj.io/sync-wave: "-1" on setup/ objects, "1" on objects of a
// group no Kubernetes release serves (their kind comes from a CRD, which must be established first); the
// rest keep wave 0. Argo CD applies a wave only once the one before is healthy.
import type { KubeObject } from '../core/flatten.ts';
import { compareUtf8, objectPath, setupKinds } from './layout.ts';
import { describeObject } from './process.ts';
import { toYaml, toYamlEach } from './yaml.ts';

export const kustomizationName = 'kustomization.yaml';
export const syncWaveAnnotation = 'argocd.argoproj.io/sync-wave';

// API groups Kubernetes itself serves; any other group's kinds are custom resources.
const builtinGroups: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'policy', 'autoscaling', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'scheduling.k8s.io',
  'storage.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'certificates.k8s.io', 'node.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'apiregistration.k8s.io',
]);

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The Argo CD sync wave of an object, or undefined for the default wave 0. */
export function syncWave(object: KubeObject): string | undefined {
  if (setupKinds.has(object.kind)) return '-1';
  if (!builtinGroups.has(groupOf(object.apiVersion))) return '1';
  return undefined;
}

/** kustomization.yaml listing `paths` (relative to the environment folder): setup/ first, each group in byte order. */
export function kustomizationText(paths: readonly string[]): string {
  const setup = paths.filter((p) => p.startsWith('setup/')).sort(compareUtf8);
  const rest = paths.filter((p) => !p.startsWith('setup/')).sort(compareUtf8);
  return toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [...setup, ...rest] }, kustomizationName);
}

/**
 * The environment's files (`<env>/…` -> text) with its kustomization.yaml, and with `syncWaves` each object
 * that has a wave written again with the annotation.
 */
export function kustomizeFiles(envName: string, objects: readonly KubeObject[], files: ReadonlyMap<string, string>, syncWaves: boolean): Map<string, string> {
  const out = new Map(files);
  if (syncWaves) {
    const waved = objects.flatMap((object) => {
      const wave = syncWave(object);
      if (wave === undefined) return [];
      const annotations = { ...object.metadata.annotations, [syncWaveAnnotation]: wave };
      return [{ path: `${envName}/${objectPath(object)}`, object: { ...object, metadata: { ...object.metadata, annotations } } }];
    });
    const texts = toYamlEach(waved.map((w) => w.object), (i) => describeObject(waved[i]!.object as KubeObject));
    waved.forEach((w, i) => out.set(w.path, texts[i]!));
  }
  const prefix = `${envName}/`;
  const paths = [...files.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
  out.set(`${prefix}${kustomizationName}`, kustomizationText(paths));
  return new Map([...out].sort(([a], [b]) => compareUtf8(a, b)));
}
