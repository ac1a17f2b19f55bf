// Routing labels: the pod and namespace labels log destinations route on are copied onto each pod
// log line (as `route_pod_<key>` / `route_ns_<key>`) by the pod-logs discovery, kept through the
// label_keep, and dropped again in front of every writer (destinations.ts). A loki.relabel sees only
// a line's labels, so this is how a route can read a pod's or its namespace's Kubernetes labels.
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import type { RbacRule } from '../alloy-config.ts';
import { podLabelMeta } from './kubernetes-meta.ts';

const sanitize = (key: string): string => key.replace(/[^a-zA-Z0-9_]/g, '_');

export interface RouteLabel {
  kind: 'pod' | 'namespace';
  /** The Kubernetes label key. */
  key: string;
  /** The label on the log line. */
  name: string;
  /** The discovery meta label it comes from. */
  meta: string;
}

/** Every routing label the log destinations need, each once, in destination order. */
export function routeLabels(config: Config): RouteLabel[] {
  const out = new Map<string, RouteLabel>();
  for (const d of config.logs.destinations) {
    for (const key of Object.keys(d.route?.podLabels ?? {})) {
      const name = `route_pod_${sanitize(key)}`;
      if (!out.has(name)) out.set(name, { kind: 'pod', key, name, meta: podLabelMeta(key) });
    }
    const key = d.route?.tenantFromNamespaceLabel;
    if (key !== undefined) {
      const name = `route_ns_${sanitize(key)}`;
      if (!out.has(name)) out.set(name, { kind: 'namespace', key, name, meta: `__meta_kubernetes_namespace_label_${sanitize(key)}` });
    }
  }
  return [...out.values()];
}

/** What the pod-logs pipeline adds for routing: its relabel rules, labels to keep, and discovery needs. */
export function podLogRouting(config: Config): { rules: RuleArgs[]; keep: string[]; namespaceMetadata: boolean; rbac: RbacRule[] } {
  const labels = routeLabels(config);
  const namespaceMetadata = labels.some((l) => l.kind === 'namespace');
  return {
    rules: labels.map((l) => ({ source_labels: [l.meta], target_label: l.name })),
    keep: labels.map((l) => l.name),
    namespaceMetadata,
    // attach_metadata { namespace = true } watches namespaces to read their labels.
    rbac: namespaceMetadata ? [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }] : [],
  };
}
