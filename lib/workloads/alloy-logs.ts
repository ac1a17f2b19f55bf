// Alloy for logs: a DaemonSet, one pod per node, reading that node's log files from host paths.
// Not clustered: each pod owns its node's files, so there is nothing to share.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, DaemonSet, NetworkPolicy, Volume, VolumeMount } from '../k8s/types.gen.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, nodeNameEnv, secretEnvVars, storageDir, type AlloyNodeInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { rbac, type Rbac } from './rbac.ts';
import { hostLogReaderContainer, hostLogReaderPod } from './security.ts';

export const alloyLogsName = 'alloy-logs';

export interface AlloyLogs extends Rbac {
  configMap: ConfigMap;
  daemonSet: DaemonSet;
  networkPolicy?: NetworkPolicy;
}

export function alloyLogs(config: Config, input: AlloyNodeInput): AlloyLogs {
  const settings = config.alloyLogs;
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config.namespace, alloyLogsName, 'log-collector', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads);
  const configMap = alloyConfigMap(meta, input.files);

  const reserved = new Set(['config', 'storage']);
  const hostVolumes: Volume[] = [];
  const hostVolumeMounts: VolumeMount[] = [];
  for (const mount of input.hostMounts) {
    if (reserved.has(mount.name)) throw new Error(`${alloyLogsName}: host mount name "${mount.name}" is already used (by ${mount.name === 'config' ? 'the ConfigMap' : 'the storage'} volume); rename the mount`);
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
