// Where log lines go: Grafana Cloud Loki (only with enableCloudWrite) and every logs.destinations entry.
//
// One loki.write per destination rather than one loki.write with an endpoint each: every destination
// then is its own component, with its own health, UI page and component_id on Alloy's metrics, so a
// failing Loki is named in the place people look, and a config error names the destination. A
// destination with a route gets a `loki.relabel "to_<name>"` in front of its writer that keeps only
// what the route names (namespaces, pod labels) and sets its tenant; the PR diff shows what goes where.
import type { Block, Ref } from '../../alloy/ast.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import { loki } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config, LokiDestination } from '../../config/config.gen.ts';
import type { AlloyConfigFile, SecretEnv, SecretRead } from '../alloy-config.ts';
import { alternation } from '../allow-lists.ts';
import { CredentialReader, envPrefix, proxyArgs } from '../destination-credentials.ts';
import { routeLabels, type RouteLabel } from './route-labels.ts';

export const destinationsFileName = 'log-destinations.alloy';

export interface LogDestinations {
  /** The loki.write components; undefined when there is no destination. */
  file?: AlloyConfigFile;
  /** What sources forward to: every destination's first component. Empty when there is no destination. */
  receivers: Ref<'LogsReceiver'>[];
  secretEnv: SecretEnv[];
  secretReads: SecretRead[];
}

/** Cloud first, then the user's destinations in their order. */
export function destinationsOf(config: Config): LokiDestination[] {
  const cloud = config.enableCloudWrite && config.cloud.logs ? [{ name: 'cloud', ...config.cloud.logs }] : [];
  return [...cloud, ...config.logs.destinations];
}

/** `LOKI_<NAME>_<PART>`: one variable per destination and credential, e.g. `LOKI_CLOUD_PASSWORD`. */
export function secretEnvName(destination: string, part: string): string {
  return `${envPrefix('LOKI', destination)}_${part}`;
}

const nonEmpty = <T extends object>(map: T | undefined): T | undefined =>
  map !== undefined && Object.keys(map).length > 0 ? map : undefined;

/** Escapes a literal for an RE2 regex (label values may hold `.`). */
const literal = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rules in front of one destination's writer; empty when it takes every line as it is. */
export function routeRules(d: LokiDestination, labels: readonly RouteLabel[]): RuleArgs[] {
  const route = d.route ?? {};
  const rules: RuleArgs[] = [];
  if (route.namespaces !== undefined) rules.push({ source_labels: ['namespace'], regex: alternation(route.namespaces), action: 'keep' });
  if (route.excludeNamespaces !== undefined) rules.push({ source_labels: ['namespace'], regex: alternation(route.excludeNamespaces), action: 'drop' });
  for (const [key, value] of Object.entries(route.podLabels ?? {})) {
    const label = labels.find((l) => l.kind === 'pod' && l.key === key)!;
    // One keep per label: a line must match all of them.
    rules.push({ source_labels: [label.name], regex: literal(value), action: 'keep' });
  }
  if (route.tenantFromNamespaceLabel !== undefined) {
    const label = labels.find((l) => l.kind === 'namespace' && l.key === route.tenantFromNamespaceLabel)!;
    // loki.write sends each line with the tenant in __tenant_id__ when set (stage.tenant's label);
    // "(.+)": a namespace without the label keeps the destination's tenant_id.
    rules.push({ source_labels: [label.name], regex: '(.+)', target_label: '__tenant_id__' });
  }
  // The routing labels exist only to route: no destination stores them (nor gets a stream per value).
  if (labels.length > 0) rules.push({ regex: alternation(labels.map((l) => l.name)), action: 'labeldrop' });
  return rules;
}

export function logDestinations(config: Config): LogDestinations {
  const destinations = destinationsOf(config);
  const reader = new CredentialReader(config.namespace);
  if (destinations.length === 0) return { receivers: [], secretEnv: [], secretReads: [] };
  const labels = new Map<string, string>();
  const routing = routeLabels(config);
  const blocks: Block[] = [];
  const receivers: Ref<'LogsReceiver'>[] = [];
  for (const d of destinations) {
    const label = sanitizeLabel(d.name);
    const clash = labels.get(label);
    if (clash !== undefined) {
      throw new Error(`logs destinations "${clash}" and "${d.name}" both become loki.write "${label}"; rename one of them`);
    }
    labels.set(label, d.name);
    const prefix = envPrefix('LOKI', d.name);
    const writer = loki.write(label, {
      // Added last, after label_keep, so the cluster label cannot be dropped by a pipeline.
      external_labels: { cluster: config.clusterName, ...d.externalLabels },
      endpoint: [{
        url: reader.url(prefix, d),
        tenant_id: d.tenantId,
        headers: nonEmpty(d.headers),
        batch_size: d.batch?.size,
        batch_wait: d.batch?.wait,
        remote_timeout: d.remoteTimeout,
        min_backoff_period: d.retry?.minBackoff,
        max_backoff_period: d.retry?.maxBackoff,
        max_backoff_retries: d.retry?.maxRetries,
        ...reader.auth(prefix, d.auth),
        ...proxyArgs(d.proxy),
        tls_config: reader.tls(prefix, d.tls),
      }],
    });
    const rules = routeRules(d, routing);
    if (rules.length === 0) {
      receivers.push(writer.exports.receiver);
      blocks.push(writer.block);
      continue;
    }
    const route = loki.relabel(`to_${label}`, { forward_to: [writer.exports.receiver], rule: rules });
    receivers.push(route.exports.receiver);
    blocks.push(route.block, writer.block);
  }
  return {
    file: { name: destinationsFileName, file: { kind: 'file', body: [...reader.blocks, ...blocks] } },
    receivers,
    secretEnv: reader.secretEnv,
    secretReads: reader.secretReads,
  };
}
