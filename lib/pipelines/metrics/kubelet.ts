// kubelet.alloy, resources.alloy and cadvisor.alloy: the three kubelet endpoints, one target per node.
// `metrics.kubelet.access` picks the route for all three: through the API server proxy (works where
// nodes are unreachable from pods; RBAC nodes/proxy) or straight to the kubelet (RBAC nodes/metrics).
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { KubeletSettings } from '../../config/config.gen.ts';
import type { RbacRule } from '../alloy-config.ts';
import type { MetricsContext, MetricsPipeline, ScrapePipelineSpec } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';

export type KubeletAccess = KubeletSettings['access'];

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';
export const apiServerAddress = 'kubernetes.default.svc.cluster.local:443';

const endpoints = [
  { component: 'kubelet', key: 'kubelet', path: '/metrics', jobName: 'integrations/kubernetes/kubelet' },
  { component: 'resources', key: 'resources', path: '/metrics/resource', jobName: 'integrations/kubernetes/resources' },
  { component: 'cadvisor', key: 'cadvisor', path: '/metrics/cadvisor', jobName: 'integrations/kubernetes/cadvisor' },
] as const;

export const kubeletRbac: Readonly<Record<KubeletAccess, RbacRule>> = {
  proxy: { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
  direct: { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
};

// Node discovery presets `instance` to the node name; `node` lets series join kube-state-metrics.
const nodeLabel: RuleArgs = { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' };

function access(mode: KubeletAccess, path: string): Pick<ScrapePipelineSpec, 'rules' | 'scrape' | 'comments'> {
  if (mode === 'proxy') {
    return {
      rules: [
        { target_label: '__address__', replacement: apiServerAddress },
        { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: `/api/v1/nodes/\${1}/proxy${path}` },
        nodeLabel,
      ],
      scrape: {
        scheme: 'https',
        bearer_token_file: `${serviceAccount}/token`,
        tls_config: { ca_file: `${serviceAccount}/ca.crt`, server_name: 'kubernetes' },
      },
    };
  }
  // The node discovery address is already the kubelet's: <InternalIP>:10250.
  return {
    rules: [nodeLabel],
    scrape: {
      scheme: 'https',
      metrics_path: path,
      bearer_token_file: `${serviceAccount}/token`,
      tls_config: { insecure_skip_verify: true },
    },
    comments: { 'tls_config.insecure_skip_verify': ['Kubelet serving certificates are usually self-signed, not issued by the cluster CA.'] },
  };
}

export function kubeletPipelines(ctx: MetricsContext): MetricsPipeline[] {
  const metrics = ctx.config.metrics;
  const mode = metrics.kubelet.access;
  return endpoints
    .filter((e) => metrics[e.key].enabled)
    .map((e) => scrapePipeline({
      component: e.component,
      label: e.component,
      discovery: 'nodes',
      jobName: e.jobName,
      settings: metrics[e.key],
      ...access(mode, e.path),
      rbac: [kubeletRbac[mode]],
    }, ctx));
}
