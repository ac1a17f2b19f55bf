// All features: every switch the library has, turned on, so the whole surface is rendered, checked by
// `--check` and benchmarked. Each new feature switches itself on here.
import { environment } from '../lib/index.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'all-features',
  clusterName: 'all-features',
  logs: {
    // Every label source; team and zone stay stream labels, the rest go to structured metadata.
    podLabels: { team: 'example.com/team' },
    podAnnotations: { environment: 'example.com/environment' },
    namespaceLabels: { product: 'example.com/product' },
    nodeLabels: { zone: 'topology.kubernetes.io/zone' },
    labelsToKeep: ['app', 'cluster', 'container', 'job', 'namespace', 'service_name', 'stream', 'team', 'zone'],
    nodeLogs: { enabled: true, units: ['kubelet.service', 'containerd.service'] },
    events: { enabled: true },
  },
});
