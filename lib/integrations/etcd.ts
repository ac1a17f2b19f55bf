// An etcd cluster run as pods (e.g. the bitnami chart, metrics on the client port), not the
// control plane's etcd, which metrics.controlPlane.etcd scrapes.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const etcd: Integration = {
  name: 'etcd',
  collects: 'leadership, proposals, gRPC, disk sync latency and database size (etcd mixin)',
  jobName: 'integrations/etcd',
  defaultInstances: [instance('etcd', { 'app.kubernetes.io/name': 'etcd' }, { name: 'client' })],
};
