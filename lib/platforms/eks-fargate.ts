// EKS Fargate: every pod runs in its own micro-VM, so there are no nodes to share. AWS documents
// (https://docs.aws.amazon.com/eks/latest/userguide/fargate.html, "Fargate considerations"): DaemonSets, privileged
// containers, hostNetwork/hostPort and hostPath are not supported. So no node-exporter, and pod logs through the API.
import type { Platform } from './platform.ts';

export const eksFargate: Platform = {
  source: 'https://docs.aws.amazon.com/eks/latest/userguide/fargate.html',
  defaults: {
    nodeExporter: { enabled: false },
    logs: { gather: 'kubernetesApi', nodeLogs: { enabled: false } },
  },
  problems(config) {
    const out: string[] = [];
    if (config.nodeExporter.enabled && config.metrics.nodeExporter.enabled) out.push('nodeExporter.enabled: EKS Fargate runs no DaemonSets and allows no hostNetwork or hostPath, which node-exporter needs');
    if (config.receiver.enabled && config.receiver.kind === 'DaemonSet') out.push('receiver.kind: EKS Fargate runs no DaemonSets; use Deployment');
    for (const source of ['ebpf', 'java', 'pprof'] as const) {
      if (config.profiling[source].enabled) out.push(`profiling.${source}.enabled: EKS Fargate runs no DaemonSets, and profiling runs one pod per node`);
    }
    if (config.logs.gather === 'files') out.push('logs.gather: EKS Fargate runs no DaemonSets and mounts no hostPath; use kubernetesApi');
    if (config.beyla.enabled) out.push('beyla.enabled: EKS Fargate runs no DaemonSets, and Beyla runs one pod per node');
    // Fargate has no RAPL counters to read and no Windows nodes; each is a DaemonSet anyway.
    if (config.kepler.enabled) out.push('kepler.enabled: EKS Fargate runs no DaemonSets and mounts no hostPath; Kepler reads each node\'s /sys and /proc');
    if (config.windowsExporter.enabled) out.push('windowsExporter.enabled: EKS Fargate runs no DaemonSets and no Windows pods');
    return out;
  },
};
