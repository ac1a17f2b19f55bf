// What the three Alloy workloads (metrics, logs, events) share: the ConfigMap of .alloy files,
// the `alloy run` arguments, the container and the pod template around it.
import { placement, type PlacementSettings } from './placement.ts';
import type { ConfigMap, Container, EnvVar, PodSecurityContext, PodSpec, PodTemplateSpec, SecurityContext, Volume, VolumeMount } from '../k8s/types.gen.ts';
import type { HostMount, RbacRule, SecretEnv, SecretRead } from '../pipelines/alloy-config.ts';
import type { Config, Resources } from '../config/config.gen.ts';
import type { Stability } from '../alloy/catalogue/types.ts';
import { checksumAnnotation, configChecksum } from './checksum.ts';
import type { Labels } from './labels.ts';
import { namespaced, workloadMeta, type WorkloadMeta } from './meta.ts';
import type { Part } from '../config/names.ts';
import { alloyHttp, alloyName } from './ports.ts';
import { resources } from './resources.ts';

/** What the pipelines of one Alloy workload hand over: printed .alloy files and their needs. */
export interface AlloyInput {
  /** File name (`kubelet.alloy`) -> printed Alloy text. */
  files: Readonly<Record<string, string>>;
  rbac: readonly RbacRule[];
  secretEnv: readonly SecretEnv[];
  /** The lowest stability level its components need; absent: generally-available. */
  stability?: Stability;
  /** It uses a community component. */
  community?: boolean;
  /** Secrets in other namespaces its destinations read with remote.kubernetes.secret. */
  secretReads?: readonly SecretRead[];
  /** Data files a component reads from the config directory (`self-reporting.prom`). */
  dataFiles?: Readonly<Record<string, string>>;
}

/** A node-local Alloy also reads host directories. */
export interface AlloyNodeInput extends AlloyInput {
  hostMounts: readonly HostMount[];
}

export const configDir = '/etc/alloy';
/** Where Alloy keeps its WAL and file positions; each workload puts a volume here. */
export const storageDir = '/var/lib/alloy/data';

/** An Alloy workload's name, labels and selector. */
export interface AlloyWorkload {
  meta: WorkloadMeta;
  selector: Labels;
}

export function alloyWorkload(config: Pick<Config, 'namespace' | 'instance' | 'names'>, part: Part, component: string, image: string): AlloyWorkload {
  return workloadMeta(config, part, { name: alloyName, component, image });
}

// `alloy run <dir>` loads only top-level *.alloy files, and ConfigMap keys allow only [-._a-zA-Z0-9].
const fileName = /^[-._a-zA-Z0-9]+\.alloy$/;

// Data files: metrics in the text format, which prometheus.exporter.unix's textfile collector reads.
const dataFileName = /^[-._a-zA-Z0-9]+\.prom$/;

/** The ConfigMap Alloy runs as a directory, one file per concern, keys sorted; data files beside them. */
export function alloyConfigMap(meta: WorkloadMeta, files: AlloyInput['files'], dataFiles: AlloyInput['dataFiles'] = {}): ConfigMap {
  const data: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) {
    if (!fileName.test(name)) throw new Error(`${meta.name}: "${name}" cannot be an Alloy config file: Alloy loads only *.alloy files, named with letters, digits, '-', '_' and '.'`);
    data[name] = files[name]!;
  }
  for (const name of Object.keys(dataFiles)) {
    if (!dataFileName.test(name) || name in data) throw new Error(`${meta.name}: "${name}" cannot be a data file beside the config: only *.prom files, not named as a config file`);
  }
  const all: Record<string, string> = { ...data, ...dataFiles };
  const sorted = Object.fromEntries(Object.keys(all).sort().map((name) => [name, all[name]!]));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: namespaced(meta), data: sorted };
}

/**
 * `alloy run` on the config directory; `extra` (clustering flags) goes before the fixed tail. The stability
 * level is the lowest the config's components need (Alloy refuses to load one below it), and community
 * components need their own flag.
 */
export function alloyArgs(input: Pick<AlloyInput, 'stability' | 'community'>, extra: readonly string[] = []): string[] {
  return [
    'run',
    configDir,
    `--storage.path=${storageDir}`,
    `--server.http.listen-addr=0.0.0.0:${alloyHttp.port}`,
    ...extra,
    '--disable-reporting',
    `--stability.level=${input.stability ?? 'generally-available'}`,
    ...(input.community ? ['--feature.community-components.enabled=true'] : []),
  ];
}

/** Credentials come in by reference only: the Secret's key, never its value. */
export function secretEnvVars(secretEnv: readonly SecretEnv[]): EnvVar[] {
  return secretEnv.map((env) => ({ name: env.name, valueFrom: { secretKeyRef: { name: env.secret, key: env.key } } }));
}

/** The node's name, for node-local pipelines that keep only their node's pods and files. */
export function nodeNameEnv(name: string): EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
}

export interface AlloyContainerOptions {
  image: string;
  args: string[];
  env: EnvVar[];
  storage: VolumeMount;
  extraMounts?: VolumeMount[];
  resources: Resources | undefined;
  defaultResources: Resources;
  securityContext: SecurityContext;
}

export function alloyContainer(options: AlloyContainerOptions): Container {
  return {
    name: 'alloy',
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    args: options.args,
    ...(options.env.length === 0 ? {} : { env: options.env }),
    ports: [{ name: alloyHttp.name, containerPort: alloyHttp.port, protocol: 'TCP' }],
    // /-/ready answers 200 once the first config has loaded. No liveness probe: Alloy's docs
    // warn against /-/healthy for it (one unhealthy component would restart everything).
    readinessProbe: { httpGet: { path: '/-/ready', port: alloyHttp.name }, initialDelaySeconds: 10, timeoutSeconds: 1 },
    resources: resources(options.resources, options.defaultResources),
    securityContext: options.securityContext,
    volumeMounts: [{ name: 'config', mountPath: configDir, readOnly: true }, options.storage, ...(options.extraMounts ?? [])],
  };
}

export interface AlloyPodOptions {
  workload: AlloyWorkload;
  configMap: ConfigMap;
  container: Container;
  automountToken: boolean;
  securityContext: PodSecurityContext;
  volumes: Volume[];
  /** Where the pods may and should go. */
  scheduling?: Pick<PodSpec, 'affinity' | 'topologySpreadConstraints' | 'tolerations'>;
  /** The environment's nodeSelector and tolerations, for a Deployment or StatefulSet. */
  placement?: PlacementSettings;
  /** For a private registry or mirror (images.pullSecrets). */
  imagePullSecrets?: { name: string }[];
}

/** The pod template: labels, the config checksum that rolls pods on change, the config volume. */
export function alloyPodTemplate(options: AlloyPodOptions): PodTemplateSpec {
  const { meta } = options.workload;
  return {
    metadata: {
      labels: { ...meta.labels },
      annotations: {
        [checksumAnnotation]: configChecksum(options.configMap.data ?? {}),
        'kubectl.kubernetes.io/default-container': options.container.name,
      },
    },
    spec: {
      serviceAccountName: meta.name,
      ...(options.imagePullSecrets === undefined ? {} : { imagePullSecrets: options.imagePullSecrets }),
      automountServiceAccountToken: options.automountToken,
      ...placement(options.placement),
      ...options.scheduling,
      securityContext: options.securityContext,
      containers: [options.container],
      volumes: [{ name: 'config', configMap: { name: options.configMap.metadata.name! } }, ...options.volumes],
    },
  };
}
