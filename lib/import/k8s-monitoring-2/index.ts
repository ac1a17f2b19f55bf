// The older single-file layout (`externalServices`, `metrics`, `logs` at the top): the cluster name,
// the Prometheus and Loki services with basic auth, and the main switches. Everything else in it is
// reported as unsupported by the final pass; importing into the 3.x layout first is the chart's own path.
import type { ImportContext, Section } from '../context.ts';
import { secretNameFor } from '../credentials.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';

const urlPattern = /^https?:\/\/[^\s"\\]+$/;

function cluster(context: ImportContext): void {
  const name = context.read.string(['cluster', 'name']);
  if (name === undefined) return;
  context.draft.set(['clusterName'], name);
  context.draft.from(['clusterName'], 'cluster.name');
  context.records.mapped(['cluster', 'name'], 'clusterName');
}

/** host + writeEndpoint, basicAuth.username/password -> an endpoint with a Secret to create. */
function service(context: ImportContext, key: 'prometheus' | 'loki', defaultPath: string): Record<string, DraftValue> | undefined {
  const { read, records } = context;
  const at: ValuePath = ['externalServices', key];
  const host = read.string([...at, 'host']);
  if (host === undefined) return undefined;
  const path = read.string([...at, 'writeEndpoint']) ?? defaultPath;
  const url = `${host.replace(/\/+$/, '')}${path}`;
  const anchor = key === 'prometheus' ? 'cloud' : 'logs';
  if (!urlPattern.test(url)) {
    records.unsupported([...at, 'host'], 'not an http(s) URL', [anchor]);
    return undefined;
  }
  records.mapped([...at, 'host'], `${anchor} url`);
  if (read.has([...at, 'writeEndpoint'])) records.mapped([...at, 'writeEndpoint'], `${anchor} url`);
  const endpoint: Record<string, DraftValue> = { url };
  const tenant = read.string([...at, 'tenantId']);
  if (tenant !== undefined) {
    if (key === 'loki') endpoint.tenantId = tenant;
    else endpoint.headers = { 'X-Scope-OrgID': tenant };
    records.mapped([...at, 'tenantId'], key === 'loki' ? 'tenantId' : "headers['X-Scope-OrgID']");
  }
  const auth = read.string([...at, 'authMode']) ?? 'basic';
  if (read.has([...at, 'authMode'])) records.mapped([...at, 'authMode'], 'auth');
  const user = read.raw([...at, 'basicAuth', 'username']);
  const password = read.raw([...at, 'basicAuth', 'password']);
  if (auth === 'basic' && user !== undefined && password !== undefined) {
    const secret = secretNameFor(key);
    context.secrets.push({ name: secret, namespace: context.namespace, keys: [
      { key: 'username', from: `externalServices.${key}.basicAuth.username` },
      { key: 'password', from: `externalServices.${key}.basicAuth.password` },
    ] });
    records.mapped([...at, 'basicAuth', 'username'], `the Secret ${secret} (the value is not copied)`);
    records.mapped([...at, 'basicAuth', 'password'], `the Secret ${secret} (the value is not copied)`);
    endpoint.auth = { secret, usernameKey: 'username', passwordKey: 'password' };
  }
  return endpoint;
}

function externalServices(context: ImportContext): void {
  const metrics = service(context, 'prometheus', '/api/prom/push');
  if (metrics !== undefined) {
    context.draft.set(['enableCloudWrite'], true);
    context.draft.set(['cloud', 'metrics'], metrics);
    context.draft.from(['cloud', 'metrics'], 'externalServices.prometheus');
  }
  const logs = service(context, 'loki', '/loki/api/v1/push');
  if (logs !== undefined) {
    context.draft.set(['logs', 'destinations'], [{ name: 'loki', ...logs }]);
    context.draft.from(['logs', 'destinations'], 'externalServices.loki');
  }
}

const metricSources: [string, string][] = [
  ['kubelet', 'kubelet'], ['cadvisor', 'cadvisor'], ['kube-state-metrics', 'kubeStateMetrics'], ['node-exporter', 'nodeExporter'],
];

function switches(context: ImportContext): void {
  const { read, records, draft } = context;
  const metrics = read.bool(['metrics', 'enabled']);
  if (metrics !== undefined) {
    draft.set(['metrics', 'enabled'], metrics);
    draft.from(['metrics'], 'metrics.enabled');
    records.mapped(['metrics', 'enabled'], 'metrics.enabled');
  }
  const interval = read.string(['metrics', 'scrapeInterval']);
  if (interval !== undefined && /^([0-9]+(ns|us|ms|s|m|h))+$/.test(interval)) {
    draft.set(['metrics', 'scrapeInterval'], interval);
    records.mapped(['metrics', 'scrapeInterval'], 'metrics.scrapeInterval');
  }
  for (const [key, field] of metricSources) {
    const on = read.bool(['metrics', key, 'enabled']);
    if (on === undefined) continue;
    if (!on) draft.set(['metrics', field, 'enabled'], false);
    records.mapped(['metrics', key, 'enabled'], `metrics.${field}.enabled`);
  }
  const podLogs = read.bool(['logs', 'pod_logs', 'enabled']);
  if (podLogs !== undefined) {
    draft.set(['logs', 'enabled'], podLogs);
    draft.from(['logs'], 'logs.pod_logs.enabled');
    records.mapped(['logs', 'pod_logs', 'enabled'], 'logs.enabled');
  }
  const events = read.bool(['logs', 'cluster_events', 'enabled']);
  if (events !== undefined) {
    draft.set(['logs', 'events', 'enabled'], events);
    records.mapped(['logs', 'cluster_events', 'enabled'], 'logs.events.enabled');
  }
}

export const k8sMonitoring2Sections: Section[] = [cluster, externalServices, switches];
