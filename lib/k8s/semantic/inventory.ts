// What is rendered, indexed once so that checks look objects up instead of scanning them all:
// objects by kind/namespace/name, workloads' pod templates by namespace and by label.
import type { KubernetesObject, LabelSelector, PodSpec, PodTemplateSpec } from '../types.gen.ts';
import { objectLabel } from '../schema-validate.ts';
import { each, isObj, isSet, str, stringMap, type Labels, type Path } from './read.ts';
import { mismatch } from './selectors.ts';

export interface Rendered {
  readonly object: KubernetesObject;
  /** For messages only: "apps/v1 StatefulSet monitoring/alloy" (objectLabel). */
  readonly label: string;
  readonly namespace: string; // '' for cluster-scoped kinds
  readonly index: number;
}

// The label is only needed when something is reported, which valid objects never are.
class RenderedObject implements Rendered {
  constructor(readonly object: KubernetesObject, readonly namespace: string, readonly index: number) {}
  get label(): string {
    return objectLabel(this.object, this.index);
  }
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

// Indexes are maps of maps keyed by the objects' own strings: joining kind, namespace and name into
// one fresh key string per lookup cost more (hashing it) than the rest of the inventory.
const inner = <V>(map: Map<string, V>, key: string, make: () => V): V => {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
};
const newMap = <V>() => new Map<string, V>();
const newList = <V>(): V[] => [];

export function inventory(objects: readonly unknown[]): Inventory {
  const rendered: Rendered[] = [];
  const byName = new Map<string, Map<string, Map<string, Rendered>>>(); // kind -> namespace -> name
  const duplicates = new Map<Rendered, Rendered>();
  const podOf = new Map<Rendered, PodTemplate>();
  const podsByNamespace = new Map<string, PodTemplate[]>();
  const podsByLabel = new Map<string, Map<string, Map<string, PodTemplate[]>>>(); // namespace -> key -> value

  for (let index = 0; index < objects.length; index++) {
    const value = objects[index];
    if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
    const object = value as unknown as KubernetesObject;
    const namespace = CLUSTER_SCOPED.has(object.kind) ? '' : (str(object.metadata?.namespace) ?? '');
    const r = new RenderedObject(object, namespace, index);
    rendered.push(r);
    const name = str(object.metadata?.name);
    if (name !== undefined) {
      const named = inner(inner(byName, object.kind, newMap<Map<string, Rendered>>), namespace, newMap<Rendered>);
      const first = named.get(name);
      if (first) duplicates.set(r, first);
      else named.set(name, r);
    }
    const pod = WORKLOADS.has(object.kind) ? podTemplate(r) : undefined;
    if (pod) {
      podOf.set(r, pod);
      inner(podsByNamespace, namespace, newList<PodTemplate>).push(pod);
      const byKey = inner(podsByLabel, namespace, newMap<Map<string, PodTemplate[]>>);
      for (const k of Object.keys(pod.labels)) inner(inner(byKey, k, newMap<PodTemplate[]>), pod.labels[k]!, newList<PodTemplate>).push(pod);
    }
  }

  return {
    rendered,
    duplicates,
    podOf,
    isRendered: (kind, namespace, name) => byName.get(kind)?.get(namespace)?.has(name) ?? false,
    // The label index narrows the scan to pods with the selector's first label.
    selectedPods: (namespace, selector) => {
      const matchLabels = stringMap(selector.matchLabels);
      const first = Object.keys(matchLabels)[0];
      const candidates = first === undefined ? podsByNamespace.get(namespace) : podsByLabel.get(namespace)?.get(first)?.get(matchLabels[first]!);
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
