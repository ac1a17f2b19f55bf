// Alloy for continuous profiling (alloy-profiles): a DaemonSet, since eBPF and Java profiling see only
// their own node's processes, and pprof endpoints are scraped by their node's pod. Rendered only when a
// profiling source is on; its privileges are the union of what the enabled sources declare
// (profiler-privileges.ts): with pprof alone it is an unprivileged, non-root pod like the others.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, DaemonSet, NetworkPolicy, Volume, VolumeMount } from '../k8s/types.gen.ts';
import { profilingSources } from '../pipelines/profiles/index.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, nodeNameEnv, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { needsHostAccess, privilegesOf, type Privileges } from './profiler-privileges.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyUser, profilerContainer, profilerPod, restrictedContainer, restrictedPod } from './security.ts';


export interface AlloyProfiles extends Rbac {
  configMap: ConfigMap;
  daemonSet: DaemonSet;
  networkPolicy?: NetworkPolicy;
}

/** `host-sys-kernel-tracing` for `/sys/kernel/tracing`: a volume name from a host path. */
const hostVolumeName = (path: string): string => `host${path.replace(/[^a-z0-9]+/g, '-')}`;

/** The privileges of the profiles pod for this environment. */
export function profilesPrivileges(config: Config): Privileges {
  return privilegesOf(profilingSources(config));
}

export function alloyProfiles(config: Config, input: AlloyInput): AlloyProfiles {
  const settings = config.profiling;
  const privileges = profilesPrivileges(config);
  const privileged = needsHostAccess(privileges);
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config, 'alloyProfiles', 'profiler', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  // No hostPath type: a kernel without tracefs there must not keep the pod from starting.
  const hostVolumes: Volume[] = privileges.hostPaths.map((path) => ({ name: hostVolumeName(path), hostPath: { path } }));
  const hostMounts: VolumeMount[] = privileges.hostPaths.map((path) => ({ name: hostVolumeName(path), mountPath: path, readOnly: true }));
  const container = alloyContainer({
    image,
    args: alloyArgs(input),
    // The node's name: the pod watch keeps only this node's pods.
    env: [nodeNameEnv('HOSTNAME'), ...secretEnvVars(input.secretEnv)],
    storage: { name: 'storage', mountPath: storageDir },
    // /tmp: pyroscope.ebpf keeps its symbol cache there and pyroscope.java unpacks async-profiler there;
    // the root filesystem stays read-only.
    extraMounts: [{ name: 'tmp', mountPath: '/tmp' }, ...hostMounts],
    resources: settings.resources,
    // The eBPF symbol cache and the profiles waiting to be sent are held in memory.
    defaultResources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    securityContext: privileged ? profilerContainer(privileges.capabilities) : restrictedContainer(alloyUser),
  });
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: privileged ? profilerPod() : restrictedPod(alloyUser, { fsGroup: alloyUser }),
    volumes: [{ name: 'storage', emptyDir: { sizeLimit: '1Gi' } }, { name: 'tmp', emptyDir: { sizeLimit: '2Gi' } }, ...hostVolumes],
    // Every node runs workloads to profile, tainted or not.
    scheduling: { tolerations: [{ operator: 'Exists' }] },
  });
  // EXCEPTION: the host's PID namespace, only for a source that profiles other pods' processes (eBPF, Java).
  if (privileges.hostPID) template.spec!.hostPID = true;
  const daemonSet: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: namespaced(meta),
    spec: { selector: { matchLabels: { ...selector } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template },
  };
  return {
    ...identity,
    configMap,
    daemonSet,
    // Ingress only from Alloy pods on 12345: alloy-metrics scrapes every Alloy.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
