// What is rendered, indexed once so that checks look objects up instead of scanning them all:
// objects by kind/namespace/name, workloads' pod templates by namespace and by label.
import type { KubernetesObject, LabelSelector, PodSpec, PodTemplateSpec } from '../types.gen.ts';
import { objectLabel } from '../schema-validate.ts';
import { each, isObj, isSet, str, stringMap, type Labels, type Path } from './read.ts';
import { mismatch } from './selectors.ts';

export interface Rendered {
  object: KubernetesObject;
  label: string;
  namespace: string; // '' for cluster-scoped kinds
  index: number;
}

export interface PodTemplate {
  owner: Rendered;
  at: Path; // of the template, e.g. ['spec', 'template']
  labels: Labels;
  rawLabels: unknown; // as written, for the label syntax check
  spec: PodSpec;
  claimTemplates: Set<string>; // StatefulSet volumeClaimTemplates names: mountable without a volume
}

export const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const WORKLOADS = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);

export interface Inventory {
  /** Objects with an apiVersion and a kind, in object order. */
  readonly rendered: readonly Rendered[];
  /** Later object -> the first one with its kind, namespace and name. */
  readonly duplicates: ReadonlyMap<Rendered, Rendered>;
  /** Each workload's pod template. */
  readonly podOf: ReadonlyMap<Rendered, PodTemplate>;
  isRendered(kind: string, namespace: string, name: string): boolean;
  /** Rendered pod templates in `namespace` the selector selects. */
  selectedPods(namespace: string, selector: LabelSelector): PodTemplate[];
}

const key = (kind: string, namespace: string, name: string) => `${kind}\0${namespace}\0${name}`;
const push = <K, V>(map: Map<K, V[]>, k: K, v: V) => (map.get(k) ?? map.set(k, []).get(k)!).push(v);

export function inventory(objects: readonly unknown[]): Inventory {
  const rendered: Rendered[] = [];
  const byKey = new Map<string, Rendered>();
  const duplicates = new Map<Rendered, Rendered>();
  const podOf = new Map<Rendered, PodTemplate>();
  const podsByNamespace = new Map<string, PodTemplate[]>();
  const podsByLabel = new Map<string, PodTemplate[]>();

  objects.forEach((value, index) => {
    if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return;
    const object = value as unknown as KubernetesObject;
    const namespace = CLUSTER_SCOPED.has(object.kind) ? '' : (str(object.metadata?.namespace) ?? '');
    const r: Rendered = { object, label: objectLabel(object, index), namespace, index };
    rendered.push(r);
    const name = str(object.metadata?.name);
    if (name !== undefined) {
      const k = key(object.kind, namespace, name);
      const first = byKey.get(k);
      if (first) duplicates.set(r, first);
      else byKey.set(k, r);
    }
    const pod = WORKLOADS.has(object.kind) ? podTemplate(r) : undefined;
    if (pod) {
      podOf.set(r, pod);
      push(podsByNamespace, namespace, pod);
      for (const [k, v] of Object.entries(pod.labels)) push(podsByLabel, `${namespace}\0${k}=${v}`, pod);
    }
  });

  return {
    rendered,
    duplicates,
    podOf,
    isRendered: (kind, namespace, name) => byKey.has(key(kind, namespace, name)),
    // The label index narrows the scan to pods with the selector's first label.
    selectedPods: (namespace, selector) => {
      const first = Object.entries(stringMap(selector.matchLabels))[0];
      const candidates = first ? podsByLabel.get(`${namespace}\0${first[0]}=${first[1]}`) : podsByNamespace.get(namespace);
      return (candidates ?? []).filter((p) => mismatch(selector, p.labels) === undefined);
    },
  };
}

/** A workload's pod template, read defensively; undefined when it has none. */
function podTemplate(r: Rendered): PodTemplate | undefined {
  const object = r.object;
  if (!('spec' in object) || !isObj(object.spec)) return undefined;
  const spec = object.spec as { template?: PodTemplateSpec; volumeClaimTemplates?: { metadata?: { name?: string } }[] };
  if (!isSet(spec.template)) return undefined;
  return {
    owner: r,
    at: ['spec', 'template'],
    labels: stringMap(spec.template.metadata?.labels),
    rawLabels: spec.template.metadata?.labels,
    spec: isSet(spec.template.spec) ? spec.template.spec : ({} as PodSpec),
    claimTemplates: new Set(each(spec.volumeClaimTemplates).flatMap(([c]) => str(c.metadata?.name) ?? [])),
  };
}
