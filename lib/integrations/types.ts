// What one integration module declares: the pods its software runs in (the default instances), the
// job name its Grafana dashboards select on, its allow-list key, and optionally the exporter Alloy
// can run for it and how to read its logs.
import type { Config, IntegrationInstance } from '../config/config.gen.ts';

export type IntegrationName = keyof Config['integrations'];

export type PortRef = { name: string } | { number: number };

/** One resolved instance: every field set, so the pipeline builder reads no defaults. */
export interface InstanceSpec {
  name: string;
  /** Empty: every namespace. */
  namespaces: readonly string[];
  podLabels: Readonly<Record<string, string>>;
  port: PortRef;
  scheme: 'http' | 'https';
  path: string;
  scrapeInterval?: string;
  scrapeTimeout?: string;
}

/** The exporters Alloy has built in, by the suffix of `prometheus.exporter.<kind>`. */
export type ExporterKind = 'mysql' | 'postgres' | 'redis';

/** How an integration's log lines are read: the level from a logfmt key, a JSON field or a regex group. */
export type LogLevelSource =
  | { format: 'logfmt'; key: string }
  | { format: 'json'; field: string }
  | { format: 'regex'; expression: string };

export interface IntegrationLogs {
  level: LogLevelSource;
  /** logfmt keys kept as structured metadata (not index labels: they are high-cardinality); logfmt integrations only. */
  structuredMetadata?: readonly string[];
}

export interface Integration {
  name: IntegrationName;
  /** For the README table: what its dashboards and alerts show. */
  collects: string;
  jobName: string;
  /** Default instances, used when the environment lists none; the first fills gaps in listed ones. */
  defaultInstances: readonly [InstanceSpec, ...InstanceSpec[]];
  exporter?: ExporterKind;
  logs?: IntegrationLogs;
}

/** The metricsTuning key and allow-lists/<component>.yaml of an integration. */
export function integrationComponent(name: IntegrationName): string {
  return `integration-${name}`;
}

/** An environment's instance with the integration's defaults filling what it leaves out. */
export function resolveInstance(integration: Integration, instance: IntegrationInstance): InstanceSpec {
  const base = integration.defaultInstances[0];
  const port: PortRef = instance.portName !== undefined ? { name: instance.portName }
    : instance.portNumber !== undefined ? { number: instance.portNumber } : base.port;
  return {
    name: instance.name,
    namespaces: instance.namespaces ?? base.namespaces,
    podLabels: instance.podLabels ?? base.podLabels,
    port,
    scheme: instance.scheme ?? base.scheme,
    path: instance.path ?? base.path,
    scrapeInterval: instance.scrapeInterval ?? base.scrapeInterval,
    scrapeTimeout: instance.scrapeTimeout ?? base.scrapeTimeout,
  };
}

/** A default instance: http on /metrics in every namespace unless said otherwise. */
export function instance(name: string, podLabels: Record<string, string>, port: PortRef, rest: Partial<InstanceSpec> = {}): InstanceSpec {
  return { name, namespaces: [], podLabels, port, scheme: 'http', path: '/metrics', ...rest };
}

/** The instances an environment scrapes for one integration: none when off, the defaults when it lists none. */
export function instancesOf(integration: Integration, settings: Config['integrations'][IntegrationName]): { spec: InstanceSpec; exporter?: IntegrationInstance['exporter'] }[] {
  if (!settings.enabled) return [];
  if (settings.instances.length === 0) return integration.defaultInstances.map((spec) => ({ spec }));
  return settings.instances.map((i) => ({ spec: resolveInstance(integration, i), exporter: i.exporter }));
}
