// Alloy for Kubernetes events: a single pod. Two running at once would send every event twice,
// so the Deployment replaces its pod (Recreate) instead of rolling. Storage is an emptyDir: it
// survives container restarts; a new pod may re-send the events the API still holds (1h default),
// which is cheaper than a volume that pins the pod to one zone.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, Deployment, NetworkPolicy } from '../k8s/types.gen.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyUser, restrictedContainer, restrictedPod } from './security.ts';


export interface AlloyEvents extends Rbac {
  configMap: ConfigMap;
  deployment: Deployment;
  networkPolicy?: NetworkPolicy;
}

export function alloyEvents(config: Config, input: AlloyInput): AlloyEvents {
  // The logs settings: events are log lines, and the environment has no separate events workload.
  const image = imageFor(config, 'alloy', config.alloyLogs.image);
  const workload = alloyWorkload(config, 'alloyEvents', 'event-collector', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  const container = alloyContainer({
    image,
    args: alloyArgs(input),
    env: secretEnvVars(input.secretEnv),
    storage: { name: 'storage', mountPath: storageDir },
    resources: undefined,
    defaultResources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '256Mi' } },
    securityContext: restrictedContainer(alloyUser),
  });
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: restrictedPod(alloyUser, { fsGroup: alloyUser }),
    volumes: [{ name: 'storage', emptyDir: { sizeLimit: '1Gi' } }],
  });
  const deployment: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: namespaced(meta),
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { ...selector } },
      template,
    },
  };
  return {
    ...identity,
    configMap,
    deployment,
    // Ingress only from Alloy pods on 12345: alloy-metrics scrapes every Alloy.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
