// prometheusOperatorObjects: scraping what ServiceMonitors, PodMonitors, Probes and ScrapeConfigs
// declare -> metrics.operatorObjects. Here one namespace and label filter applies to every kind, so the
// chart's per-kind filters map only when each kind that is on says the same.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';
import { metricsWithoutClusterSources } from './cluster-metrics.ts';

// The chart's kinds and whether each is on by default (ScrapeConfigs are not).
const kinds: [key: string, on: boolean][] = [['serviceMonitors', true], ['podMonitors', true], ['probes', true], ['scrapeConfigs', false]];
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const labelName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

/** The filters this library has one of, for every kind. */
const shared: { key: string; field: string; valid: (v: unknown) => boolean }[] = [
  { key: 'namespaces', field: 'namespaces.include', valid: (v) => Array.isArray(v) && v.every((n) => typeof n === 'string' && dnsLabel.test(n)) },
  { key: 'excludeNamespaces', field: 'namespaces.exclude', valid: (v) => Array.isArray(v) && v.every((n) => typeof n === 'string' && dnsLabel.test(n)) },
  { key: 'labelSelectors', field: 'labels', valid: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, x]) => labelName.test(k) && typeof x === 'string' && labelValue.test(x)) },
  { key: 'scrapeInterval', field: 'scrapeInterval', valid: (v) => typeof v === 'string' && duration.test(v) },
];

export function operatorObjects(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['prometheusOperatorObjects'];
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'metrics.operatorObjects.enabled');
  if (!enabled) {
    records.ignored(at, 'prometheusOperatorObjects.enabled is false, so the chart reads none of these keys');
    return;
  }
  const out: Record<string, DraftValue> = { enabled: true };
  const on: string[] = [];
  for (const [kind, byDefault] of kinds) {
    const value = read.bool([...at, kind, 'enabled']) ?? byDefault;
    if (read.has([...at, kind, 'enabled'])) records.mapped([...at, kind, 'enabled'], `metrics.operatorObjects.${kind}`);
    // Written out either way: the chart's defaults, whatever this library's are.
    out[kind] = value;
    if (value) on.push(kind);
    else if (read.present([...at, kind])) records.ignored([...at, kind], `${kind} are off, so the chart reads none of these keys`);
  }
  for (const { key, field, valid } of shared) {
    const values = on.map((kind) => JSON.stringify(read.raw([...at, kind, key]) ?? null));
    if (values.every((v) => v === 'null')) continue;
    const paths = on.map((kind) => [...at, kind, key]).filter((p) => read.present(p));
    const value = read.raw(paths[0]!);
    if (new Set(values).size > 1) {
      for (const p of paths) records.unsupported(p, `${key} for some kinds only: metrics.operatorObjects.${field} applies to every kind here`, ['metrics']);
      continue;
    }
    if (!valid(value)) {
      for (const p of paths) records.unsupported(p, `not a ${key} setting this library can write (names, equal-label selectors, a duration)`, ['metrics']);
      continue;
    }
    const [top, sub] = field.split('.');
    if (sub === undefined) out[top!] = value as DraftValue;
    else out[top!] = { ...(out[top!] as Record<string, DraftValue> | undefined), [sub]: value as DraftValue };
    for (const p of paths) records.mapped(p, `metrics.operatorObjects.${field}`);
  }
  const unmapped: Record<string, string> = {
    labelExpressions: 'set-based selectors (In, NotIn, Exists) have no field here: metrics.operatorObjects.labels matches equal labels',
    extraDiscoveryRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
    extraMetricProcessingRules: 'raw Alloy relabel rules cannot be mapped to typed fields',
  };
  for (const kind of on) {
    for (const [key, why] of Object.entries(unmapped)) if (read.present([...at, kind, key])) records.unsupported([...at, kind, key], why, ['metrics']);
    if (read.has([...at, kind, 'maxCacheSize'])) records.ignored([...at, kind, 'maxCacheSize'], 'a sizing detail of the chart\'s Alloy config; Alloy\'s default is used here');
  }
  if (read.bool([...at, 'crds', 'deploy']) === true) records.unsupported([...at, 'crds', 'deploy'], 'this stack does not install the Prometheus Operator CRDs: install them with the operator', ['metrics']);
  else if (read.has([...at, 'crds'])) records.ignored([...at, 'crds'], 'the CRDs are not deployed, as here');
  metricsWithoutClusterSources(context, 'prometheusOperatorObjects');
  draft.set(['metrics', 'operatorObjects'], out);
  draft.from(['metrics', 'operatorObjects'], 'prometheusOperatorObjects');
  // Everything the chart scraped went to its destination; here that takes useDefaultAllowList false.
  // (destinations are read after this section: the values say whether there is a Prometheus one.)
  const destinations = read.list(['destinations']) ?? [];
  if (destinations.some((_, i) => read.raw(['destinations', i, 'type']) === 'prometheus')) {
    draft.set(['metricsTuning', 'operator-objects'], { useDefaultAllowList: false });
    draft.note(['metricsTuning', 'operator-objects'], 'the chart sends every series of the objects to its destination; here they have no default list, so it is switched off to do the same');
  }
}
