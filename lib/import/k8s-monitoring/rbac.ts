// collectorCommon.alloy.rbac.namespaces: the chart's collectors with Roles in the named namespaces
// instead of ClusterRoles (its rbac-no-cluster-roles setup) -> rbac.mode namespaced. That mode turns off
// what reads cluster-scoped objects; kube-state-metrics limited to some namespaces, which the chart can
// run with Roles, has no equivalent here (this stack's kube-state-metrics reads cluster-wide).
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
  draft.note(['rbac'], 'Roles in these namespaces and the stack\'s own, no ClusterRoles: sources that read cluster-scoped objects (kubelet, cAdvisor, kube-state-metrics...) are off');
  records.mapped(at, 'rbac.namespaces (rbac.mode namespaced)');
  if (read.raw(['clusterMetrics', 'enabled']) !== true) return;
  const ksm: ValuePath = ['clusterMetrics', 'kube-state-metrics'];
  if (read.raw([...ksm, 'enabled']) !== false) {
    records.unsupported(ksm, 'kube-state-metrics for some namespaces with Roles has no equivalent: here it reads cluster-wide objects, so rbac.mode namespaced turns it off; set clusterMetrics.kube-state-metrics.enabled false to accept that', ['rbac']);
  }
  // The chart has these on by default; without a ClusterRole they cannot be scraped here (nodes are cluster-scoped).
  for (const key of ['kubelet', 'kubeletResource', 'cadvisor']) {
    if (read.raw(['clusterMetrics', key, 'enabled']) !== false) {
      records.unsupported(['clusterMetrics', key], `${key} is found through the nodes, which rbac.mode namespaced cannot read; set clusterMetrics.${key}.enabled false to accept that`, ['rbac']);
    }
  }
}
