// GKE Autopilot: Google manages the nodes and its admission refuses what would reach into them
// (https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security, "Security constraints"): no privileged
// pods, no hostNetwork or hostPID, hostPath only read-only under /var/log. node-exporter needs the host namespaces;
// the log DaemonSet keeps its read positions on a writable host path, so pod logs go through the API instead.
import type { Platform } from './platform.ts';

export const gkeAutopilot: Platform = {
  source: 'https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security',
  defaults: {
    nodeExporter: { enabled: false },
    logs: { gather: 'kubernetesApi', nodeLogs: { enabled: false } },
  },
  problems(config) {
    const out: string[] = [];
    if (config.nodeExporter.enabled && config.metrics.nodeExporter.enabled) out.push('nodeExporter.enabled: GKE Autopilot refuses hostNetwork and hostPID, which node-exporter needs');
    if (config.logs.gather === 'files') out.push('logs.gather: GKE Autopilot refuses the writable hostPath that keeps file read positions; use kubernetesApi');
    if (config.logs.nodeLogs.enabled) out.push('logs.nodeLogs.enabled: GKE Autopilot mounts no journal; node logs need the DaemonSet');
    for (const source of ['ebpf', 'java'] as const) {
      if (config.profiling[source].enabled) out.push(`profiling.${source}.enabled: GKE Autopilot refuses hostPID, which ${source} profiling needs to see other pods' processes; pprof scraping needs no host access`);
    }
    if (config.beyla.enabled) out.push('beyla.enabled: GKE Autopilot refuses hostPID and the capabilities Beyla needs to instrument other pods');
    if (config.kepler.enabled) out.push('kepler.enabled: GKE Autopilot refuses hostPID and hostPath outside /var/log, which Kepler needs to read the node\'s energy counters and processes');
    if (config.windowsExporter.enabled) out.push('windowsExporter.enabled: GKE Autopilot refuses HostProcess pods, the only way to read a Windows node\'s counters');
    return out;
  },
};
