// NetworkPolicies: a workload accepts connections only from its own stack's Alloy pods,
// and only on the ports its containers expose. Egress stays open (scrapers reach everything, and
// writers reach the cloud); saying so explicitly keeps a namespace default-deny from breaking it.
import type { Container, NetworkPolicy } from '../k8s/types.gen.ts';
import type { Labels } from './labels.ts';
import { namespaced, type WorkloadMeta } from './meta.ts';
import { alloyName } from './ports.ts';
import { partOfLabel } from '../config/names.ts';

/** Pods of every Alloy workload of the same stack: they scrape the exporters, write to Prometheus and gossip. */
const alloyPods = (selector: Labels): Labels => ({ 'app.kubernetes.io/name': alloyName, [partOfLabel]: selector[partOfLabel]! });

/**
 * The policy of the workload whose pods carry `selector`; the label objects are copies, shared with nothing.
 * `alsoFrom`: pod labels of other pods of the stack that connect too (OpenCost querying Prometheus).
 */
export function ingressFromAlloy(meta: WorkloadMeta, selector: Labels, containers: readonly Container[], alsoFrom: readonly Labels[] = []): NetworkPolicy {
  const ports = containers.flatMap((c) => c.ports ?? []).map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.containerPort }));
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespaced(meta),
    spec: {
      podSelector: { matchLabels: { ...selector } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [alloyPods(selector), ...alsoFrom].map((labels) => ({ podSelector: { matchLabels: { ...labels } } })), ports }],
      egress: [{}],
    },
  };
}
