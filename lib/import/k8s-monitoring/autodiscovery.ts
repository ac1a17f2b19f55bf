// annotationAutodiscovery: pods and Services that ask to be scraped with `k8s.grafana.com/*`
// annotations -> metrics.autodiscovery. Two defaults differ from this library's and are written out so
// the import does what the chart did: the chart sends Alloy's ServiceAccount token to every target
// (bearerToken.enabled, on by default; off here by default), and it sends every scraped series to its
// destination (here autodiscovery has no default allow-list, so useDefaultAllowList false lets all cross).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';
import { metricsWithoutClusterSources } from './cluster-metrics.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const prefixPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The chart's `annotations.<key>` -> the annotation name under the prefix this library reads. */
const annotationNames: Record<string, string> = {
  scrape: 'scrape',
  job: 'job',
  instance: 'instance',
  metricsContainer: 'metrics.container',
  metricsPath: 'metrics.path',
  metricsPortName: 'metrics.portName',
  metricsPortNumber: 'metrics.portNumber',
  metricsScheme: 'metrics.scheme',
  metricsParam: 'metrics.param',
  metricsScrapeInterval: 'metrics.scrapeInterval',
  metricsScrapeTimeout: 'metrics.scrapeTimeout',
};

export function annotationAutodiscovery(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['annotationAutodiscovery'];
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  if (!enabled) {
    records.ignored(at, 'off in the chart, and off here by default');
    return;
  }
  metricsWithoutClusterSources(context, 'annotation autodiscovery');
  const field = ['metrics', 'autodiscovery'];
  const out: Record<string, DraftValue> = { enabled: true };
  records.mapped([...at, 'enabled'], 'metrics.autodiscovery.enabled');
  draft.from(field, 'annotationAutodiscovery.enabled');
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-metrics)');

  const prefix = annotationPrefix(context, [...at, 'annotations']);
  if (prefix !== undefined) {
    out.prefix = prefix;
    draft.from(field, 'annotationAutodiscovery.annotations');
  }

  const namespaces: Record<string, DraftValue> = {};
  for (const [key, to] of [['namespaces', 'include'], ['excludeNamespaces', 'exclude']] as const) {
    const list = read.strings([...at, key]);
    if (list === undefined) continue;
    const bad = list.filter((n) => !dnsLabel.test(n));
    if (bad.length > 0) {
      records.unsupported([...at, key], `not namespace names: ${bad.join(', ')}`, ['metrics']);
      continue;
    }
    if (list.length > 0) namespaces[to] = list;
    records.mapped([...at, key], `metrics.autodiscovery.namespaces.${to}`);
    draft.from(field, `annotationAutodiscovery.${key}`);
  }
  if (Object.keys(namespaces).length > 0) out.namespaces = namespaces;

  // pods / services: each kind's switch, and label selectors (one set here, for both kinds).
  const selectors: Record<string, Record<string, string>> = {};
  for (const kind of ['pods', 'services'] as const) {
    const on = read.bool([...at, kind, 'enabled']);
    if (on !== undefined) {
      out[kind] = on;
      records.mapped([...at, kind, 'enabled'], `metrics.autodiscovery.${kind}`);
      draft.from(field, `annotationAutodiscovery.${kind}.enabled`);
    }
    if (on === false) {
      if (read.present([...at, kind])) records.ignored([...at, kind], `${kind} are off, so the chart reads none of these keys`);
      continue;
    }
    const labels = read.stringMap([...at, kind, 'labelSelectors']);
    if (labels !== undefined && Object.keys(labels).length > 0) selectors[kind] = labels;
    else if (labels !== undefined) records.ignored([...at, kind, 'labelSelectors'], 'empty: every pod or Service');
  }
  const kinds = Object.keys(selectors) as ('pods' | 'services')[];
  if (kinds.length > 0) {
    const onKinds = (['pods', 'services'] as const).filter((k) => out[k] !== false);
    const same = kinds.length === onKinds.length && kinds.every((k) => JSON.stringify(selectors[k]) === JSON.stringify(selectors[kinds[0]!]));
    if (same) {
      out.labels = selectors[kinds[0]!]!;
      for (const k of kinds) records.mapped([...at, k, 'labelSelectors'], 'metrics.autodiscovery.labels');
      draft.from(field, ...kinds.map((k) => `annotationAutodiscovery.${k}.labelSelectors`));
    } else {
      for (const k of kinds) {
        records.unsupported([...at, k, 'labelSelectors'], 'label selectors that differ between pods and Services: one set (metrics.autodiscovery.labels) applies to both here', ['metrics']);
      }
    }
  }

  // The chart's default is on; unset here means off, so the chart's behaviour is written out.
  const bearer = read.bool([...at, 'bearerToken', 'enabled']) ?? true;
  out.bearerToken = bearer;
  if (read.has([...at, 'bearerToken', 'enabled'])) records.mapped([...at, 'bearerToken', 'enabled'], 'metrics.autodiscovery.bearerToken');
  draft.from(field, read.has([...at, 'bearerToken', 'enabled']) ? 'annotationAutodiscovery.bearerToken.enabled' : 'annotationAutodiscovery.bearerToken.enabled (unset: the chart\'s default, on)');
  if (bearer) draft.note(field, 'the chart sends Alloy\'s ServiceAccount token to every annotated target; turn bearerToken off if none needs it');
  if (read.present([...at, 'bearerToken', 'token'])) {
    records.unsupported([...at, 'bearerToken', 'token'], 'a token other than Alloy\'s ServiceAccount token has no field here', ['metrics']);
  }

  for (const key of ['scrapeInterval', 'scrapeTimeout']) {
    const value = read.string([...at, key]);
    if (value === undefined) continue;
    if (!duration.test(value)) {
      records.unsupported([...at, key], `"${value}" is not a duration like "60s"`, ['metrics']);
      continue;
    }
    out[key] = value;
    records.mapped([...at, key], `metrics.autodiscovery.${key}`);
    draft.from(field, `annotationAutodiscovery.${key}`);
  }
  draft.set(field, out);

  // Everything the chart scraped went to its destination; here that takes useDefaultAllowList false.
  const tuning: Record<string, DraftValue> = { useDefaultAllowList: false };
  const t: ValuePath = [...at, 'metricsTuning'];
  for (const key of ['includeMetrics', 'excludeMetrics'] as const) {
    const list = read.strings([...t, key]);
    if (list === undefined) continue;
    if (list.length > 0) tuning[key] = list;
    records.mapped([...t, key], `metricsTuning.autodiscovery.${key}`);
  }
  draft.set(['metricsTuning', 'autodiscovery'], tuning);
  draft.from(['metricsTuning', 'autodiscovery'], read.has(t) ? 'annotationAutodiscovery.metricsTuning' : 'annotationAutodiscovery.enabled');
  draft.note(['metricsTuning', 'autodiscovery'], 'the chart sends every autodiscovered series to its destination; here autodiscovery has no default list, so it is switched off to do the same');

  if (read.has([...at, 'maxCacheSize'])) records.ignored([...at, 'maxCacheSize'], 'the relabel cache size is a sizing detail of the chart\'s Alloy config; Alloy\'s default is used here');
  const unsupported: Record<string, string> = {
    nodeLabels: 'node labels on autodiscovered metrics have no field here',
    extraDiscoveryRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    extraMetricProcessingRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    destinations: 'per-feature destinations: metrics go to every metrics destination here',
  };
  for (const [key, why] of Object.entries(unsupported)) {
    if (read.present([...at, key])) records.unsupported([...at, key], why, ['metrics']);
  }
}

/** The one prefix every `annotations.<key>` shares, when each is `<prefix>/<the name read here>`. */
function annotationPrefix(context: ImportContext, at: ValuePath): string | undefined {
  const names = context.read.stringMap(at);
  if (names === undefined || Object.keys(names).length === 0) return undefined;
  const prefixes = new Set<string>();
  for (const [key, annotation] of Object.entries(names)) {
    const expected = annotationNames[key];
    const slash = annotation.lastIndexOf('/');
    const prefix = annotation.slice(0, slash);
    if (expected === undefined || slash < 0 || annotation.slice(slash + 1) !== expected || !prefixPattern.test(prefix)) {
      context.records.unsupported([...at, key], `annotation "${annotation}": only "<prefix>/${expected ?? key}" names are read here (one prefix for all)`, ['metrics']);
      return undefined;
    }
    prefixes.add(prefix);
  }
  if (prefixes.size !== 1) {
    context.records.unsupported(at, `annotations under more than one prefix (${[...prefixes].join(', ')}): one prefix for all here`, ['metrics']);
    return undefined;
  }
  for (const key of Object.keys(names)) context.records.mapped([...at, key], 'metrics.autodiscovery.prefix');
  return [...prefixes][0];
}
