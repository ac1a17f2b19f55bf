// collectorCommon.alloy.rbac.namespaces: the chart's collectors with Roles in the named namespaces
// instead of ClusterRoles (its rbac-no-cluster-roles setup) -> rbac.mode namespaced. That mode turns off
// what reads cluster-scoped objects; kube-state-metrics runs with Roles on the namespaced objects of the watched
// namespaces, as the chart's does with rbac.useClusterRole false and its namespaces.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function rbac(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['collectorCommon', 'alloy', 'rbac', 'namespaces'];
  const namespaces = read.strings(at);
  if (namespaces === undefined || namespaces.length === 0) return;
  const bad = namespaces.filter((n) => !dnsLabel.test(n));
  if (bad.length > 0) {
    records.unsupported(at, `not namespace names: ${bad.join(', ')}`, ['rbac']);
    return;
  }
  const own = namespaces.filter((n) => n !== context.namespace);
  draft.set(['rbac'], own.length > 0 ? { mode: 'namespaced', namespaces: own } : { mode: 'namespaced' });
  draft.from(['rbac'], 'collectorCommon.alloy.rbac.namespaces');
  draft.note(['rbac'], 'Roles in these namespaces and the stack\'s own, no ClusterRoles: sources that read cluster-scoped objects (kubelet, cAdvisor...) are off; kube-state-metrics reports the namespaced objects only');
  records.mapped(at, 'rbac.namespaces (rbac.mode namespaced)');
  if (read.raw(['clusterMetrics', 'enabled']) !== true) return;
  const ksm: ValuePath = ['clusterMetrics', 'kube-state-metrics'];
  if (read.raw([...ksm, 'enabled']) !== false) kubeStateMetricsWithRoles(context, ksm);
  // The chart has these on by default; without a ClusterRole they cannot be scraped here (nodes are cluster-scoped).
  for (const key of ['kubelet', 'kubeletResource', 'cadvisor']) {
    if (read.raw(['clusterMetrics', key, 'enabled']) !== false) {
      records.unsupported(['clusterMetrics', key], `${key} is found through the nodes, which rbac.mode namespaced cannot read; set clusterMetrics.${key}.enabled false to accept that`, ['rbac']);
    }
  }
}

/** The chart's kube-state-metrics with Roles: its namespaces (a comma-separated string or a list) and useClusterRole false. */
function kubeStateMetricsWithRoles(context: ImportContext, ksm: ValuePath): void {
  const { read, records, draft } = context;
  const useClusterRole = read.bool([...ksm, 'rbac', 'useClusterRole']);
  if (useClusterRole === true) {
    records.unsupported([...ksm, 'rbac', 'useClusterRole'], 'a ClusterRole for kube-state-metrics while the collectors have Roles only: rbac.mode namespaced has no ClusterRole at all', ['rbac']);
    return;
  }
  if (useClusterRole === false) records.mapped([...ksm, 'rbac', 'useClusterRole'], 'kubeStateMetrics with Roles (rbac.mode namespaced)');
  const raw = read.raw([...ksm, 'namespaces']);
  if (raw === undefined) return;
  const names = typeof raw === 'string' ? raw.split(',').map((n) => n.trim()).filter((n) => n !== '') : read.strings([...ksm, 'namespaces']);
  if (names === undefined || names.some((n) => !dnsLabel.test(n))) {
    records.unsupported([...ksm, 'namespaces'], 'not a list of namespace names', ['rbac']);
    return;
  }
  if (names.length > 0) {
    draft.set(['metrics', 'kubeStateMetrics', 'namespaces'], { include: names });
    draft.from(['metrics'], 'clusterMetrics.kube-state-metrics.namespaces');
  }
  records.mapped([...ksm, 'namespaces'], 'metrics.kubeStateMetrics.namespaces.include');
}
