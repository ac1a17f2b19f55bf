// kubelet.alloy, resources.alloy, cadvisor.alloy and kubelet-probes.alloy: the kubelet's endpoints, one target
// per node. `metrics.kubelet.access` picks the route for all of them: through the API server proxy (works where
// nodes are unreachable from pods; RBAC nodes/proxy) or straight to the kubelet (RBAC nodes/metrics).
import type { Block } from '../../alloy/ast.ts';
import { rule } from '../../alloy/relabel.ts';
import type { KubeletSettings } from '../../config/config.gen.ts';
import type { RbacRule } from '../alloy-config.ts';
import { explainedRule } from './cloud-path.ts';
import type { MetricsContext, MetricsPipeline, ScrapePipelineSpec } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { nodeLabelRules } from './node-labels.ts';
import { effectiveNamespaces, seriesNamespaceRules } from './namespaces.ts';

export type KubeletAccess = KubeletSettings['access'];

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';
export const apiServerAddress = 'kubernetes.default.svc.cluster.local:443';

const endpoints = [
  { component: 'kubelet', label: 'kubelet', key: 'kubelet', path: '/metrics', jobName: 'integrations/kubernetes/kubelet' },
  { component: 'resources', label: 'resources', key: 'resources', path: '/metrics/resource', jobName: 'integrations/kubernetes/resources' },
  { component: 'cadvisor', label: 'cadvisor', key: 'cadvisor', path: '/metrics/cadvisor', jobName: 'integrations/kubernetes/cadvisor' },
  // The k8s-monitoring chart's job name for this endpoint, so dashboards built on it find the series.
  { component: 'kubelet-probes', label: 'kubelet_probes', key: 'kubeletProbes', path: '/metrics/probes', jobName: 'integrations/kubernetes/probes' },
] as const;

export const kubeletRbac: Readonly<Record<KubeletAccess, RbacRule>> = {
  proxy: { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
  direct: { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
};

// Node discovery presets `instance` to the node name; `node` lets series join kube-state-metrics.
const nodeLabel = rule({ source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' });

// The k8s-monitoring chart's cAdvisor clean-ups, on the cloud path only, after the allow-list: series
// that pass it by name but are not a real container's, disk or interface add cost and no answer. A
// replace to "" deletes the scratch label, so `__tmp_keepme` never reaches the remote_write.
const physicalDevice = '(/dev/)?(mmcblk.p.+|nvme.+|rbd.+|sd.+|vd.+|xvd.+|dasd.+)';
const physicalInterface = 'en[ospx][0-9].*|wlan[0-9].*|eth[0-9].*';
export const cadvisorCloudRules: readonly Block[] = [
  explainedRule([
    'Cost: an empty `container` is a cgroup aggregate (pod, QoS or node slice), not a container; it',
    'repeats the sum of the per-container series (cadvisor#2688).',
  ], { source_labels: ['__name__', 'container'], separator: '@', regex: '(container_cpu_.*|container_fs_.*|container_memory_.*)@', action: 'drop' }),
  explainedRule([
    'Cost: a series without an `image` is a cgroup slice, not a container: the same duplicates (cadvisor#2688).',
  ], { source_labels: ['__name__', 'image'], separator: '@', regex: 'container_(cpu|fs|memory|network)_.*@', action: 'drop' }),
  explainedRule([
    'Churn: boot_id changes with every reboot, a new series each time. "NA" rather than no label, so',
    'selectors such as boot_id!="" still match.',
  ], { source_labels: ['__name__'], regex: 'machine_memory_bytes', target_label: 'boot_id', replacement: 'NA' }),
  rule({ source_labels: ['__name__'], regex: 'machine_memory_bytes', target_label: 'system_uuid', replacement: 'NA' }),
  explainedRule([
    'Cost: filesystem series only for physical block devices; loop, overlay and other virtual devices',
    'multiply series per node. RE2 has no negative lookahead: mark the physical ones, drop the unmarked.',
  ], { source_labels: ['__name__', 'device'], separator: '@', regex: `container_fs_.*@${physicalDevice}`, target_label: '__tmp_keepme', replacement: '1' }),
  rule({ source_labels: ['__name__', '__tmp_keepme'], separator: '@', regex: 'container_fs_.*@', action: 'drop' }),
  explainedRule([
    'Cost: network series only for physical interfaces; each pod\'s veth/cali/flannel interface would',
    'add its own series. Marked and dropped as above.',
  ], { source_labels: ['__name__', 'interface'], separator: '@', regex: `container_network_.*@(${physicalInterface})`, target_label: '__tmp_keepme', replacement: '1' }),
  rule({ source_labels: ['__name__', '__tmp_keepme'], separator: '@', regex: 'container_network_.*@', action: 'drop' }),
  explainedRule(['Remove the scratch label from what is kept.'],
    { source_labels: ['__name__'], regex: 'container_(fs|network)_.*', target_label: '__tmp_keepme', replacement: '' }),
];

type Access = Pick<ScrapePipelineSpec, 'rules' | 'scrape' | 'comments'>;

function access(mode: KubeletAccess, path: string): Access {
  if (mode === 'proxy') {
    return {
      rules: [
        rule({ target_label: '__address__', replacement: apiServerAddress }),
        rule({ source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: `/api/v1/nodes/\${1}/proxy${path}` }),
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

// Both routes to every endpoint depend on nothing else: built, checked and frozen once.
const accessSpecs: Readonly<Record<KubeletAccess, Readonly<Record<string, Access>>>> = deepFreeze({
  proxy: Object.fromEntries(endpoints.map((e) => [e.path, access('proxy', e.path)])),
  direct: Object.fromEntries(endpoints.map((e) => [e.path, access('direct', e.path)])),
});

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  return Object.freeze(value);
}

export function kubeletPipelines(ctx: MetricsContext): MetricsPipeline[] {
  const metrics = ctx.config.metrics;
  const mode = metrics.kubelet.access;
  const labels = nodeLabelRules(ctx.config);
  return endpoints
    .filter((e) => metrics[e.key].enabled)
    .map((e) => scrapePipeline({
      component: e.component,
      label: e.label,
      discovery: 'nodes',
      jobName: e.jobName,
      settings: metrics[e.key],
      ...accessSpecs[mode][e.path],
      rules: [...accessSpecs[mode][e.path]!.rules, ...labels],
      // cAdvisor's series are per container: the namespace filter drops the other namespaces' for every destination.
      ...(e.component === 'cadvisor' ? { cloudRules: cadvisorCloudRules, seriesRules: seriesNamespaceRules(effectiveNamespaces(metrics.cadvisor.namespaces, metrics.namespaces)), enrichWith: ctx.podTable } : {}),
      rbac: [kubeletRbac[mode]],
    }, ctx));
}
