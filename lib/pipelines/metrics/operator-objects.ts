// operator-objects.alloy: what the cluster's Prometheus Operator objects declare, for clusters that come from
// kube-prometheus-stack or whose teams ship ServiceMonitors with their charts. One component per object kind, each
// clustered (every target by one replica) and forwarded like any other source: everything to the local Prometheus,
// and to the cloud only what metricsTuning["operator-objects"] includes (no default allow-list: the objects name
// arbitrary applications, so only target health crosses until names are included).
import { file } from '../../alloy/ast.ts';
import { prometheusOperator } from '../../alloy/components/prometheus-operator.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import { watchedNamespaces } from '../../config/namespaced-rbac.ts';
import type { RbacRule } from '../alloy-config.ts';
import { alternation } from '../allow-lists.ts';
import { destinationPaths } from './cloud-path.ts';
import { builtinTargetDrops } from './double-scrape-guard.ts';
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { effectiveNamespaces } from './namespaces.ts';

export const operatorObjectsComponent = 'operator-objects';

const kinds = [
  { setting: 'serviceMonitors', resource: 'servicemonitors', label: 'service_monitors', build: prometheusOperator.servicemonitors },
  { setting: 'podMonitors', resource: 'podmonitors', label: 'pod_monitors', build: prometheusOperator.podmonitors },
  { setting: 'probes', resource: 'probes', label: 'probes', build: prometheusOperator.probes },
  { setting: 'scrapeConfigs', resource: 'scrapeconfigs', label: 'scrape_configs', build: prometheusOperator.scrapeconfigs },
] as const;

// What each kind reads besides its objects: ServiceMonitors find pods behind Services through EndpointSlices
// (kubernetes_role below), PodMonitors watch pods, Probes may point at Ingresses.
const targetRbac: Record<(typeof kinds)[number]['resource'], RbacRule[]> = {
  servicemonitors: [
    { apiGroups: [''], resources: ['services', 'pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  ],
  podmonitors: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }],
  probes: [{ apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] }],
  scrapeconfigs: [],
};

export function operatorObjectsPipeline(ctx: MetricsContext): MetricsPipeline | undefined {
  const { config } = ctx;
  const settings = config.metrics.operatorObjects;
  if (!settings.enabled) return undefined;
  const on = kinds.filter((k) => settings[k.setting]);
  if (on.length === 0) return undefined;
  const paths = destinationPaths(operatorObjectsComponent, 'operator_objects', ctx);
  const namespaces = effectiveNamespaces(settings.namespaces, config.metrics.namespaces);
  const { exclude } = namespaces;
  // With rbac.mode namespaced, only the namespaces it can read.
  const include = namespaces.include.length > 0 ? namespaces.include : watchedNamespaces(config) ?? [];
  // Namespace names are DNS labels: no regex escaping needed.
  const rule: RuleArgs[] = [
    ...(exclude.length > 0 ? [{ source_labels: ['__meta_kubernetes_namespace'], regex: alternation(exclude), action: 'drop' as const }] : []),
    // What a built-in pipeline scrapes is left to it (double-scrape-guard.ts).
    ...builtinTargetDrops(config),
  ];
  const labels = Object.keys(settings.labels).length > 0 ? { match_labels: settings.labels } : undefined;
  const components = on.map((k) => k.build(k.label, {
    forward_to: paths.forwardTo,
    namespaces: include.length > 0 ? include : undefined,
    ...(k.resource === 'servicemonitors' ? { kubernetes_role: 'endpointslice' as const } : {}),
    selector: labels,
    clustering: { enabled: true },
    rule: rule.length > 0 ? rule : undefined,
    scrape: {
      default_scrape_interval: settings.scrapeInterval ?? config.metrics.scrapeInterval,
      default_scrape_timeout: settings.scrapeTimeout ?? config.metrics.scrapeTimeout,
    },
  }));
  const rbac: RbacRule[] = [
    { apiGroups: ['monitoring.coreos.com'], resources: on.map((k) => k.resource), verbs: ['get', 'list', 'watch'] },
    ...on.flatMap((k) => targetRbac[k.resource]),
  ];
  return {
    file: { name: `${operatorObjectsComponent}.alloy`, file: file([...components.map((c) => c.block), ...paths.blocks]) },
    discovery: [],
    rbac,
  };
}
