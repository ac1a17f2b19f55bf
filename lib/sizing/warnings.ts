// The export's sizing warnings: the collectors' rendered resources (defaults, settings and overrides alike) against
// what `sizing` says the load needs (rule-of-thumb.ts). A warning, not an error: the rule is an estimate.
import type { Config } from '../config/config.gen.ts';
import type { KubeObject } from '../core/flatten.ts';
import type { ResourceRequirements } from '../k8s/types.gen.ts';
import { objectName } from '../config/names.ts';
import { quantityBytes } from '../workloads/retention.ts';
import { gib, logsNeed, metricsNeed } from './rule-of-thumb.ts';

interface Collector { replicas: number; resources: ResourceRequirements }

/** The `alloy` container's resources and the replica count (an autoscaler's minimum when there is one). */
function collector(objects: readonly KubeObject[], kind: string, name: string): Collector | undefined {
  const workload = objects.find((o) => o.kind === kind && o.metadata.name === name) as
    | (KubeObject & { spec?: { replicas?: number; template?: { spec?: { containers?: { name: string; resources?: ResourceRequirements }[] } } } })
    | undefined;
  const container = workload?.spec?.template?.spec?.containers?.find((c) => c.name === 'alloy');
  if (workload === undefined || container === undefined) return undefined;
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && (o as { spec?: { scaleTargetRef?: { name?: string } } }).spec?.scaleTargetRef?.name === name) as
    | { spec: { minReplicas?: number } } | undefined;
  return { replicas: hpa?.spec.minReplicas ?? workload.spec?.replicas ?? 1, resources: container.resources ?? {} };
}

const value = (list: Record<string, string | number> | undefined, key: string) => {
  const q = list?.[key];
  return q === undefined ? undefined : quantityBytes(String(q));
};

export function sizingWarnings(config: Config, objects: readonly KubeObject[]): string[] {
  const warnings: string[] = [];
  const metrics = collector(objects, 'StatefulSet', objectName(config, 'alloyMetrics'));
  const { activeSeries, logBytesPerSecondPerNode } = config.sizing;
  const rule = 'Alloy\'s rule of thumb: 0.4 CPU and 11 GiB per million active series';
  if (metrics !== undefined && activeSeries !== undefined) {
    const need = metricsNeed(activeSeries);
    const each = need.memoryBytes / metrics.replicas;
    const memory = value(metrics.resources.requests, 'memory');
    const limit = value(metrics.resources.limits, 'memory');
    const cpu = value(metrics.resources.requests, 'cpu');
    const at = `${activeSeries} active series over ${metrics.replicas} replica${metrics.replicas === 1 ? '' : 's'}`;
    if (limit !== undefined && limit < each) {
      warnings.push(`sizing: alloy-metrics memory limit ${gib(limit)} is below the ${gib(each)} each replica needs for ${at} (${rule}): `
        + 'the pods would be OOM-killed; raise alloyMetrics.resources.limits.memory or the replicas (npx tsx scripts/size.ts proposes both)');
    } else if (memory !== undefined && memory < each) {
      warnings.push(`sizing: alloy-metrics requests ${gib(memory)} memory per replica, but each needs about ${gib(each)} for ${at} (${rule}); `
        + 'raise alloyMetrics.resources.requests.memory or the replicas, or the scheduler may pack the pods onto too small nodes');
    }
    if (cpu !== undefined && cpu < need.cpu / metrics.replicas) {
      warnings.push(`sizing: alloy-metrics requests ${cpu} CPU per replica, but each needs about ${(need.cpu / metrics.replicas).toFixed(2)} for ${at} (${rule}); `
        + 'raise alloyMetrics.resources.requests.cpu, or scrapes will lag');
    }
  }
  const logs = collector(objects, 'DaemonSet', objectName(config, 'alloyLogs'));
  if (logs !== undefined && logBytesPerSecondPerNode !== undefined) {
    const need = logsNeed(logBytesPerSecondPerNode);
    const limit = value(logs.resources.limits, 'memory');
    const cpu = value(logs.resources.requests, 'cpu');
    const at = `${(logBytesPerSecondPerNode / 2 ** 20).toFixed(2)} MiB/s of logs per node (Alloy's rule of thumb: 1 CPU and 120 MiB per MiB/s)`;
    if (limit !== undefined && limit < need.memoryBytes) {
      warnings.push(`sizing: alloy-logs memory limit ${gib(limit)} is below the ${gib(need.memoryBytes)} needed for ${at}; raise alloyLogs.resources.limits.memory`);
    }
    if (cpu !== undefined && cpu < need.cpu) {
      warnings.push(`sizing: alloy-logs requests ${cpu} CPU, but ${at} needs about ${need.cpu.toFixed(2)}; raise alloyLogs.resources.requests.cpu, or logs will fall behind`);
    }
  }
  return warnings;
}
