// The tail-sampling tier (alloy-sampler): a Deployment behind a headless Service, so the receiver
// tier's otelcol.exporter.loadbalancing resolves every pod and sends all spans of one trace to the same
// one. Stateless apart from the traces awaiting a decision (decisionWait), which a restart loses: a
// volume would not help, the spans would be incomplete anyway.
import type { Config } from '../config/config.gen.ts';
import type { ConfigMap, Deployment, NetworkPolicy, Service } from '../k8s/types.gen.ts';
import { samplerPort } from '../pipelines/traces/sampling.ts';
import { alloyArgs, alloyConfigMap, alloyContainer, alloyPodTemplate, alloyWorkload, secretEnvVars, storageDir, type AlloyInput } from './alloy-pod.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { watchedNamespaces } from '../config/namespaced-rbac.ts';
import { rbac, type Rbac } from './rbac.ts';
import { alloyUser, restrictedContainer, restrictedPod } from './security.ts';

export interface AlloySampler extends Rbac {
  configMap: ConfigMap;
  deployment: Deployment;
  service: Service;
  networkPolicy?: NetworkPolicy;
}

export function alloySampler(config: Config, input: AlloyInput): AlloySampler {
  const ts = config.receiver.tailSampling;
  const image = imageFor(config, 'alloy', config.receiver.image);
  const workload = alloyWorkload(config, 'alloySampler', 'sampler', image);
  const { meta, selector } = workload;
  const identity = rbac(meta, input.rbac, input.secretReads, watchedNamespaces(config));
  const configMap = alloyConfigMap(meta, input.files);
  const base = alloyContainer({
    image,
    args: alloyArgs(input),
    env: secretEnvVars(input.secretEnv),
    storage: { name: 'storage', mountPath: storageDir },
    resources: ts.resources,
    // Traces wait in memory for decisionWait: memory is the cost of sampling.
    defaultResources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } },
    securityContext: restrictedContainer(alloyUser),
  });
  const container = { ...base, ports: [...base.ports!, { name: 'otlp-grpc', containerPort: samplerPort, protocol: 'TCP' }] };
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
    spec: { replicas: ts.replicas, selector: { matchLabels: { ...selector } }, template },
  };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta),
    // Headless: DNS answers with every ready pod, which the load-balancing exporter hashes trace IDs over.
    spec: { clusterIP: 'None', selector: { ...selector }, ports: [{ name: 'otlp-grpc', port: samplerPort, targetPort: 'otlp-grpc', protocol: 'TCP' }] },
  };
  return {
    ...identity,
    configMap,
    deployment,
    service,
    // Only Alloy pods (the receiver tier, and self-scrape on 12345) may connect.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
