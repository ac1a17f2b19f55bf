// The control plane, one file each: kube-apiserver.alloy, kube-controller-manager.alloy,
// kube-scheduler.alloy, kube-proxy.alloy, coredns.alloy and etcd.alloy. All behind
// `metrics.controlPlane.enabled`, each with its own switch. They read the shared pod and EndpointSlice
// watches (no watch of their own). Job names are the k8s-monitoring chart's, which the Grafana Cloud
// Kubernetes app reads; the kubernetes-mixin's own selectors (job="kube-apiserver", ...) need setting
// to them when its dashboards are imported.
import type { Block } from '../../alloy/ast.ts';
import { call } from '../../alloy/ast.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { ControlPlane } from '../../config/config.gen.ts';
import type { RbacRule, SecretEnv } from '../alloy-config.ts';
import { namespaceRules } from './namespaces.ts';
import { podLabelRule, re2Literal } from './pod-targets.ts';
import type { MetricsContext, MetricsPipeline, ScrapePipelineSpec } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The API server, controller manager and scheduler authorize a scrape of /metrics through the API server. */
export const metricsEndpointRbac: RbacRule = { nonResourceURLs: ['/metrics'], verbs: ['get'] };

/** Environment variables Alloy reads etcd's client certificate from (filled from the user's Secret). */
export const etcdClientEnv = { ca: 'ETCD_CA_CERT', cert: 'ETCD_CLIENT_CERT', key: 'ETCD_CLIENT_KEY' } as const;

const identity: RuleArgs[] = [
  { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
];

/**
 * Static control-plane pods run on the host network and usually declare no ports: one target per
 * container, whose address becomes the pod IP (the node's) and the component's port.
 */
function podRules(source: { namespace: string; podLabels: Record<string, string>; port: number }): (RuleArgs | Block)[] {
  return [
    ...namespaceRules({ include: [source.namespace], exclude: [] }),
    ...Object.entries(source.podLabels).map(([name, value]) => podLabelRule(name, value)),
    { source_labels: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_container_init'], regex: 'Running;false', action: 'keep' },
    { source_labels: ['__meta_kubernetes_pod_ip'], regex: '(.*:.*)', target_label: '__address__', replacement: `[$1]:${source.port}` },
    { source_labels: ['__meta_kubernetes_pod_ip'], regex: '([0-9.]+)', target_label: '__address__', replacement: `$1:${source.port}` },
    ...identity,
  ];
}

/** The ready endpoints of one Service, on the port of one name. */
function serviceRules(namespace: string, service: string, portName: string): RuleArgs[] {
  return [
    ...namespaceRules({ include: [namespace], exclude: [] }),
    { source_labels: ['__meta_kubernetes_endpointslice_label_kubernetes_io_service_name'], regex: re2Literal(service), action: 'keep' },
    { source_labels: ['__meta_kubernetes_endpointslice_port_name'], regex: re2Literal(portName), action: 'keep' },
    { source_labels: ['__meta_kubernetes_endpointslice_endpoint_conditions_ready'], regex: 'true', action: 'keep' },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
  ];
}

// Self-signed serving certificates (the default of both components) cannot be verified; the token
// is still required, and RBAC grants only get on /metrics.
const selfSigned: Pick<ScrapePipelineSpec, 'scrape' | 'comments' | 'rbac'> = {
  scrape: { scheme: 'https', bearer_token_file: `${serviceAccount}/token`, tls_config: { insecure_skip_verify: true } },
  comments: { 'tls_config.insecure_skip_verify': ['The component serves a self-signed certificate unless its --tls-cert-file is set.'] },
  rbac: [metricsEndpointRbac],
};

type Spec = Omit<ScrapePipelineSpec, 'label'>;

function specs(cp: ControlPlane): { on: boolean; spec: () => Spec }[] {
  return [
    {
      on: cp.apiServer.enabled,
      spec: () => ({
        component: 'kube-apiserver',
        discovery: 'endpointslices',
        rules: [...serviceRules('default', 'kubernetes', 'https'), { target_label: 'service', replacement: 'kubernetes' }],
        jobName: 'integrations/kubernetes/kube-apiserver',
        settings: cp.apiServer,
        // Each endpoint is an IP; every API server certificate names the `kubernetes` Service.
        scrape: { scheme: 'https', bearer_token_file: `${serviceAccount}/token`, tls_config: { ca_file: `${serviceAccount}/ca.crt`, server_name: 'kubernetes' } },
        rbac: [metricsEndpointRbac],
      }),
    },
    {
      on: cp.kubeControllerManager.enabled,
      spec: () => ({ component: 'kube-controller-manager', discovery: 'pods', rules: podRules(cp.kubeControllerManager), jobName: 'kube-controller-manager', settings: cp.kubeControllerManager, ...selfSigned }),
    },
    {
      on: cp.kubeScheduler.enabled,
      spec: () => ({ component: 'kube-scheduler', discovery: 'pods', rules: podRules(cp.kubeScheduler), jobName: 'kube-scheduler', settings: cp.kubeScheduler, ...selfSigned }),
    },
    {
      on: cp.kubeProxy.enabled,
      spec: () => ({ component: 'kube-proxy', discovery: 'pods', rules: podRules(cp.kubeProxy), jobName: 'integrations/kubernetes/kube-proxy', settings: cp.kubeProxy }),
    },
    {
      on: cp.coreDns.enabled,
      spec: () => ({
        component: 'coredns',
        discovery: 'endpointslices',
        rules: [...serviceRules(cp.coreDns.namespace, cp.coreDns.service, cp.coreDns.portName), ...identity.slice(1)],
        jobName: 'integrations/kubernetes/kube-dns',
        settings: cp.coreDns,
      }),
    },
    { on: cp.etcd.enabled, spec: () => etcdSpec(cp) },
  ];
}

function etcdSpec(cp: ControlPlane): Spec {
  const etcd = cp.etcd;
  const base: Spec = { component: 'etcd', discovery: 'pods', rules: podRules(etcd), jobName: 'integrations/etcd', settings: etcd };
  if (etcd.scheme === 'http') return base;
  const cert = etcd.clientCertificate;
  // The config check requires it for https; this guards callers that skip the check.
  if (cert === undefined) throw new Error('metrics.controlPlane.etcd.clientCertificate is required with scheme https');
  const secretEnv: SecretEnv[] = [
    { name: etcdClientEnv.ca, secret: cert.secret, key: cert.caKey },
    { name: etcdClientEnv.cert, secret: cert.secret, key: cert.certKey },
    { name: etcdClientEnv.key, secret: cert.secret, key: cert.keyKey },
  ];
  return {
    ...base,
    // etcd's serving certificate names the node's IP, so the pod (host network) address verifies.
    scrape: {
      scheme: 'https',
      tls_config: { ca_pem: call('sys.env', etcdClientEnv.ca), cert_pem: call('sys.env', etcdClientEnv.cert), key_pem: call('sys.env', etcdClientEnv.key) },
    },
    comments: { tls_config: ['The Secret metrics.controlPlane.etcd.clientCertificate names, through the pod environment.'] },
    secretEnv,
  };
}

export function controlPlanePipelines(ctx: MetricsContext): MetricsPipeline[] {
  const cp = ctx.config.metrics.controlPlane;
  if (!cp.enabled) return [];
  return specs(cp).filter((s) => s.on).map((s) => {
    const spec = s.spec();
    return scrapePipeline({ ...spec, label: spec.component.replace(/-/g, '_') }, ctx);
  });
}
