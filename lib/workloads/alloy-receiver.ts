// Alloy for application telemetry (alloy-receiver): applications push OTLP, Jaeger or Zipkin data to its
// Service. A Deployment by default: receiving is stateless, so replicas behind one Service scale with the
// senders. A DaemonSet on request, so each node's senders have a receiver on their node (the Service's
// internalTrafficPolicy: Local keeps their traffic there). Storage is an emptyDir: the receiver keeps
// nothing but Alloy's own data across container restarts.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, DaemonSet, Deployment, NetworkPolicy, Service } from '../k8s/types.gen.ts';
import { receiverPorts } from '../pipelines/traces/receiver-ports.ts';
import { receiverDefaultResources } from '../pipelines/traces/receiver-resources.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { alloyHttp } from './ports.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyUser, restrictedContainer, restrictedPod } from './security.ts';


export interface AlloyReceiver extends Rbac {
  configMap: ConfigMap;
  deployment?: Deployment;
  daemonSet?: DaemonSet;
  service: Service;
  networkPolicy?: NetworkPolicy;
}

export function alloyReceiver(config: Config, input: AlloyInput): AlloyReceiver {
  const r = config.receiver;
  const image = imageFor(config, 'alloy', r.image);
  const workload = alloyWorkload(config, 'alloyReceiver', 'receiver', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  const ports = receiverPorts(config);
  const base = alloyContainer({
    image,
    args: alloyArgs(input),
    env: secretEnvVars(input.secretEnv),
    storage: { name: 'storage', mountPath: storageDir },
    resources: r.resources,
    // memory_limiter is sized from the same limit (lib/pipelines/traces/receiver.ts).
    defaultResources: receiverDefaultResources,
    securityContext: restrictedContainer(alloyUser),
  });
  const container = { ...base, ports: [...base.ports!, ...ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol }))] };
  const template = alloyPodTemplate({
    ...pullSecrets(config),
    workload,
    configMap,
    container,
    automountToken: identity.serviceAccount.automountServiceAccountToken!,
    securityContext: restrictedPod(alloyUser, { fsGroup: alloyUser }),
    volumes: [{ name: 'storage', emptyDir: { sizeLimit: '1Gi' } }],
  });
  const spec = { selector: { matchLabels: { ...selector } }, template };
  const workloadObject = r.kind === 'DaemonSet'
    ? { daemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: namespaced(meta), spec } satisfies DaemonSet }
    : { deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: namespaced(meta), spec: { replicas: r.replicas, ...spec } } satisfies Deployment };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta),
    spec: {
      selector: { ...selector },
      ...(r.kind === 'DaemonSet' ? { internalTrafficPolicy: 'Local' } : {}),
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol })),
    },
  };
  let networkPolicy: NetworkPolicy | undefined;
  if (config.networkPolicies) {
    // Alloy's own port only from Alloy pods (self-scrape), as for every Alloy; the receiver ports from
    // any pod in the cluster: the senders are applications, in namespaces this stack does not know.
    const policy = ingressFromAlloy(meta, selector, [{ ...base, ports: [{ name: alloyHttp.name, containerPort: alloyHttp.port, protocol: 'TCP' }] }]);
    networkPolicy = {
      ...policy,
      spec: {
        ...policy.spec!,
        ingress: [
          ...policy.spec!.ingress!,
          { from: [{ namespaceSelector: {} }], ports: ports.map((p) => ({ protocol: p.protocol, port: p.port })) },
        ],
      },
    };
  }
  return { ...identity, configMap, ...workloadObject, service, ...(networkPolicy === undefined ? {} : { networkPolicy }) };
}
