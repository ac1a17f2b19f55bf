// All features: every switch the library has, turned on, so the whole surface is rendered, checked by
// `--check` and benchmarked. Each new feature switches itself on here.
import { environment } from '../lib/index.ts';
import { allFeaturesExtraConfig } from './alloy/all-features-extra.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'all-features',
  clusterName: 'all-features',
  logs: {
    nodeLogs: { enabled: true, units: ['kubelet.service', 'containerd.service'] },
    events: { enabled: true },
  },
  // User Alloy beyond what the library models: OTLP traces, Alloy's own node exporter, ServiceMonitors.
  alloyMetrics: { extraConfig: allFeaturesExtraConfig },
});
