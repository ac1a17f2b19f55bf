// alloy-metrics, alloy-logs, alloy-singleton, alloy-receiver, alloy-profiles and alloy-operator: how the
// chart runs its Alloy instances. Here the workloads follow from the features that are on, so their
// switches mean nothing; sizing maps to alloyMetrics / alloyLogs where those have a field.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';
import { resourcesOf } from './cluster-metrics.ts';

interface Collector {
  key: string;
  /** The environment field of the workload it becomes, when there is one. */
  field?: 'alloyMetrics' | 'alloyLogs';
  /** Why its other settings mean nothing here, when it serves only unsupported features. */
  serves?: string;
}

const collectors: Collector[] = [
  { key: 'alloy-metrics', field: 'alloyMetrics' },
  { key: 'alloy-logs', field: 'alloyLogs' },
  { key: 'alloy-singleton' },
  { key: 'alloy-receiver', serves: 'it serves applicationObservability and the receivers, which are reported on their own' },
  { key: 'alloy-profiles', serves: 'it serves profiling, which is reported on its own' },
];

export function collectorSettings(context: ImportContext): void {
  const { read, records, draft } = context;
  for (const collector of collectors) {
    const at: ValuePath = [collector.key];
    if (!read.has(at)) continue;
    if (read.has([...at, 'enabled'])) records.ignored([...at, 'enabled'], 'the Alloy workloads follow from the features that are on');
    if (collector.serves !== undefined) {
      records.ignored(at, collector.serves);
      continue;
    }
    // Host mounts follow from the log sources here (pod logs, node logs).
    for (const mount of ['varlog', 'dockercontainers']) {
      if (read.has([...at, 'alloy', 'mounts', mount])) records.ignored([...at, 'alloy', 'mounts', mount], 'host mounts follow from the log sources that are on');
    }
    if (read.has([...at, 'alloy', 'stabilityLevel'])) {
      records.ignored([...at, 'alloy', 'stabilityLevel'], 'the chart raises it for the components of its other features; here each workload runs at the level its own components need');
    }
    if (collector.field === undefined) continue;
    const resources = read.map([...at, 'alloy', 'resources']);
    if (resources !== undefined) {
      const out = resourcesOf(context, [...at, 'alloy', 'resources']);
      if (out !== undefined) {
        draft.set([collector.field, 'resources'], out);
        draft.from([collector.field], `${collector.key}.alloy.resources`);
      }
    }
    if (collector.field === 'alloyMetrics') {
      const replicas = read.number([...at, 'controller', 'replicas']);
      if (replicas !== undefined) {
        if (Number.isInteger(replicas) && replicas >= 1) {
          draft.set(['alloyMetrics', 'replicas'], replicas);
          draft.from(['alloyMetrics'], 'alloy-metrics.controller.replicas');
          records.mapped([...at, 'controller', 'replicas'], 'alloyMetrics.replicas');
        } else records.unsupported([...at, 'controller', 'replicas'], `${replicas} is not a replica count`, ['alloyMetrics']);
      }
      autoscaling(context, [...at, 'controller', 'autoscaling']);
    }
  }
  if (read.has(['alloy-operator'])) records.ignored(['alloy-operator'], 'no operator here: the stack is rendered as plain Kubernetes objects');
  if (read.has(['selfReporting'])) records.ignored(['selfReporting'], 'this stack sends no usage report to Grafana');
}

const percent = (n: number) => Number.isInteger(n) && n >= 1 && n <= 100;

/**
 * alloy-metrics.controller.autoscaling (the Alloy chart's HorizontalPodAutoscaler) ->
 * alloyMetrics.autoscaling. The chart's defaults: memory at 80%, CPU off (0). Scaling on CPU alone
 * (memory 0) has no equivalent: here memory is always one of the targets.
 */
function autoscaling(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  if (!enabled) {
    records.ignored(at, 'autoscaling is off, so the chart reads none of these keys');
    return;
  }
  const out: Record<string, number | boolean> = { enabled: true };
  records.mapped([...at, 'enabled'], 'alloyMetrics.autoscaling.enabled');
  for (const [key, field] of [['minReplicas', 'minReplicas'], ['maxReplicas', 'maxReplicas']] as const) {
    const n = read.number([...at, key]);
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 1) {
      records.unsupported([...at, key], `${n} is not a replica count`, ['alloyMetrics']);
      return;
    }
    out[field] = n;
    records.mapped([...at, key], `alloyMetrics.autoscaling.${field}`);
  }
  const memory = read.number([...at, 'targetMemoryUtilizationPercentage']) ?? 80;
  if (!percent(memory)) {
    records.unsupported([...at, 'targetMemoryUtilizationPercentage'], `${memory}: scaling without a memory target has no field here (memory is always a target)`, ['alloyMetrics']);
    return;
  }
  out.targetMemoryUtilization = memory;
  if (read.has([...at, 'targetMemoryUtilizationPercentage'])) records.mapped([...at, 'targetMemoryUtilizationPercentage'], 'alloyMetrics.autoscaling.targetMemoryUtilization');
  const cpu = read.number([...at, 'targetCPUUtilizationPercentage']);
  if (cpu !== undefined) {
    if (cpu === 0) records.mapped([...at, 'targetCPUUtilizationPercentage'], 'alloyMetrics.autoscaling.targetCPUUtilization unset (0: no CPU target)');
    else if (percent(cpu)) {
      out.targetCPUUtilization = cpu;
      records.mapped([...at, 'targetCPUUtilizationPercentage'], 'alloyMetrics.autoscaling.targetCPUUtilization');
    } else {
      records.unsupported([...at, 'targetCPUUtilizationPercentage'], `${cpu} is not a percentage`, ['alloyMetrics']);
      return;
    }
  }
  if (typeof out.minReplicas === 'number' && typeof out.maxReplicas === 'number' && out.minReplicas > out.maxReplicas) {
    records.unsupported(at, `minReplicas ${out.minReplicas} is above maxReplicas ${out.maxReplicas}`, ['alloyMetrics']);
    return;
  }
  draft.set(['alloyMetrics', 'autoscaling'], out);
  draft.from(['alloyMetrics'], 'alloy-metrics.controller.autoscaling');
}
