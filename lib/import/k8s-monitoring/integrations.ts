// integrations.<name>.instances: the chart's per-application scrapes. The `alloy` integration scraping
// the chart's own Alloy collectors is what this library's Alloy self-scrape does (metrics.alloy); etcd is
// metrics.controlPlane.etcd; the pod-scraping ones are in scrape-integrations.ts, the exporters of mysql
// and postgresql in database-integrations.ts; every other integration has no pipeline here (an app can be scraped by pod label and port: metrics.apps).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';
import { databaseIntegration } from './database-integrations.ts';
import { scrapeIntegration } from './scrape-integrations.ts';

export function integrations(context: ImportContext): void {
  const { read, records, draft } = context;
  const root = read.map(['integrations']) ?? {};
  for (const key of Object.keys(root).sort()) {
    const at: ValuePath = ['integrations', key];
    if (key === 'collector') records.ignored(at, 'the collector follows from the feature here (alloy-metrics)');
    else if (key === 'alloy') alloyIntegration(context, at);
    else if (key === 'etcd') etcdIntegration(context, at);
    else if (scrapeIntegration(context, key)) continue;
    else if (databaseIntegration(context, key)) continue;
    else if (read.present(at)) records.unsupported(at, `the ${key} integration has no pipeline here; an app can be scraped by pod label and port (metrics.apps)`, ['metrics']);
  }
  // The chart scrapes its own Alloy collectors only through integrations.alloy; this library's Alloy
  // self-scrape is on by default, so without that integration it is turned off to do the same.
  if (draft.get(['metrics', 'enabled']) !== false && draft.get(['metrics', 'alloy', 'enabled']) !== true) {
    draft.set(['metrics', 'alloy', 'enabled'], false);
    draft.note(['metrics', 'alloy'], 'the chart scrapes its Alloy collectors only with integrations.alloy, which the values do not set');
  }
}

function alloyIntegration(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const instances = read.list([...at, 'instances']) ?? [];
  if (instances.length !== 1) {
    if (instances.length > 1) records.unsupported(at, 'more than one Alloy instance to scrape: this library scrapes its own Alloy workloads only', ['metrics']);
    return;
  }
  const instance: ValuePath = [...at, 'instances', 0];
  const selectors = read.map([...instance, 'labelSelectors']) ?? {};
  const names = selectors['app.kubernetes.io/name'];
  const list = Array.isArray(names) ? names : [names];
  const ownCollectors = Object.keys(selectors).length === 1 && list.every((n) => typeof n === 'string' && /^alloy(-[a-z]+)?$/.test(n));
  if (!ownCollectors) {
    records.unsupported(instance, 'an Alloy instance other than the chart\'s own collectors: this library scrapes its own Alloy workloads only', ['metrics']);
    return;
  }
  records.mapped([...instance, 'name'], 'metrics.alloy');
  records.mapped([...instance, 'labelSelectors'], 'metrics.alloy (the stack\'s own Alloy workloads)');
  draft.set(['metrics', 'alloy', 'enabled'], true);
  draft.from(['metrics'], 'integrations.alloy.instances[0]');
  const tuning: Record<string, DraftValue> = {};
  const t: ValuePath = [...instance, 'metrics', 'tuning'];
  const useDefault = read.bool([...t, 'useDefaultAllowList']);
  if (useDefault !== undefined) {
    tuning.useDefaultAllowList = useDefault;
    records.mapped([...t, 'useDefaultAllowList'], 'metricsTuning.alloy.useDefaultAllowList');
  }
  for (const key of ['includeMetrics', 'excludeMetrics'] as const) {
    const metrics = read.strings([...t, key]);
    if (metrics === undefined) continue;
    if (metrics.length > 0) tuning[key] = metrics;
    records.mapped([...t, key], `metricsTuning.alloy.${key}`);
  }
  if (Object.keys(tuning).length > 0) {
    draft.set(['metricsTuning', 'alloy'], tuning);
    draft.from(['metricsTuning', 'alloy'], 'integrations.alloy.instances[0].metrics.tuning');
  }
}

const labelName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The etcd integration: one instance, its pods by label -> metrics.controlPlane.etcd. The chart scrapes
 * them over http on port 2381 (etcd's --listen-metrics-urls) by default. It looks in every namespace;
 * here etcd is looked for in one namespace (kube-system unless the instance names one).
 */
function etcdIntegration(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const instances = read.list([...at, 'instances']) ?? [];
  if (instances.length !== 1) {
    if (instances.length > 1) records.unsupported(at, 'more than one etcd instance: metrics.controlPlane.etcd is one set of pods', ['metrics']);
    else if (read.present(at)) records.ignored(at, 'no etcd instance to scrape');
    return;
  }
  const instance: ValuePath = [...at, 'instances', 0];
  const selectors = read.map([...instance, 'labelSelectors']) ?? {};
  const podLabels: Record<string, string> = {};
  for (const [key, value] of Object.entries(selectors)) {
    if (typeof value !== 'string' || !labelName.test(key) || !labelValue.test(value)) {
      records.unsupported([...instance, 'labelSelectors', key], 'a selector other than one label equal to one value: etcd pods are matched by equal labels here', ['metrics']);
      return;
    }
    podLabels[key] = value;
  }
  const etcd: Record<string, DraftValue> = { enabled: true, scheme: 'http', port: 2381 };
  if (Object.keys(podLabels).length > 0) {
    etcd.podLabels = podLabels;
    records.mapped([...instance, 'labelSelectors'], 'metrics.controlPlane.etcd.podLabels');
  }
  records.mapped([...instance, 'name'], 'metrics.controlPlane.etcd (one instance)');
  const namespaces = read.strings([...instance, 'namespaces']);
  if (namespaces !== undefined && namespaces.length > 0) {
    if (namespaces.length !== 1 || !dnsLabel.test(namespaces[0]!)) {
      records.unsupported([...instance, 'namespaces'], 'etcd is looked for in one namespace here', ['metrics']);
      return;
    }
    etcd.namespace = namespaces[0]!;
    records.mapped([...instance, 'namespaces'], 'metrics.controlPlane.etcd.namespace');
  }
  const port = read.number([...instance, 'metrics', 'portNumber']);
  if (port !== undefined) {
    if (Number.isInteger(port) && port >= 1 && port <= 65535) {
      etcd.port = port;
      records.mapped([...instance, 'metrics', 'portNumber'], 'metrics.controlPlane.etcd.port');
    } else records.unsupported([...instance, 'metrics', 'portNumber'], `${port} is not a port`, ['metrics']);
  }
  for (const key of ['scrapeInterval', 'scrapeTimeout']) {
    const value = read.string([...instance, key]);
    if (value === undefined) continue;
    if (!/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(value)) {
      records.unsupported([...instance, key], `"${value}" is not a duration like "60s"`, ['metrics']);
      continue;
    }
    etcd[key] = value;
    records.mapped([...instance, key], `metrics.controlPlane.etcd.${key}`);
  }
  draft.set(['metrics', 'controlPlane', 'enabled'], true);
  draft.set(['metrics', 'controlPlane', 'etcd'], etcd);
  // Only etcd: the chart's other control-plane parts stay off unless clusterMetrics turned them on.
  if (draft.get(['metrics', 'controlPlane', 'apiServer']) === undefined && context.read.bool(['clusterMetrics', 'controlPlane', 'enabled']) !== true) {
    for (const part of ['apiServer', 'kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'coreDns']) {
      if (draft.get(['metrics', 'controlPlane', part]) === undefined) draft.set(['metrics', 'controlPlane', part, 'enabled'], false);
    }
  }
  draft.from(['metrics', 'controlPlane'], 'integrations.etcd.instances[0]');
  if (namespaces === undefined || namespaces.length === 0) {
    draft.note(['metrics', 'controlPlane'], 'the chart looks for etcd pods in every namespace; here in etcd.namespace (kube-system by default)');
  }
}
