// Alloy running Beyla (alloy-beyla): a DaemonSet, since eBPF instruments only its own node's processes.
// Its own workload rather than a part of alloy-profiles: Beyla needs NET_RAW (and NET_ADMIN with context
// propagation) and an Unconfined AppArmor profile, which profiling does not, and the profiler's SYS_ADMIN
// and SETUID are nothing Beyla needs; sharing a pod would give each the other's privileges. Rendered only
// when beyla.enabled.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, DaemonSet, NetworkPolicy } from '../k8s/types.gen.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, nodeNameEnv, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { beylaPrivileges } from './beyla-privileges.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { appArmorAnnotation, beylaContainer, profilerPod, servesAppArmorField } from './security.ts';


export interface AlloyBeyla extends Rbac {
  configMap: ConfigMap;
  daemonSet: DaemonSet;
  networkPolicy?: NetworkPolicy;
}

export function alloyBeyla(config: Config, input: AlloyInput): AlloyBeyla {
  const settings = config.beyla;
  const privileges = beylaPrivileges(config);
  const image = imageFor(config, 'alloy', settings.image);
  const workload = alloyWorkload(config, 'alloyBeyla', 'auto-instrumentation', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  const container = alloyContainer({
    image,
    args: alloyArgs(input),
    // Beyla keeps to this node's pods by the node name.
    env: [nodeNameEnv('HOSTNAME'), nodeNameEnv('BEYLA_KUBE_NODE_NAME'), ...secretEnvVars(input.secretEnv)],
    storage: { name: 'storage', mountPath: storageDir },
    // Beyla unpacks its eBPF objects under /tmp; the root filesystem stays read-only.
    extraMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    resources: settings.resources,
    defaultResources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
    securityContext: beylaContainer(privileges.capabilities, servesAppArmorField(config.kubernetesVersion)),
  });
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: profilerPod(),
    volumes: [{ name: 'storage', emptyDir: { sizeLimit: '1Gi' } }, { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
    // Every node runs services to instrument, tainted or not.
    scheduling: { tolerations: [{ operator: 'Exists' }] },
  });
  // EXCEPTION: the host's PID namespace, to see and instrument other pods' processes.
  template.spec!.hostPID = true;
  if (!servesAppArmorField(config.kubernetesVersion)) template.metadata!.annotations![appArmorAnnotation(container.name)] = 'unconfined';
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
