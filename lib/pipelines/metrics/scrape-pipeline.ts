// The shape every metrics pipeline shares, one file each: discovery.relabel (choose and label targets
// before any request) -> prometheus.scrape (clustered, so replicas share targets) -> the local
// Prometheus, plus the component's path to each remote destination (cloud-path.ts).
import type { Block, Ref } from '../../alloy/ast.ts';
import { call, file } from '../../alloy/ast.ts';
import { discovery, prometheus } from '../../alloy/components/index.ts';
import type { PrometheusScrapeArgs } from '../../alloy/components/prometheus.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfigFile, RbacRule, SecretEnv, SecretRead } from '../alloy-config.ts';
import { destinationPaths } from './cloud-path.ts';
import type { RoutedDestination } from './destinations.ts';
import { withComment } from './comments.ts';
import type { DiscoveryRole } from './discovery.ts';
import { seriesEnrichment } from './enrichment.ts';

/** What every pipeline builder reads. */
export interface MetricsContext {
  config: Config;
  defaultAllowLists: Readonly<Record<string, string[]>>;
  targets: Readonly<Record<DiscoveryRole, Ref<'Targets'>>>;
  local: Ref<'MetricsReceiver'>;
  /** Set only when cloud write is on; prefer `destinations`, which includes it. */
  remote?: Ref<'MetricsReceiver'>;
  /** With metrics.enrichment.seriesAboutPods: every pod's namespace, name and enrichment labels. */
  podTable?: Ref<'Targets'>;
  /** Every remote destination (cloud.metrics first), with its filter and route. */
  destinations: readonly RoutedDestination[];
}

/** One rendered pipeline and what it needs from the cluster. */
export interface MetricsPipeline {
  file: AlloyConfigFile;
  /** The shared watches the pipeline reads (none for components that discover by themselves). */
  discovery: readonly DiscoveryRole[];
  rbac: RbacRule[];
  secretEnv?: SecretEnv[];
  /** Secrets in other namespaces it reads with remote.kubernetes.secret. */
  secretReads?: SecretRead[];
}

/** One discovery.relabel of a pipeline: which shared watch it reads and the rules it applies. */
export interface TargetSource {
  /** Label of the discovery.relabel. */
  label: string;
  discovery: DiscoveryRole;
  rules: readonly (RuleArgs | Block)[];
}

export type ScrapeOptions = Omit<PrometheusScrapeArgs, 'targets' | 'forward_to' | 'job_name' | 'scrape_interval' | 'scrape_timeout' | 'clustering'>;

export interface ScrapePipelineSpec {
  /** The metricsTuning and allow-list key; also the file name. */
  component: string;
  /** Label of every component in the file. */
  label: string;
  discovery: DiscoveryRole;
  rules: readonly (RuleArgs | Block)[];
  /**
   * Several discovery.relabel feeding one scrape (e.g. pods and EndpointSlices); replaces
   * discovery and rules when set.
   */
  sources?: readonly TargetSource[];
  /**
   * Fixed targets instead of discovery (a Service's DNS name): no discovery.relabel, no watch. Replaces
   * discovery, rules and sources when set.
   */
  staticTargets?: readonly Readonly<Record<string, string>>[];
  /** Clean-ups after the allow-list on the cloud path only; the local Prometheus keeps every series. */
  cloudRules?: readonly Block[];
  /** Rules on the scraped series before any destination, local included (a source's namespace filter). */
  seriesRules?: readonly RuleArgs[];
  /** Series about pods (by `namespace` and `pod`) get their pod's enrichment labels from this table. */
  enrichWith?: Ref<'Targets'>;
  jobName: string;
  /** Per-component interval and timeout; the environment's metrics-wide values fill the gaps. */
  settings: { scrapeInterval?: string; scrapeTimeout?: string };
  scrape?: ScrapeOptions;
  /** Comments on scrape arguments, keyed by path such as `tls_config.insecure_skip_verify`. */
  comments?: Readonly<Record<string, readonly string[]>>;
  rbac?: readonly RbacRule[];
  secretEnv?: readonly SecretEnv[];
}

export function scrapePipeline(spec: ScrapePipelineSpec, ctx: MetricsContext): MetricsPipeline {
  const { config } = ctx;
  const sources = spec.staticTargets !== undefined ? [] : spec.sources ?? [{ label: spec.label, discovery: spec.discovery, rules: spec.rules }];
  const relabels = sources.map((source) => discovery.relabel(source.label, { targets: ctx.targets[source.discovery], rule: source.rules }));
  const paths = destinationPaths(spec.component, spec.label, ctx, spec.cloudRules);
  const enrich = spec.enrichWith === undefined ? undefined : seriesEnrichment(config, `${spec.label}_enrichment`, spec.enrichWith, paths.forwardTo);
  const onward = enrich === undefined ? paths.forwardTo : [enrich.exports.receiver];
  const series = spec.seriesRules === undefined || spec.seriesRules.length === 0
    ? undefined
    : prometheus.relabel(`${spec.label}_namespaces`, { forward_to: onward, rule: spec.seriesRules });
  const scrape = prometheus.scrape(spec.label, {
    targets: spec.staticTargets !== undefined
      ? spec.staticTargets
      : relabels.length === 1
        ? relabels[0]!.exports.output
        : call('array.concat', ...relabels.map((r) => r.exports.output)),
    forward_to: series === undefined ? onward : [series.exports.receiver],
    job_name: spec.jobName,
    scrape_interval: spec.settings.scrapeInterval ?? config.metrics.scrapeInterval,
    scrape_timeout: spec.settings.scrapeTimeout ?? config.metrics.scrapeTimeout,
    ...spec.scrape,
    clustering: { enabled: true },
  });
  const scrapeBlock = Object.entries(spec.comments ?? {})
    .reduce((block, [path, lines]) => withComment(block, path.split('.'), lines), scrape.block);
  const blocks = [...relabels.map((r) => r.block), scrapeBlock, ...[series, enrich].flatMap((c) => (c === undefined ? [] : [c.block])), ...paths.blocks];
  return {
    file: { name: `${spec.component}.alloy`, file: file(blocks) },
    discovery: [...new Set(sources.map((source) => source.discovery))],
    rbac: [...(spec.rbac ?? [])],
    secretEnv: [...(spec.secretEnv ?? [])],
  };
}
