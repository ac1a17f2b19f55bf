// Alloy for metrics: a clustered StatefulSet. Replicas shard the scrape targets among themselves
// (gossip through the headless Service), and each keeps its WAL on its own volume, so a restart
// replays buffered samples instead of dropping them.
import type { Config } from '../config/config.gen.ts';
import { clusterServiceName } from '../config/names.ts';
import type { ConfigMap, HorizontalPodAutoscaler, NetworkPolicy, PodDisruptionBudget, Service, StatefulSet } from '../k8s/types.gen.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { alloyHttp } from './ports.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyUser, restrictedContainer, restrictedPod } from './security.ts';


export interface AlloyMetrics extends Rbac {
  configMap: ConfigMap;
  service: Service;
  clusterService: Service;
  statefulSet: StatefulSet;
  podDisruptionBudget?: PodDisruptionBudget;
  horizontalPodAutoscaler?: HorizontalPodAutoscaler;
  networkPolicy?: NetworkPolicy;
}

export function alloyMetrics(config: Config, input: AlloyInput): AlloyMetrics {
  const settings = config.alloyMetrics;
  const autoscaling = settings.autoscaling.enabled ? settings.autoscaling : undefined;
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config, 'alloyMetrics', 'metrics-collector', image);
  const { meta, selector } = workload;
  const clusterName = clusterServiceName(config, 'alloyMetrics');
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files, input.dataFiles);
  const container = alloyContainer({
    image,
    args: alloyArgs(input, [
      '--cluster.enabled=true',
      `--cluster.join-addresses=${clusterName}`,
      `--cluster.name=${meta.name}`,
    ]),
    env: secretEnvVars(input.secretEnv),
    storage: { name: 'storage', mountPath: storageDir },
    resources: settings.resources,
    defaultResources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } },
    securityContext: restrictedContainer(alloyUser),
  });
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: restrictedPod(alloyUser, { fsGroup: alloyUser }),
    volumes: [],
    placement: config.alloyMetrics,
    // Spread replicas over nodes and zones, so losing one takes only its share of the targets.
    scheduling: {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...selector } } } },
          ],
        },
      },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...selector } } },
      ],
    },
  });

  const statefulSet: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: namespaced(meta),
    spec: {
      // With an autoscaler the count is its to set: a fixed one here would be reset by every apply.
      ...(autoscaling === undefined ? { replicas: settings.replicas } : {}),
      // The governing Service must be headless to give the pods DNS names.
      serviceName: clusterName,
      // Peers start together and join the cluster as they come, as the Alloy chart does.
      podManagementPolicy: 'Parallel',
      minReadySeconds: 10,
      selector: { matchLabels: { ...selector } },
      template,
      // Immutable once created: changing the size or class later needs the StatefulSet recreated.
      volumeClaimTemplates: [{
        metadata: { name: 'storage', labels: { ...selector } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: settings.storageSize } },
          ...(settings.storageClassName === undefined ? {} : { storageClassName: settings.storageClassName }),
        },
      }],
    },
  };
  const servicePort = { protocol: 'TCP', port: alloyHttp.port, targetPort: alloyHttp.name };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta),
    spec: { selector: { ...selector }, ports: [{ name: alloyHttp.name, ...servicePort }] },
  };
  // The headless Service peers find each other through; its port must not be named *-metrics, or it is scraped twice.
  const clusterService: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta, clusterName),
    spec: {
      clusterIP: 'None',
      // A starting pod must find its peers before it is ready, so not-ready pods are listed too.
      publishNotReadyAddresses: true,
      selector: { ...selector },
      ports: [{ name: 'http', ...servicePort }],
    },
  };
  return {
    ...identity,
    configMap,
    service,
    clusterService,
    statefulSet,
    ...(autoscaling === undefined ? {} : { horizontalPodAutoscaler: autoscaler(meta.name, namespaced(meta), autoscaling) }),
    ...((autoscaling?.minReplicas ?? settings.replicas) > 1
      ? { podDisruptionBudget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: namespaced(meta), spec: { maxUnavailable: 1, selector: { matchLabels: { ...selector } } } } satisfies PodDisruptionBudget }
      : {}),
    // Ingress only from Alloy pods on 12345: cluster gossip between peers and self-scrape.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}

/**
 * Scales on memory first: a collector's memory grows with the series it holds, and clustering moves series to a new
 * replica as it joins. Scale-down waits 10 minutes, so a brief dip does not re-shard the targets back and forth.
 */
function autoscaler(name: string, metadata: HorizontalPodAutoscaler['metadata'], settings: Config['alloyMetrics']['autoscaling']): HorizontalPodAutoscaler {
  const utilization = (resource: 'memory' | 'cpu', averageUtilization: number) => ({
    type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name },
      minReplicas: settings.minReplicas,
      maxReplicas: settings.maxReplicas,
      metrics: [
        utilization('memory', settings.targetMemoryUtilization),
        ...(settings.targetCPUUtilization === undefined ? [] : [utilization('cpu', settings.targetCPUUtilization)]),
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
    },
  };
}
