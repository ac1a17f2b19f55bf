// OpenCost: the cost of each namespace, workload and pod, from what they request and use (queried from a
// Prometheus: by default the stack's own, which keeps every cAdvisor and kube-state-metrics series) and the
// nodes' prices. One replica: it keeps no state but a cache it rebuilds from the API and Prometheus.
import { placement } from './placement.ts';
import type { Config } from '../config/config.gen.ts';
import { objectName } from '../config/names.ts';
import type { Container, Deployment, NetworkPolicy } from '../k8s/types.gen.ts';
import type { RbacRule } from '../pipelines/alloy-config.ts';
import { opencostExporter } from '../pipelines/metrics/optional-exporters.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced, workloadMeta } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { prometheusService } from './ports.ts';
import { rbac, type Rbac } from './rbac.ts';
import { resources } from './resources.ts';
import { restrictedContainer, restrictedPod } from './security.ts';

export interface OpenCost extends Rbac {
  deployment: Deployment;
  networkPolicy?: NetworkPolicy;
}

// The user the opencost image runs as (its Dockerfile's USER).
const opencostUser = 1001;

/**
 * What OpenCost's cluster cache watches: the objects it prices and the owners it groups them by. Read-only.
 * Grafana's chart also grants the `extensions` group, which no Kubernetes release since 1.16 serves for these.
 */
export const opencostRules: readonly RbacRule[] = [
  { apiGroups: [''], resources: ['configmaps', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'replicationcontrollers', 'resourcequotas', 'services', 'limitranges', 'endpoints'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
];

/** The Prometheus OpenCost queries: opencost.prometheusUrl, else the stack's own Service. */
export function opencostPrometheusUrl(config: Config): string {
  return config.opencost.prometheusUrl ?? `http://${objectName(config, 'prometheus')}.${config.namespace}.svc:${prometheusService.port}`;
}

export function opencost(config: Config): OpenCost {
  const image = imageFor(config, 'opencost', config.opencost.image);
  const { meta, selector } = workloadMeta(config, 'opencost', { name: opencostExporter.podLabels['app.kubernetes.io/name']!, component: 'cost-exporter', image });
  const identity = rbac(meta, opencostRules);
  const env: Record<string, string> = {
    PROMETHEUS_SERVER_ENDPOINT: opencostPrometheusUrl(config),
    API_PORT: String(opencostExporter.port.containerPort),
    // Series in the Prometheus carry the cluster as `cluster` (every pipeline sets it); OpenCost filters by it, so
    // one Prometheus shared by several clusters still prices each apart.
    CLUSTER_ID: config.clusterName,
    PROM_CLUSTER_ID_LABEL: 'cluster',
    CURRENT_CLUSTER_ID_FILTER_ENABLED: 'true',
    // kube-state-metrics already reports these objects; OpenCost's copies would be the same series twice.
    EMIT_KSM_V1_METRICS: 'false',
    EMIT_KSM_V1_METRICS_ONLY: 'true',
    CLOUD_COST_ENABLED: 'false',
    LOG_LEVEL: 'info',
  };
  const container: Container = {
    name: 'opencost',
    image,
    imagePullPolicy: 'IfNotPresent',
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    ports: [{ name: opencostExporter.port.name, containerPort: opencostExporter.port.containerPort, protocol: 'TCP' }],
    startupProbe: { httpGet: { path: '/healthz', port: opencostExporter.port.name }, initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 30 },
    livenessProbe: { httpGet: { path: '/healthz', port: opencostExporter.port.name }, periodSeconds: 20 },
    readinessProbe: { httpGet: { path: '/healthz', port: opencostExporter.port.name }, periodSeconds: 10 },
    resources: resources(config.opencost.resources, { requests: { cpu: '10m', memory: '100Mi' }, limits: { memory: '1Gi' } }),
    securityContext: restrictedContainer(opencostUser),
    // Its pricing and allocation files, written at run time; the root filesystem stays read-only.
    volumeMounts: [{ name: 'configs', mountPath: '/var/configs' }],
  };
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: namespaced(meta),
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...selector } },
      template: {
        metadata: { labels: { ...meta.labels } },
        spec: {
          serviceAccountName: meta.name,
          ...pullSecrets(config),
          automountServiceAccountToken: true,
          ...placement(config.opencost),
          securityContext: restrictedPod(opencostUser, { fsGroup: opencostUser }),
          containers: [container],
          volumes: [{ name: 'configs', emptyDir: { sizeLimit: '100Mi' } }],
        },
      },
    },
  };
  return {
    ...identity,
    deployment,
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
