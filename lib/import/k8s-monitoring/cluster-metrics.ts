// clusterMetrics: the kubelet, its resource endpoint, cAdvisor, kube-state-metrics and node-exporter,
// each with its allow-list tuning. The chart applies a source's allow-list to everything it sends;
// here the same tuning decides what goes to the cloud (enableCloudWrite) while the local Prometheus
// keeps every series. The chart's sources that have no pipeline here are unsupported while on.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';
import { nodeIntegrationAllowList } from './node-integration-allow-list.ts';
import { optionalExporters } from './optional-exporters.ts';
import { daemonSetTolerations, fullnameOverride, nodeSelector, tolerations } from './scheduling.ts';

export interface Source {
  /** Key under clusterMetrics. */
  key: string;
  /** Key under `metrics` in the environment. */
  settings: string;
  /** metricsTuning / allow-lists name. */
  component: string;
  /** Key under the environment that deploys its workload, when the library deploys one. */
  workload?: string;
}

const sources: Source[] = [
  { key: 'kubelet', settings: 'kubelet', component: 'kubelet' },
  { key: 'kubeletResource', settings: 'resources', component: 'resources' },
  { key: 'cadvisor', settings: 'cadvisor', component: 'cadvisor' },
  { key: 'kube-state-metrics', settings: 'kubeStateMetrics', component: 'kube-state-metrics', workload: 'kubeStateMetrics' },
  { key: 'node-exporter', settings: 'nodeExporter', component: 'node-exporter', workload: 'nodeExporter' },
];

/** Sources of the chart with no pipeline here, and why (off is fine: it is what this library does). */
const missing: Record<string, string> = {
  kubeletProbes: 'kubelet probe metrics have no pipeline here',
};

const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export function clusterMetrics(context: ImportContext): void {
  const { read, records, draft } = context;
  const root: ValuePath = ['clusterMetrics'];
  const enabled = read.bool([...root, 'enabled']) ?? false;
  records.mapped([...root, 'enabled'], 'metrics.enabled');
  if (!enabled) {
    draft.set(['metrics', 'enabled'], false);
    draft.note(['metrics'], 'clusterMetrics is off in the values: no metrics, and no local Prometheus');
    if (read.has(root)) records.ignored(root, 'clusterMetrics.enabled is false, so the chart reads none of these keys');
    return;
  }
  draft.from(['metrics'], 'clusterMetrics.enabled');
  if (read.has([...root, 'collector'])) records.ignored([...root, 'collector'], 'the collector follows from the feature here (alloy-metrics)');
  for (const source of sources) importSource(context, source);
  optionalExporters(context);
  controlPlane(context);
  for (const [key, why] of Object.entries(missing)) {
    const path = [...root, key];
    if (!read.has(path)) continue;
    if (read.bool([...path, 'enabled']) === true) records.unsupported(path, why, ['metrics']);
    else records.ignored(path, 'off in the chart, and not rendered here either');
  }
  if (read.has([...root, 'nodeLabels'])) {
    const on = Object.entries(read.map([...root, 'nodeLabels']) ?? {}).filter(([, v]) => v === true).map(([k]) => k);
    if (on.length > 0) records.unsupported([...root, 'nodeLabels'], `node labels on metrics (${on.join(', ')}) have no field here`, ['metrics']);
    else records.ignored([...root, 'nodeLabels'], 'every node label is off');
  }
}

/**
 * clusterMetrics is off but another metrics feature is on (annotation autodiscovery): metrics stay on,
 * with none of the chart's cluster sources (and none of their workloads), as the chart renders it.
 */
export function metricsWithoutClusterSources(context: ImportContext, because: string): void {
  const { draft } = context;
  if (draft.get(['metrics', 'enabled']) !== false) return;
  draft.set(['metrics'], {
    kubelet: { enabled: false }, resources: { enabled: false }, cadvisor: { enabled: false },
    kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, alloy: { enabled: false },
  });
  draft.set(['kubeStateMetrics', 'enabled'], false);
  draft.set(['nodeExporter', 'enabled'], false);
  draft.notes.delete('metrics');
  draft.note(['metrics'], `clusterMetrics is off in the values: none of its sources, but metrics stay on for ${because}`);
}

/**
 * The chart's control plane: `controlPlane.enabled` turns on the API server, controller manager,
 * scheduler, kube-proxy and kube-dns, each with its own switch -> metrics.controlPlane (CoreDNS is
 * this library's name for the kube-dns Service's metrics). etcd is the chart's etcd integration
 * (integrations.ts).
 */
const controlPlaneParts: [key: string, field: string][] = [
  ['apiServer', 'apiServer'], ['kubeControllerManager', 'kubeControllerManager'], ['kubeScheduler', 'kubeScheduler'],
  ['kubeProxy', 'kubeProxy'], ['kubeDNS', 'coreDns'],
];

function controlPlane(context: ImportContext): void {
  const { read, records, draft } = context;
  const root: ValuePath = ['clusterMetrics'];
  const all = read.bool([...root, 'controlPlane', 'enabled']) ?? false;
  if (read.has([...root, 'controlPlane', 'enabled'])) records.mapped([...root, 'controlPlane', 'enabled'], 'metrics.controlPlane.enabled');
  const parts: Record<string, boolean> = {};
  for (const [key, field] of controlPlaneParts) {
    const on = read.bool([...root, key, 'enabled']);
    if (on !== undefined) {
      records.mapped([...root, key, 'enabled'], `metrics.controlPlane.${field}.enabled`);
      draft.from(['metrics', 'controlPlane'], `clusterMetrics.${key}.enabled`);
    }
    parts[field] = on ?? all;
    const at = [...root, key];
    if (parts[field]) {
      for (const setting of ['scrapeInterval', 'scrapeTimeout']) {
        const value = read.string([...at, setting]);
        if (value === undefined) continue;
        if (!duration.test(value)) records.unsupported([...at, setting], `"${value}" is not a duration like "60s"`, ['metrics']);
        else {
          draft.set(['metrics', 'controlPlane', field, setting], value);
          records.mapped([...at, setting], `metrics.controlPlane.${field}.${setting}`);
          draft.from(['metrics', 'controlPlane'], `clusterMetrics.${key}.${setting}`);
        }
      }
    } else if (read.has(at)) records.ignored(at, 'off in the chart, and not rendered here either');
  }
  if (!Object.values(parts).some((on) => on)) {
    if (read.has([...root, 'controlPlane'])) records.ignored([...root, 'controlPlane'], 'off in the chart, and off here by default');
    return;
  }
  draft.set(['metrics', 'controlPlane', 'enabled'], true);
  draft.from(['metrics', 'controlPlane'], 'clusterMetrics.controlPlane.enabled');
  draft.note(['metrics', 'controlPlane'], 'the chart sends every control-plane series; here allow-lists/<component>.yaml limits what crosses to the cloud (metricsTuning.<component>.useDefaultAllowList false sends all)');
  for (const [, field] of controlPlaneParts) {
    if (!parts[field]) draft.set(['metrics', 'controlPlane', field, 'enabled'], false);
  }
}

function importSource(context: ImportContext, source: Source): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['clusterMetrics', source.key];
  const settings = ['metrics', source.settings];
  const enabled = read.bool([...at, 'enabled']);
  if (enabled !== undefined) {
    records.mapped([...at, 'enabled'], `metrics.${source.settings}.enabled`);
    draft.from(['metrics'], `clusterMetrics.${source.key}.enabled`);
    if (!enabled) {
      draft.set([...settings, 'enabled'], false);
      if (source.workload !== undefined) draft.set([source.workload, 'enabled'], false);
      records.ignored(at, `${source.key} is off, so the chart reads none of its other keys`);
      return;
    }
  }
  if (source.key === 'kubelet') {
    // The chart reaches the kubelet directly by default; this library through the API server proxy.
    const format = read.string([...at, 'nodeAddressFormat']) ?? 'direct';
    if (format === 'direct' || format === 'proxy') {
      draft.set(['metrics', 'kubelet', 'access'], format);
      draft.from(['metrics'], read.has([...at, 'nodeAddressFormat']) ? 'clusterMetrics.kubelet.nodeAddressFormat' : 'clusterMetrics.kubelet.nodeAddressFormat (unset: the chart\'s default, direct)');
      if (read.has([...at, 'nodeAddressFormat'])) records.mapped([...at, 'nodeAddressFormat'], 'metrics.kubelet.access');
    } else records.unsupported([...at, 'nodeAddressFormat'], `"${format}" is neither direct nor proxy`, ['metrics']);
  }
  for (const key of ['scrapeInterval', 'scrapeTimeout']) {
    const value = read.string([...at, key]);
    if (value === undefined) continue;
    if (!duration.test(value)) {
      records.unsupported([...at, key], `"${value}" is not a duration like "60s"`, ['metrics']);
      continue;
    }
    draft.set([...settings, key], value);
    draft.from(['metrics'], `clusterMetrics.${source.key}.${key}`);
    records.mapped([...at, key], `metrics.${source.settings}.${key}`);
  }
  tuning(context, source, at);
  if (source.workload !== undefined) workload(context, source, at);
}

export function tuning(context: ImportContext, source: Source, at: ValuePath): void {
  const { read, records, draft } = context;
  const t: ValuePath = [...at, 'metricsTuning'];
  if (!read.has(t)) return;
  const out: Record<string, DraftValue> = {};
  const useDefault = read.bool([...t, 'useDefaultAllowList']);
  if (useDefault !== undefined) {
    out.useDefaultAllowList = useDefault;
    records.mapped([...t, 'useDefaultAllowList'], `metricsTuning.${source.component}.useDefaultAllowList`);
  }
  for (const key of ['includeMetrics', 'excludeMetrics'] as const) {
    const list = read.strings([...t, key]);
    if (list === undefined) continue;
    if (list.length > 0) out[key] = list;
    records.mapped([...t, key], `metricsTuning.${source.component}.${key}`);
  }
  if (read.has([...t, 'useIntegrationAllowList'])) {
    if (read.bool([...t, 'useIntegrationAllowList']) === true && source.key === 'node-exporter') {
      // The chart adds the Linux-node integration's names to what it keeps: here they join includeMetrics.
      const include = Array.isArray(out.includeMetrics) ? out.includeMetrics : [];
      out.includeMetrics = [...include, ...nodeIntegrationAllowList.filter((n) => !include.includes(n))];
      records.mapped([...t, 'useIntegrationAllowList'], `metricsTuning.${source.component}.includeMetrics (the integration's ${nodeIntegrationAllowList.length} names)`);
    } else if (read.bool([...t, 'useIntegrationAllowList']) === true) {
      records.unsupported([...t, 'useIntegrationAllowList'], 'an integration allow-list exists for node-exporter only', ['metricsTuning']);
    } else records.ignored([...t, 'useIntegrationAllowList'], 'off, as here');
  }
  for (const key of ['includeNamespaces', 'excludeNamespaces']) {
    if (read.has([...t, key])) records.unsupported([...t, key], 'namespace filters on cAdvisor metrics have no field here', ['metricsTuning']);
  }
  if (Object.keys(out).length > 0) {
    draft.set(['metricsTuning', source.component], out);
    draft.from(['metricsTuning', source.component], `clusterMetrics.${source.key}.metricsTuning`);
  }
}

function workload(context: ImportContext, source: Source, at: ValuePath): void {
  const { read, records, draft } = context;
  const deploy = read.bool([...at, 'deploy']);
  if (deploy === false) {
    records.unsupported([...at, 'deploy'], `scraping a ${source.key} this stack does not deploy has no field here`, ['metrics']);
  } else if (deploy === true) records.mapped([...at, 'deploy'], `${source.workload}.enabled`);
  const resources = read.map([...at, 'resources']);
  if (resources !== undefined) {
    const out = resourcesOf(context, [...at, 'resources']);
    if (out !== undefined) {
      draft.set([source.workload!, 'resources'], out);
      draft.from([source.workload!], `clusterMetrics.${source.key}.resources`);
    }
  }
  const field = source.workload!;
  fullnameOverride(context, [...at, 'fullnameOverride'], field);
  if (source.key === 'node-exporter') daemonSetTolerations(context, [...at, 'tolerations'], source.key);
  else {
    tolerations(context, [...at, 'tolerations'], field);
    nodeSelector(context, [...at, 'nodeSelector'], field);
  }
  // The chart finds its exporter's pods by these labels; here the stack selects the pods it deploys by its
  // own instance labels, whatever they are named.
  if (read.has([...at, 'labelMatchers']) && deploy !== false) records.ignored([...at, 'labelMatchers'], `the stack selects the ${source.key} pods it deploys by its own labels`);
  if (source.key === 'kube-state-metrics') kubeStateMetricsReplicas(context, at);
}

/** The kube-state-metrics subchart's replicas and autosharding: the same fields here. */
function kubeStateMetricsReplicas(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const replicas = read.number([...at, 'replicas']);
  if (replicas !== undefined) {
    if (Number.isInteger(replicas) && replicas >= 1 && replicas <= 10) {
      draft.set(['kubeStateMetrics', 'replicas'], replicas);
      draft.from(['kubeStateMetrics'], 'clusterMetrics.kube-state-metrics.replicas');
      records.mapped([...at, 'replicas'], 'kubeStateMetrics.replicas');
    } else records.unsupported([...at, 'replicas'], `${replicas} is not a replica count from 1 to 10`, ['kubeStateMetrics']);
  }
  const sharding = read.bool([...at, 'autosharding', 'enabled']);
  if (sharding !== undefined) {
    if (sharding) draft.set(['kubeStateMetrics', 'autosharding'], true);
    draft.from(['kubeStateMetrics'], 'clusterMetrics.kube-state-metrics.autosharding.enabled');
    records.mapped([...at, 'autosharding', 'enabled'], 'kubeStateMetrics.autosharding');
  }
}

const quantity = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/;

/** requests/limits of cpu and memory; anything else there is unsupported. */
export function resourcesOf(context: ImportContext, at: ValuePath): Record<string, DraftValue> | undefined {
  const out: Record<string, DraftValue> = {};
  for (const kind of ['requests', 'limits']) {
    const list: Record<string, DraftValue> = {};
    for (const resource of ['cpu', 'memory']) {
      const path = [...at, kind, resource];
      const raw = context.read.raw(path);
      if (raw === undefined || raw === null) continue;
      const value = String(raw);
      if ((typeof raw === 'string' || typeof raw === 'number') && quantity.test(value)) {
        list[resource] = value;
        context.records.mapped(path, `resources.${kind}.${resource}`);
      } else context.records.unsupported(path, `${JSON.stringify(raw)} is not a Kubernetes quantity like "100m"`);
    }
    if (Object.keys(list).length > 0) out[kind] = list;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
