// autodiscovery.alloy: pods and Services that ask to be scraped with annotations
// (`k8s.grafana.com/scrape: "true"` by default; the prefix is configurable, e.g. `prometheus.io`).
// Pods come from the shared pod watch, Services from the shared EndpointSlice watch, so each ready
// endpoint (pod) behind an annotated Service is its own target, not whichever pod the Service picks.
// The annotations become the target's address, path, scheme, parameters, interval, timeout, job and
// instance; what crosses to the cloud is `metricsTuning.autodiscovery` (no default list: the cluster
// decides what is scraped, so only target health crosses until names are included).
import type { Block } from '../../alloy/ast.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import { rule } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { alloyPodLabels, alloyPort } from './alloy-self.ts';
import { explainedRule } from './cloud-path.ts';
import { kubeStateMetricsTarget, nodeExporterTarget } from './exporter-targets.ts';
import { effectiveNamespaces, namespaceRules } from './namespaces.ts';
import type { PodSelector } from './pod-targets.ts';
import { dropSelected, metaLabelName, re2Literal } from './pod-targets.ts';
import { prometheusPodLabels, prometheusPort } from './prometheus-self.ts';
import type { MetricsContext, MetricsPipeline, TargetSource } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { enrichmentRules } from './enrichment.ts';
import { stackPodLabels } from '../../config/names.ts';

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';

type Kind = 'pod' | 'service';

/** The meta label Kubernetes discovery gives an annotation `<prefix>/<name>` of a pod or Service. */
export function annotationLabel(kind: Kind, prefix: string, name: string): string {
  return `__meta_kubernetes_${kind}_annotation_${metaLabelName(`${prefix}/${name}`)}`;
}

/**
 * The pods other pipelines of this workload already select (the apps, then the stack's own
 * exporters). Those pipelines win over the annotations: they carry their own job name and allow-list,
 * and one pod container port scraped twice would store and bill every series twice.
 */
export function claimedPods(config: Config): PodSelector[] {
  const m = config.metrics;
  const own = (on: boolean, labels: Readonly<Record<string, string>>, port: string): PodSelector[] =>
    on ? [{ namespaces: [config.namespace], labels: { ...labels, ...stackPodLabels(config) }, port: { name: port } }] : [];
  return [
    ...m.apps.map((app): PodSelector => ({ namespaces: app.namespaces, labels: app.podLabels, port: { number: app.port } })),
    ...(m.kubeStateMetrics.enabled ? [kubeStateMetricsTarget(config).pods] : []),
    ...(m.nodeExporter.enabled ? [nodeExporterTarget(config).pods] : []),
    ...own(m.alloy.enabled, alloyPodLabels, alloyPort.name),
    ...own(m.prometheus.enabled && config.prometheus.enabled, prometheusPodLabels, prometheusPort.name),
  ];
}

/** A replace from `source` into `target`, only when the source is set (an absent annotation reads as ""). */
const whenSet = (source: string, target: string, replacement?: string): RuleArgs =>
  ({ source_labels: [source], regex: '(.+)', target_label: target, ...(replacement === undefined ? {} : { replacement }) });

/** Rules both kinds share: path, parameters, scheme, interval, timeout, job and instance. */
function commonRules(kind: Kind, prefix: string): (RuleArgs | Block)[] {
  const a = (name: string) => annotationLabel(kind, prefix, name);
  return [
    // The short spelling first, so `metrics.*` wins when both are set.
    whenSet(a('path'), '__metrics_path__'),
    whenSet(a('metrics.path'), '__metrics_path__'),
    // Label names are [a-zA-Z0-9_]: nothing to quote in the prefix.
    { regex: `${annotationLabel(kind, prefix, 'metrics.param_')}(.+)`, replacement: '__param_$1', action: 'labelmap' },
    whenSet(a('scheme'), '__scheme__'),
    whenSet(a('metrics.scheme'), '__scheme__'),
    // Absent: prometheus.scrape fills in its own interval and timeout.
    whenSet(a('metrics.scrapeInterval'), '__scrape_interval__'),
    whenSet(a('metrics.scrapeTimeout'), '__scrape_timeout__'),
    whenSet(a('instance'), 'instance'),
    explainedRule([
      'job: the annotation, else the app.kubernetes.io/name label, else app, else the scrape\'s job_name.',
      'A target\'s own job label wins over job_name.',
    ], whenSet(`__meta_kubernetes_${kind}_label_app`, 'job')),
    whenSet(`__meta_kubernetes_${kind}_label_app_kubernetes_io_name`, 'job'),
    whenSet(a('job'), 'job'),
  ];
}

/**
 * Keep the target only when its own value `own` equals the annotated one (the last annotation set
 * wins); with no annotation set, every target passes.
 */
function choose(own: string, annotations: readonly string[], scratch: string): RuleArgs[] {
  return [
    { source_labels: [own], target_label: scratch },
    ...annotations.map((annotation) => whenSet(annotation, scratch)),
    { source_labels: [own], target_label: scratch, action: 'keepequal' },
  ];
}

function selection(kind: Kind, config: Config): (RuleArgs | Block)[] {
  const ad = config.metrics.autodiscovery;
  return [
    { source_labels: [annotationLabel(kind, ad.prefix, 'scrape')], regex: 'true', action: 'keep' },
    ...namespaceRules(effectiveNamespaces(ad.namespaces, config.metrics.namespaces)),
    ...Object.entries(ad.labels).map(([name, value]): RuleArgs => value === ''
      // An absent label reads as "" too: an empty wanted value needs the label to be present.
      ? { source_labels: [`__meta_kubernetes_${kind}_labelpresent_${metaLabelName(name)}`], regex: 'true', action: 'keep' }
      : { source_labels: [`__meta_kubernetes_${kind}_label_${metaLabelName(name)}`], regex: re2Literal(value), action: 'keep' }),
  ];
}

function claimedRules(config: Config): Block[] {
  return claimedPods(config).map((selector, i) => i === 0
    ? explainedRule(['Scraped once: a pod container port an app or built-in pipeline selects is left to that pipeline.'], dropSelected(selector))
    : rule(dropSelected(selector)));
}

export function podRules(config: Config): (RuleArgs | Block)[] {
  const prefix = config.metrics.autodiscovery.prefix;
  const a = (name: string) => annotationLabel('pod', prefix, name);
  const port = (annotation: string): RuleArgs[] => [
    // The annotated port replaces the declared one, declared or not; IPv6 addresses need brackets.
    { source_labels: [annotation, '__meta_kubernetes_pod_ip'], regex: '(\\d+);(.*:.*)', target_label: '__address__', replacement: '[$2]:$1' },
    { source_labels: [annotation, '__meta_kubernetes_pod_ip'], regex: '(\\d+);([0-9.]+)', target_label: '__address__', replacement: '$2:$1' },
  ];
  return [
    ...selection('pod', config),
    ...claimedRules(config),
    { source_labels: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_container_init'], regex: 'Running;false', action: 'keep' },
    // One target per declared container port: the annotations pick the container and the port.
    ...choose('__meta_kubernetes_pod_container_name', [a('metrics.container')], '__tmp_container'),
    ...choose('__meta_kubernetes_pod_container_port_name', [a('metrics.portName')], '__tmp_port'),
    ...port(a('port')),
    ...port(a('metrics.portNumber')),
    ...commonRules('pod', prefix),
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
    ...enrichmentRules(config),
  ];
}

export function serviceRules(config: Config): (RuleArgs | Block)[] {
  const { prefix, pods } = config.metrics.autodiscovery;
  const a = (name: string) => annotationLabel('service', prefix, name);
  return [
    ...selection('service', config),
    // Pod annotations win over their Service's: the pod is scraped once, by the pod rules.
    ...(pods ? [{ source_labels: [annotationLabel('pod', prefix, 'scrape')], regex: 'true', action: 'drop' } as RuleArgs] : []),
    ...claimedRules(config),
    // Ready endpoints only; this also drops the extra targets the role adds for pod ports no slice lists.
    { source_labels: ['__meta_kubernetes_endpointslice_endpoint_conditions_ready'], regex: 'true', action: 'keep' },
    ...choose('__meta_kubernetes_endpointslice_port_name', [a('metrics.portName')], '__tmp_port'),
    // A Service's port annotation names the endpoint (container) port, as the address carries it.
    ...choose('__meta_kubernetes_endpointslice_port', [a('port'), a('metrics.portNumber')], '__tmp_port_number'),
    ...commonRules('service', prefix),
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' },
  ];
}

export function autodiscoveryPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  const ad = config.metrics.autodiscovery;
  if (!ad.enabled || (!ad.pods && !ad.services)) return undefined;
  const sources: TargetSource[] = [
    ...(ad.pods ? [{ label: 'autodiscovery_pods', discovery: 'pods' as const, rules: podRules(config) }] : []),
    ...(ad.services ? [{ label: 'autodiscovery_services', discovery: 'endpointslices' as const, rules: serviceRules(config) }] : []),
  ];
  return scrapePipeline({
    component: 'autodiscovery',
    label: 'autodiscovery',
    discovery: sources[0]!.discovery,
    rules: [],
    sources,
    jobName: 'integrations/autodiscovery',
    settings: ad,
    scrape: {
      tls_config: { insecure_skip_verify: true },
      ...(ad.bearerToken ? { bearer_token_file: `${serviceAccount}/token` } : {}),
    },
    comments: {
      'tls_config.insecure_skip_verify': ['Only https targets use it; pod serving certificates are rarely from a CA Alloy trusts.'],
      ...(ad.bearerToken ? { bearer_token_file: ['metrics.autodiscovery.bearerToken: every discovered target receives this token.'] } : {}),
    },
  }, ctx);
}
