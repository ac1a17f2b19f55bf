// kube-state-metrics: metrics about Kubernetes objects, read from the API. One replica by default: it
// holds no state, and every replica reports every object. More (`replicas`) are for availability: the
// pipeline then scrapes the Service, one target, so their series are stored once.
import { placement } from './placement.ts';
import type { Config } from '../config/config.gen.ts';
import type { Container, Deployment, NetworkPolicy, PodDisruptionBudget, PodTemplateSpec, Role, RoleBinding, Service, StatefulSet } from '../k8s/types.gen.ts';
import type { RbacRule } from '../pipelines/alloy-config.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced, workloadMeta } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { kubeStateMetricsHttp, kubeStateMetricsName, kubeStateMetricsTelemetry } from './ports.ts';
import { rbac, type Rbac } from './rbac.ts';
import { resources } from './resources.ts';
import { nobody, restrictedContainer, restrictedPod } from './security.ts';
import { kubeStateMetricsNamespaces } from '../pipelines/metrics/kube-state-metrics.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';

export interface KubeStateMetrics extends Rbac {
  service: Service;
  /** One of the two: a Deployment, or with autosharding a StatefulSet (a shard is its pod's ordinal). */
  deployment?: Deployment;
  statefulSet?: StatefulSet;
  /** autosharding: reading its own pod and StatefulSet, in its namespace only, to find its shard. */
  shardRole?: Role;
  shardRoleBinding?: RoleBinding;
  /** With more than one replica: a drain takes them one at a time, so one always answers. */
  podDisruptionBudget?: PodDisruptionBudget;
  networkPolicy?: NetworkPolicy;
}

/**
 * The resources it reports, by API group: kube-state-metrics' default set minus `secrets`.
 * Listing Secrets hands the pod every Secret's value in the cluster, for a few info metrics
 * nobody alerts on; add it back with an override of both the rule and --resources if needed.
 * The same list feeds the ClusterRole and --resources, so they cannot drift apart.
 */
export const reportedResources: Readonly<Record<string, readonly string[]>> = {
  '': ['configmaps', 'endpoints', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'replicationcontrollers', 'resourcequotas', 'services'],
  'admissionregistration.k8s.io': ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
  apps: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  autoscaling: ['horizontalpodautoscalers'],
  batch: ['cronjobs', 'jobs'],
  'certificates.k8s.io': ['certificatesigningrequests'],
  'coordination.k8s.io': ['leases'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  policy: ['poddisruptionbudgets'],
  'storage.k8s.io': ['storageclasses', 'volumeattachments'],
};

// Cluster-scoped among them: rbac.mode namespaced cannot grant them (Roles grant namespaced objects only).
const clusterScopedResources: ReadonlySet<string> = new Set([
  'namespaces', 'nodes', 'persistentvolumes', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'certificatesigningrequests', 'storageclasses', 'volumeattachments',
]);

/** What it reports: everything, or with rbac.mode namespaced the namespaced resources only. */
function reported(namespaced: boolean): [string, string[]][] {
  return Object.entries(reportedResources)
    .map(([group, resources]): [string, string[]] => [group, resources.filter((r) => !namespaced || !clusterScopedResources.has(r))])
    .filter(([, resources]) => resources.length > 0);
}

const rulesOf = (resources: [string, string[]][]): RbacRule[] =>
  resources.map(([group, list]) => ({ apiGroups: [group], resources: [...list], verbs: ['list', 'watch'] }));

export const kubeStateMetricsRules: RbacRule[] = rulesOf(reported(false));

/** `--resources`: the same resources, sorted. */
const resourcesFlag = (resources: [string, string[]][]) => `--resources=${resources.flatMap(([, list]) => list).sort().join(',')}`;

export function kubeStateMetrics(config: Config): KubeStateMetrics {
  const image = imageFor(config, 'kubeStateMetrics', config.kubeStateMetrics.image);
  const { meta, selector } = workloadMeta(config, 'kubeStateMetrics', { name: kubeStateMetricsName, component: 'exporter', image });
  // rbac.mode namespaced: Roles in the watched namespaces, the namespaced objects of those namespaces only.
  const watched = watchedNamespaces(config);
  const reports = reported(watched !== undefined);
  const identity = rbac(meta, rulesOf(reports), [], watched);
  const sharded = config.kubeStateMetrics.autosharding;
  const filter = kubeStateMetricsNamespaces(config);

  const container: Container = {
    name: 'kube-state-metrics',
    image,
    imagePullPolicy: 'IfNotPresent',
    args: [
      `--port=${kubeStateMetricsHttp.port}`,
      `--telemetry-port=${kubeStateMetricsTelemetry.port}`,
      resourcesFlag(reports),
      ...namespaceFlags(watched === undefined || filter.include.length > 0 ? filter : { include: watched, exclude: [] }),
      // Autosharding: the pod finds its ordinal and the replica count from its own pod and StatefulSet.
      ...(sharded ? ['--pod=$(POD_NAME)', '--pod-namespace=$(POD_NAMESPACE)'] : []),
    ],
    ...(sharded ? { env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    ] } : {}),
    ports: [
      { name: kubeStateMetricsHttp.name, containerPort: kubeStateMetricsHttp.port, protocol: 'TCP' },
      { name: kubeStateMetricsTelemetry.name, containerPort: kubeStateMetricsTelemetry.port, protocol: 'TCP' },
    ],
    livenessProbe: { httpGet: { path: '/livez', port: kubeStateMetricsHttp.name }, initialDelaySeconds: 5, timeoutSeconds: 5 },
    readinessProbe: { httpGet: { path: '/readyz', port: kubeStateMetricsTelemetry.name }, initialDelaySeconds: 5, timeoutSeconds: 5 },
    resources: resources(config.kubeStateMetrics.resources, { requests: { cpu: '10m', memory: '190Mi' }, limits: { memory: '250Mi' } }),
    securityContext: restrictedContainer(nobody),
  };
  const template: PodTemplateSpec = {
    metadata: { labels: { ...meta.labels } },
    spec: {
      serviceAccountName: meta.name,
      ...pullSecrets(config),
      automountServiceAccountToken: true,
      ...placement(config.kubeStateMetrics),
      securityContext: restrictedPod(nobody),
      containers: [container],
    },
  };
  const replicas = config.kubeStateMetrics.replicas;
  const controller = sharded
    ? { statefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: namespaced(meta), spec: { replicas, serviceName: meta.name, selector: { matchLabels: { ...selector } }, template } } satisfies StatefulSet }
    : { deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: namespaced(meta), spec: { replicas, selector: { matchLabels: { ...selector } }, template } } satisfies Deployment };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta),
    spec: {
      selector: { ...selector },
      ports: [kubeStateMetricsHttp, kubeStateMetricsTelemetry].map((p) => ({ name: p.name, protocol: 'TCP', port: p.port, targetPort: p.name })),
    },
  };
  return {
    ...identity,
    service,
    ...controller,
    ...(sharded ? shardIdentity(meta) : {}),
    ...(config.kubeStateMetrics.replicas > 1
      ? { podDisruptionBudget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: namespaced(meta), spec: { maxUnavailable: 1, selector: { matchLabels: { ...selector } } } } satisfies PodDisruptionBudget }
      : {}),
    // Ingress only from Alloy pods, on both ports (metrics and its own telemetry).
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}

/**
 * kube-state-metrics' own namespace flags: --namespaces for an include list (the config check keeps exclude out of it), else
 * --namespaces-denylist. Cluster-scoped objects (nodes, PersistentVolumes) are reported either way.
 */
function namespaceFlags(filter: { include: readonly string[]; exclude: readonly string[] }): string[] {
  if (filter.include.length > 0) return [`--namespaces=${filter.include.join(',')}`];
  return filter.exclude.length > 0 ? [`--namespaces-denylist=${filter.exclude.join(',')}`] : [];
}

/** Exactly what autosharding reads: get on its own StatefulSet and on pods, in its namespace (kube-state-metrics' docs). */
function shardIdentity(meta: Parameters<typeof namespaced>[0]): { shardRole: Role; shardRoleBinding: RoleBinding } {
  const metadata = namespaced(meta, `${meta.name}-shard`);
  return {
    shardRole: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata,
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [meta.name], verbs: ['get'] },
      ],
    },
    shardRoleBinding: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: namespaced(meta, `${meta.name}-shard`),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name! },
      subjects: [{ kind: 'ServiceAccount', name: meta.name, namespace: meta.namespace }],
    },
  };
}
