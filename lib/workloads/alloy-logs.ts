// Alloy for logs. logs.gather files: a DaemonSet, one pod per node, reading that node's log files from
// host paths; not clustered, each pod owns its node's files. logs.gather kubernetesApi: a clustered
// StatefulSet that reads logs through the API server, with no host access at all; each replica keeps its
// read positions on its own volume, so a restart resumes instead of re-sending.
import type { Config } from '../config/config.gen.ts';
import { clusterServiceName } from '../config/names.ts';
import type { ConfigMap, DaemonSet, NetworkPolicy, PodDisruptionBudget, Service, StatefulSet, Volume, VolumeMount } from '../k8s/types.gen.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, nodeNameEnv, secretEnvVars, storageDir, type AlloyNodeInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyHttp } from './ports.ts';
import { alloyUser, hostLogReaderContainer, hostLogReaderPod, restrictedContainer, restrictedPod } from './security.ts';


export interface AlloyLogs extends Rbac {
  configMap: ConfigMap;
  daemonSet?: DaemonSet;
  statefulSet?: StatefulSet;
  clusterService?: Service;
  podDisruptionBudget?: PodDisruptionBudget;
  networkPolicy?: NetworkPolicy;
}

export function alloyLogs(config: Config, input: AlloyNodeInput): AlloyLogs {
  return config.logs.gather === 'kubernetesApi' ? clusteredLogs(config, input) : nodeLocalLogs(config, input);
}

function clusteredLogs(config: Config, input: AlloyNodeInput): AlloyLogs {
  const settings = config.alloyLogs;
  if (input.hostMounts.length > 0) throw new Error(`alloy-logs: logs.gather kubernetesApi has no host access, but a pipeline mounts ${input.hostMounts.map((m) => m.path).join(', ')}`);
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config, 'alloyLogs', 'log-collector', image);
  const { meta, selector } = workload;
  const clusterName = clusterServiceName(config, 'alloyLogs');
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  const container = alloyContainer({
    image,
    args: alloyArgs(input, ['--cluster.enabled=true', `--cluster.join-addresses=${clusterName}`, `--cluster.name=${meta.name}`]),
    env: secretEnvVars(input.secretEnv),
    storage: { name: 'storage', mountPath: storageDir },
    resources: settings.resources,
    defaultResources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '1Gi' } },
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
    // Replicas on different nodes, so one node going away takes only its share of the pods' logs.
    scheduling: {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...selector } } } },
          ],
        },
      },
    },
  });
  const statefulSet: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: namespaced(meta),
    spec: {
      replicas: settings.replicas,
      serviceName: clusterName,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { ...selector } },
      template,
      volumeClaimTemplates: [{
        metadata: { name: 'storage', labels: { ...selector } },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: settings.storageSize } } },
      }],
    },
  };
  const clusterService: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta, clusterName),
    spec: {
      clusterIP: 'None',
      // A starting pod must find its peers before it is ready.
      publishNotReadyAddresses: true,
      selector: { ...selector },
      ports: [{ name: 'http', protocol: 'TCP', port: alloyHttp.port, targetPort: alloyHttp.name }],
    },
  };
  return {
    ...identity,
    configMap,
    statefulSet,
    clusterService,
    ...(settings.replicas > 1
      ? { podDisruptionBudget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: namespaced(meta), spec: { maxUnavailable: 1, selector: { matchLabels: { ...selector } } } } satisfies PodDisruptionBudget }
      : {}),
    // Ingress only from Alloy pods on 12345: cluster gossip between peers and self-scrape.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}

function nodeLocalLogs(config: Config, input: AlloyNodeInput): AlloyLogs {
  const settings = config.alloyLogs;
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config, 'alloyLogs', 'log-collector', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);

  const reserved = new Set(['config', 'storage']);
  const hostVolumes: Volume[] = [];
  const hostVolumeMounts: VolumeMount[] = [];
  for (const mount of input.hostMounts) {
    if (reserved.has(mount.name)) throw new Error(`${meta.name}: host mount name "${mount.name}" is already used (by ${mount.name === 'config' ? 'the ConfigMap' : 'the storage'} volume); rename the mount`);
    reserved.add(mount.name);
    // No hostPath type: a directory missing on some nodes (e.g. /var/log/journal) must not keep the pod from starting.
    hostVolumes.push({ name: mount.name, hostPath: { path: mount.path } });
    hostVolumeMounts.push({ name: mount.name, mountPath: mount.path, readOnly: true });
  }

  const container = alloyContainer({
    image,
    args: alloyArgs(input),
    // The node's name: pipelines keep only this node's pods. HOSTNAME is what the Alloy chart sets.
    env: [nodeNameEnv('HOSTNAME'), nodeNameEnv('K8S_NODE_NAME'), ...secretEnvVars(input.secretEnv)],
    storage: { name: 'storage', mountPath: storageDir },
    extraMounts: hostVolumeMounts,
    resources: settings.resources,
    defaultResources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '1Gi' } },
    securityContext: hostLogReaderContainer(),
  });
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: hostLogReaderPod(),
    volumes: [
      // File positions live on the node, so a restart or upgrade resumes where it stopped
      // instead of re-sending or skipping logs.
      { name: 'storage', hostPath: { path: settings.storagePath, type: 'DirectoryOrCreate' } },
      ...hostVolumes,
    ],
    // Every node has logs, tainted or not.
    scheduling: { tolerations: [{ operator: 'Exists' }] },
  });

  const daemonSet: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: namespaced(meta),
    spec: {
      selector: { matchLabels: { ...selector } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template,
    },
  };
  return {
    ...identity,
    configMap,
    daemonSet,
    // Ingress only from Alloy pods on 12345: alloy-metrics scrapes every Alloy.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
