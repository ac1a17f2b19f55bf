// Istio: istiod (control plane, http-monitoring 15014) and every injected sidecar (the istio-proxy
// container's http-envoy-prom port, 15090, which serves Envoy's merged stats on /stats/prometheus).
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const istio: Integration = {
  name: 'istio',
  collects: 'mesh request rates, errors and latency per workload and service, TCP bytes, istiod pushes and xDS (Istio dashboards)',
  jobName: 'integrations/istio',
  defaultInstances: [
    instance('istiod', { app: 'istiod' }, { number: 15014 }),
    // Every pod with an injected sidecar carries this label.
    instance('sidecars', { 'security.istio.io/tlsMode': 'istio' }, { name: 'http-envoy-prom' }, { path: '/stats/prometheus' }),
  ],
  // Envoy access logs and istiod logs share the `<time>\t<level>\t<message>` shape of Istio's logger.
  logs: { level: { format: 'regex', expression: '^\\S+\\t(?P<level>[a-z]+)\\t' } },
};
