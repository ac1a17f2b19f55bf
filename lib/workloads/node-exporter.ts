// node-exporter: the node's own metrics (CPU, memory, disks, network), one pod per node. It reads
// the host's /proc, /sys and / read-only and needs no Kubernetes API access.
import type { Config } from '../config/config.gen.ts';
import type { Container, DaemonSet, NetworkPolicy, Service } from '../k8s/types.gen.ts';
import { imageFor, pullSecrets } from './images.ts';
import { namespaced, workloadMeta } from './meta.ts';
import { ingressFromAlloy } from './network-policies.ts';
import { nodeExporterHttp, nodeExporterName } from './ports.ts';
import { rbac, type Rbac } from './rbac.ts';
import { resources } from './resources.ts';
import { nobody, restrictedContainer, restrictedPod } from './security.ts';

export interface NodeExporter extends Rbac {
  service: Service;
  daemonSet: DaemonSet;
  networkPolicy?: NetworkPolicy;
}

/** Host directories, mounted read-only under /host and passed to the matching --path flag. */
const hostPaths = [
  { name: 'proc', hostPath: '/proc', mountPath: '/host/proc', flag: '--path.procfs' },
  { name: 'sys', hostPath: '/sys', mountPath: '/host/sys', flag: '--path.sysfs' },
  { name: 'root', hostPath: '/', mountPath: '/host/root', flag: '--path.rootfs' },
] as const;

// Pseudo and container filesystems: their sizes say nothing about the node's disks.
const mountPointsExclude = '^/(dev|proc|sys|run/containerd/.+|run/k3s/containerd/.+|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/.+)($|/)';
// Pod veth interfaces come and go with every pod: one short-lived series set each.
const virtualDevices = '^(veth.*|[a-f0-9]{15})$';

export function nodeExporter(config: Config): NodeExporter {
  const image = imageFor(config, 'nodeExporter', config.nodeExporter.image);
  const { meta, selector } = workloadMeta(config, 'nodeExporter', { name: nodeExporterName, component: 'exporter', image });
  const identity = rbac(meta, []);

  const container: Container = {
    name: 'node-exporter',
    image,
    imagePullPolicy: 'IfNotPresent',
    args: [
      ...hostPaths.map((p) => `${p.flag}=${p.mountPath}`),
      `--web.listen-address=:${nodeExporterHttp.port}`,
      `--collector.filesystem.mount-points-exclude=${mountPointsExclude}`,
      `--collector.netclass.ignored-devices=${virtualDevices}`,
      `--collector.netdev.device-exclude=${virtualDevices}`,
    ],
    // With hostNetwork the container port is the node's port; hostPort is implied.
    ports: [{ name: nodeExporterHttp.name, containerPort: nodeExporterHttp.port, protocol: 'TCP' }],
    readinessProbe: { httpGet: { path: '/', port: nodeExporterHttp.name }, initialDelaySeconds: 5, timeoutSeconds: 5 },
    resources: resources(config.nodeExporter.resources, { requests: { cpu: '100m', memory: '180Mi' }, limits: { memory: '180Mi' } }),
    // Runs as nobody with everything dropped: node-exporter only reads world-readable /proc and /sys.
    securityContext: restrictedContainer(nobody),
    volumeMounts: hostPaths.map((p) => ({
      name: p.name,
      mountPath: p.mountPath,
      readOnly: true,
      // Filesystems mounted on the node after the pod started must show up too.
      ...(p.name === 'root' ? { mountPropagation: 'HostToContainer' } : {}),
    })),
  };
  const daemonSet: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: namespaced(meta),
    spec: {
      selector: { matchLabels: { ...selector } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: { labels: { ...meta.labels }, annotations: { 'kubectl.kubernetes.io/default-container': container.name } },
        spec: {
          serviceAccountName: meta.name,
          ...pullSecrets(config),
          automountServiceAccountToken: false,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          // EXCEPTION: the host's network namespace, so the network collectors report the node's
          // interfaces rather than the pod's veth.
          hostNetwork: true,
          // EXCEPTION: the host's PID namespace, so the filesystem collector's /proc/1/mounts and
          // the process counts are the node's rather than the container's.
          hostPID: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          securityContext: restrictedPod(nobody),
          // Every node has metrics, tainted or not.
          tolerations: [{ operator: 'Exists' }],
          containers: [container],
          // EXCEPTION: hostPath volumes, read-only (see hostPaths).
          volumes: hostPaths.map((p) => ({ name: p.name, hostPath: { path: p.hostPath } })),
        },
      },
    },
  };
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: namespaced(meta),
    spec: {
      clusterIP: 'None',
      selector: { ...selector },
      ports: [{ name: nodeExporterHttp.name, protocol: 'TCP', port: nodeExporterHttp.port, targetPort: nodeExporterHttp.name }],
    },
  };
  return {
    ...identity,
    service,
    daemonSet,
    // Ingress only from Alloy pods on 9100. Most CNIs do not apply NetworkPolicies to hostNetwork
    // pods, so this documents intent more than it enforces it; the node's firewall does the rest.
    ...(config.networkPolicies ? { networkPolicy: ingressFromAlloy(meta, selector, [container]) } : {}),
  };
}
