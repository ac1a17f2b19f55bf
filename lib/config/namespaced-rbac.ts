// rbac.mode namespaced, for clusters where a team may not create ClusterRoles (Grafana's chart example
// rbac-no-cluster-roles): Roles in the namespaces the environment names, and every discovery limited to those.
// What reads cluster-scoped objects cannot work so: the mode switches those sources off (as a preset under the
// environment's settings) and refuses them when the environment turns them on, saying why. kube-state-metrics
// keeps working on the namespaced objects of the watched namespaces (no node, namespace or PersistentVolume series).
import type { Config } from './config.gen.ts';

/** Defaults of the mode, deep-merged under the environment's own settings. */
export const namespacedDefaults = {
  metrics: {
    // The kubelet, cAdvisor, resource and probe metrics are found through the nodes, which are cluster-scoped.
    kubelet: { enabled: false },
    cadvisor: { enabled: false },
    resources: { enabled: false },
  },
  // k8sattributes names a sender's pod through nodes and namespaces, which are cluster-scoped.
  receiver: { k8sattributes: { enabled: false } },
} as const;

/** The namespaces read in namespaced mode (the stack's own first), or undefined in cluster mode. */
export function watchedNamespaces(config: Pick<Config, 'rbac' | 'namespace'>): string[] | undefined {
  if (config.rbac.mode !== 'namespaced') return undefined;
  return [...new Set([config.namespace, ...config.rbac.namespaces])];
}

export function namespacedProblems(config: Config): string[] {
  if (config.rbac.mode !== 'namespaced') return [];
  const m = config.metrics;
  const logs = config.logs;
  const why = 'reads cluster-scoped objects, which rbac.mode namespaced cannot grant';
  const problems: [boolean, string, string][] = [
    [m.kubelet.enabled, 'metrics.kubelet.enabled', `${why} (nodes)`],
    [m.cadvisor.enabled, 'metrics.cadvisor.enabled', `${why} (nodes)`],
    [m.resources.enabled, 'metrics.resources.enabled', `${why} (nodes)`],
    [m.kubeletProbes.enabled, 'metrics.kubeletProbes.enabled', `${why} (nodes)`],
    [m.controlPlane.enabled, 'metrics.controlPlane.enabled', `${why} (the API server's /metrics, node-local components)`],
    [Object.keys(logs.nodeLabels).length > 0, 'logs.nodeLabels', `${why} (nodes)`],
    [m.nodeLabels.enabled, 'metrics.nodeLabels.enabled', `${why} (nodes)`],
    [Object.keys(logs.namespaceLabels).length > 0, 'logs.namespaceLabels', `${why} (namespaces)`],
    [logs.podLogsObjects.enabled, 'logs.podLogsObjects.enabled', `${why} (namespaces, to match PodLogs namespace selectors)`],
    [config.receiver.enabled && config.receiver.k8sattributes.enabled, 'receiver.k8sattributes.enabled', `${why} (nodes and namespaces, to name a sender's pod)`],
    [Object.keys(config.metrics.enrichment.namespaceLabels).length > 0, 'metrics.enrichment.namespaceLabels', `${why} (namespaces)`],
    [config.beyla.enabled, 'beyla.enabled', `${why} (nodes, to name an instrumented process's node)`],
    // Kepler's pod informer watches every pod of its node, whatever the namespace.
    [config.kepler.enabled, 'kepler.enabled', `${why} (every pod of each node, to charge energy to it)`],
    [config.opencost.enabled, 'opencost.enabled', `${why} (nodes and PersistentVolumes, to price them)`],
  ];
  const out = problems.filter(([on]) => on).map(([, field, reason]) => `${field}: ${reason}`);
  const watched = new Set(watchedNamespaces(config));
  const outside = (list: readonly string[]) => list.filter((n) => !watched.has(n));
  const check = (field: string, list: readonly string[]) => {
    const bad = outside(list);
    if (bad.length > 0) out.push(`${field}: ${bad.join(', ')} not in rbac.namespaces (or the stack's namespace), so not readable with rbac.mode namespaced`);
  };
  check('logs.namespaces.include', logs.namespaces.include);
  check('logs.events.namespaces', logs.events.namespaces);
  check('metrics.autodiscovery.namespaces.include', m.autodiscovery.namespaces.include);
  // kube-state-metrics reports the namespaced objects of the watched namespaces only (lib/workloads/kube-state-metrics.ts).
  if (config.kubeStateMetrics.deploy) check('metrics.kubeStateMetrics.namespaces.include', m.kubeStateMetrics.namespaces?.include ?? []);
  check('metrics.operatorObjects.namespaces.include', m.operatorObjects.namespaces.include);
  // An existing exporter is found through the pod watch, which reads only the watched namespaces (through
  // its Service, kube-state-metrics needs no watch).
  if (m.kubeStateMetrics.enabled && config.kubeStateMetrics.selector !== undefined && config.kubeStateMetrics.selector.service === undefined) check('kubeStateMetrics.selector.namespace', [config.kubeStateMetrics.selector.namespace]);
  if (m.nodeExporter.enabled && config.nodeExporter.selector !== undefined) check('nodeExporter.selector.namespace', [config.nodeExporter.selector.namespace]);
  for (const d of logs.destinations) if (d.route?.tenantFromNamespaceLabel !== undefined) out.push(`logs.destinations (${d.name}).route.tenantFromNamespaceLabel: ${why} (namespaces)`);
  return out;
}
