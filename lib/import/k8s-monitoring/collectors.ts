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
    }
  }
  if (read.has(['alloy-operator'])) records.ignored(['alloy-operator'], 'no operator here: the stack is rendered as plain Kubernetes objects');
  if (read.has(['selfReporting'])) records.ignored(['selfReporting'], 'this stack sends no usage report to Grafana');
}
