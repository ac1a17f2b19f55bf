// integrations.{cert-manager,dcgm-exporter,grafana,loki,mimir}.instances: the chart's pod-scraping integrations ->
// `integrations.<name>.instances` (lib/integrations/), which scrape with the same job names. Each
// instance is written out in full (pods, port) because an empty list here means the integration's own
// defaults, which need not be the chart's.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { formatPath, type ValuePath } from '../values.ts';
import { metricsWithoutClusterSources } from './cluster-metrics.ts';

/** The chart's metrics port name of each integration when an instance names none (its rendered modules' defaults). */
export const chartPortNames: Record<string, string> = {
  'cert-manager': 'http-metrics',
  'dcgm-exporter': 'metrics',
  grafana: 'grafana',
  loki: 'http-metrics',
  mimir: 'http-metrics',
};

/** Integrations whose log lines this library labels (lib/integrations/<name>.ts has `logs`). */
const logging = new Set(['grafana', 'loki', 'mimir']);

const labelName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const instanceName = /^[a-z][a-z0-9-]*$/;
const portName = /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** Maps one integration; false when the integration is not one of these (the caller reports it). */
export function scrapeIntegration(context: ImportContext, key: string): boolean {
  if (chartPortNames[key] === undefined) return false;
  const { read, records, draft } = context;
  const at: ValuePath = ['integrations', key];
  const list = read.list([...at, 'instances']);
  if (list === undefined || list.length === 0) {
    if (read.present(at)) records.ignored(at, 'no instances: the chart scrapes nothing for this integration');
    return true;
  }
  const instances: DraftValue[] = [];
  const tunings: { path: ValuePath; tuning: Record<string, DraftValue> }[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const entry = instance(context, key, [...at, 'instances', i], tunings);
    if (entry === undefined) return true;
    instances.push(entry);
  }
  if (tunings.length > 1) {
    records.unsupported([...at, 'instances'], 'metrics.tuning on more than one instance: the allow-list tuning is per integration here (metricsTuning["integration-<name>"])', ['integrations']);
    return true;
  }
  // Without clusterMetrics the chart still scrapes its integrations: metrics stay on, with no cluster source.
  metricsWithoutClusterSources(context, `integrations.${key}`);
  draft.set(['integrations', key], { enabled: true, instances });
  draft.from(['integrations', key], formatPath([...at, 'instances']));
  if (tunings.length === 1) {
    draft.set(['metricsTuning', `integration-${key}`], tunings[0]!.tuning);
    draft.from(['metricsTuning', `integration-${key}`], formatPath(tunings[0]!.path));
  }
  return true;
}

function instance(context: ImportContext, key: string, at: ValuePath, tunings: { path: ValuePath; tuning: Record<string, DraftValue> }[]): DraftValue | undefined {
  const { read, records } = context;
  const fail = (path: ValuePath, why: string) => {
    records.unsupported(path, why, ['integrations']);
    return undefined;
  };
  const name = read.string([...at, 'name']);
  if (name === undefined || !instanceName.test(name)) return fail([...at, 'name'], 'an instance needs a name of lower-case letters, digits and dashes (it names the pipeline here)');
  records.mapped([...at, 'name'], `integrations.${key}.instances[].name`);
  const out: Record<string, DraftValue> = { name };

  const selectors = read.map([...at, 'labelSelectors']);
  if (selectors === undefined || Object.keys(selectors).length === 0) return fail(at, 'an instance without labelSelectors: the chart\'s module default selector has no field to copy here; name the pod labels');
  const podLabels: Record<string, string> = {};
  for (const [label, value] of Object.entries(selectors)) {
    if (typeof value !== 'string' || !labelName.test(label) || !labelValue.test(value)) {
      return fail([...at, 'labelSelectors', label], 'a selector other than one label equal to one value: pods are matched by equal labels here');
    }
    podLabels[label] = value;
  }
  out.podLabels = podLabels;
  records.mapped([...at, 'labelSelectors'], `integrations.${key}.instances[].podLabels`);

  const namespaces = read.strings([...at, 'namespaces']);
  if (namespaces !== undefined) {
    const bad = namespaces.filter((n) => !dnsLabel.test(n));
    if (bad.length > 0) return fail([...at, 'namespaces'], `not namespace names: ${bad.join(', ')}`);
    if (namespaces.length > 0) out.namespaces = namespaces;
    records.mapped([...at, 'namespaces'], `integrations.${key}.instances[].namespaces`);
  }

  const m: ValuePath = [...at, 'metrics'];
  if (read.bool([...m, 'enabled']) === false) return fail([...m, 'enabled'], 'an instance whose metrics are off: an integration instance here is scraped');
  if (read.has([...m, 'enabled'])) records.mapped([...m, 'enabled'], 'the instance is scraped');
  const givenPort = read.string([...m, 'portName']);
  const portNumber = read.number([...m, 'portNumber']);
  if (portNumber !== undefined) {
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) return fail([...m, 'portNumber'], `${portNumber} is not a port`);
    out.portNumber = portNumber;
    records.mapped([...m, 'portNumber'], `integrations.${key}.instances[].portNumber`);
    if (givenPort !== undefined) records.ignored([...m, 'portName'], 'portNumber is given too, and wins');
  } else {
    const port = givenPort ?? chartPortNames[key]!;
    if (!portName.test(port)) return fail([...m, 'portName'], `"${port}" is not a container port name`);
    // Written out even as the chart's default: this library's default port for the integration may differ.
    out.portName = port;
    if (givenPort !== undefined) records.mapped([...m, 'portName'], `integrations.${key}.instances[].portName`);
  }
  for (const field of ['scrapeInterval', 'scrapeTimeout'] as const) {
    for (const path of [[...at, field], [...m, field]]) {
      const value = read.string(path);
      if (value === undefined) continue;
      if (!duration.test(value)) return fail(path, `"${value}" is not a duration like "60s"`);
      out[field] = value;
      records.mapped(path, `integrations.${key}.instances[].${field}`);
    }
  }

  const t: ValuePath = [...m, 'tuning'];
  const tuning: Record<string, DraftValue> = {};
  const useDefault = read.bool([...t, 'useDefaultAllowList']);
  if (useDefault !== undefined) {
    tuning.useDefaultAllowList = useDefault;
    records.mapped([...t, 'useDefaultAllowList'], `metricsTuning["integration-${key}"].useDefaultAllowList`);
  }
  for (const list of ['includeMetrics', 'excludeMetrics'] as const) {
    const metrics = read.strings([...t, list]);
    if (metrics === undefined) continue;
    if (metrics.length > 0) tuning[list] = metrics;
    records.mapped([...t, list], `metricsTuning["integration-${key}"].${list}`);
  }
  if (Object.keys(tuning).length > 0) tunings.push({ path: t, tuning });

  const logs = read.bool([...at, 'logs', 'enabled']);
  if (logs !== undefined) {
    if (logging.has(key) && !logs) return fail([...at, 'logs', 'enabled'], `the ${key} integration always labels its pods' log lines here (with pod logs on)`);
    if (!logging.has(key) && logs) return fail([...at, 'logs', 'enabled'], `the ${key} integration has no log processing here`);
    records.mapped([...at, 'logs', 'enabled'], logs ? `integrations.${key} (its pods' log lines get its job and level)` : 'no log processing, as here');
  }
  if (read.has([...at, 'jobLabel'])) return fail([...at, 'jobLabel'], 'the job name is the integration\'s own here (its dashboards select on it)');
  return out;
}
