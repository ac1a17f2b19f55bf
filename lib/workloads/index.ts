// Config (+ the Alloy pipelines' output) -> the tree of every workload's objects. What is switched
// off is absent, RBAC included; an exporter or store nothing would read from is off too.
import type { Config } from '../config/config.gen.ts';
import type { Part } from '../config/names.ts';
import type { Namespace, VerticalPodAutoscaler } from '../k8s/types.gen.ts';
import { alloyBeyla, type AlloyBeyla } from './alloy-beyla.ts';
import { alloyEvents, type AlloyEvents } from './alloy-events.ts';
import { alloyLogs, type AlloyLogs } from './alloy-logs.ts';
import { alloyMetrics, type AlloyMetrics } from './alloy-metrics.ts';
import { alloyProfiles, profilesPrivileges, type AlloyProfiles } from './alloy-profiles.ts';
import { needsHostAccess } from './profiler-privileges.ts';
import { alloyReceiver, type AlloyReceiver } from './alloy-receiver.ts';
import { alloySampler, type AlloySampler } from './alloy-sampler.ts';
import type { AlloyInput, AlloyNodeInput } from './alloy-pod.ts';
import { kubeStateMetrics, type KubeStateMetrics } from './kube-state-metrics.ts';
import { namespace } from './namespace.ts';
import { nodeExporter, type NodeExporter } from './node-exporter.ts';
import { prometheus, type Prometheus } from './prometheus.ts';
import { kepler, type Kepler } from './kepler.ts';
import { opencost, type OpenCost } from './opencost.ts';
import { windowsExporter, type WindowsExporter } from './windows-exporter.ts';
import { keplerExporter, opencostExporter, runsExporter, windowsExporter as windowsExporterScrape } from '../pipelines/metrics/optional-exporters.ts';
import { verticalAutoscalers } from './vertical-autoscalers.ts';

export type { AlloyInput, AlloyNodeInput } from './alloy-pod.ts';
export { retentionFits } from './retention.ts';

export interface AlloyInputs {
  metrics?: AlloyInput;
  logs?: AlloyNodeInput;
  events?: AlloyInput;
  receiver?: AlloyInput;
  sampler?: AlloyInput;
  profiles?: AlloyInput;
  beyla?: AlloyInput;
}

export interface Workloads {
  namespace: { namespace: Namespace };
  alloyMetrics?: AlloyMetrics;
  alloyLogs?: AlloyLogs;
  alloyEvents?: AlloyEvents;
  alloyReceiver?: AlloyReceiver;
  alloySampler?: AlloySampler;
  alloyProfiles?: AlloyProfiles;
  alloyBeyla?: AlloyBeyla;
  prometheus?: Prometheus;
  kubeStateMetrics?: KubeStateMetrics;
  nodeExporter?: NodeExporter;
  kepler?: Kepler;
  opencost?: OpenCost;
  windowsExporter?: WindowsExporter;
  /** verticalAutoscaling: one per part that runs, named as the part. */
  verticalAutoscalers?: Partial<Record<Part, VerticalPodAutoscaler>>;
}

const hasFiles = (input: AlloyInput | undefined): input is AlloyInput => input !== undefined && Object.keys(input.files).length > 0;

export function workloads(config: Config, alloy: AlloyInputs): Workloads {
  // An Alloy workload runs when its pipelines produced at least one file.
  const metrics = hasFiles(alloy.metrics) ? alloyMetrics(config, alloy.metrics) : undefined;
  const logs = hasFiles(alloy.logs) ? alloyLogs(config, alloy.logs) : undefined;
  const events = hasFiles(alloy.events) ? alloyEvents(config, alloy.events) : undefined;
  const receiver = hasFiles(alloy.receiver) ? alloyReceiver(config, alloy.receiver) : undefined;
  const sampler = receiver !== undefined && hasFiles(alloy.sampler) ? alloySampler(config, alloy.sampler) : undefined;
  const profiles = hasFiles(alloy.profiles) ? alloyProfiles(config, alloy.profiles) : undefined;
  const beyla = hasFiles(alloy.beyla) ? alloyBeyla(config, alloy.beyla) : undefined;
  // Prometheus only stores what Alloy metrics writes; the exporters only serve its scrapes, and with
  // deploy: false the cluster's own serve them.
  const scraping = metrics !== undefined && config.metrics.enabled;
  const store = scraping && config.prometheus.enabled ? prometheus(config) : undefined;
  const ksmOn = config.kubeStateMetrics.enabled && config.kubeStateMetrics.deploy && config.metrics.kubeStateMetrics.enabled;
  const ksm = scraping && ksmOn ? kubeStateMetrics(config) : undefined;
  const nodeOn = config.nodeExporter.enabled && config.nodeExporter.deploy && config.metrics.nodeExporter.enabled;
  const node = scraping && nodeOn ? nodeExporter(config) : undefined;
  // The optional exporters, each only when asked for (they cost privileges, a pod per node, or a Prometheus query load).
  const energy = scraping && runsExporter(config, keplerExporter) ? kepler(config) : undefined;
  const cost = scraping && runsExporter(config, opencostExporter) ? opencost(config) : undefined;
  const windows = scraping && runsExporter(config, windowsExporterScrape) ? windowsExporter(config) : undefined;
  const tree: Workloads = {
    namespace: { namespace: namespace(config.namespace, { hostAccess: logs?.daemonSet !== undefined || node !== undefined || energy !== undefined || windows !== undefined || beyla !== undefined || (profiles !== undefined && needsHostAccess(profilesPrivileges(config))) }) },
    ...(metrics === undefined ? {} : { alloyMetrics: metrics }),
    ...(logs === undefined ? {} : { alloyLogs: logs }),
    ...(events === undefined ? {} : { alloyEvents: events }),
    ...(receiver === undefined ? {} : { alloyReceiver: receiver }),
    ...(sampler === undefined ? {} : { alloySampler: sampler }),
    ...(profiles === undefined ? {} : { alloyProfiles: profiles }),
    ...(beyla === undefined ? {} : { alloyBeyla: beyla }),
    ...(store === undefined ? {} : { prometheus: store }),
    ...(ksm === undefined ? {} : { kubeStateMetrics: ksm }),
    ...(node === undefined ? {} : { nodeExporter: node }),
    ...(energy === undefined ? {} : { kepler: energy }),
    ...(cost === undefined ? {} : { opencost: cost }),
    ...(windows === undefined ? {} : { windowsExporter: windows }),
  };
  const vpas = verticalAutoscalers(config, tree);
  return Object.keys(vpas).length === 0 ? tree : { ...tree, verticalAutoscalers: vpas };
}
