// destinations[] of type otlp -> traces.destinations: where the receiver (applicationObservability)
// sends what applications push to it. In the chart an OTLP destination also gets the data of every
// other feature that has the signal on (cluster metrics, pod logs...). Scraped metrics map to scrapedMetrics
// (allow-listed, as the chart's); a destination taking logs maps only while no other feature produces them.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { formatPath, type ValuePath } from '../values.ts';
import { common, destinationAuth, headers } from './destinations.ts';

const destinationName = /^[a-z][a-z0-9_-]*$/;
const hostPort = /^[A-Za-z0-9.-]+:[0-9]{1,5}$/;
const httpUrl = /^https?:\/\/[^\s"\\@]+$/;

/** Features whose metrics / logs the chart would also send to an OTLP destination that takes them. */
const metricFeatures = ['clusterMetrics', 'annotationAutodiscovery', 'prometheusOperatorObjects'];
const logFeatures = ['podLogs', 'podLogsViaKubernetesApi', 'nodeLogs', 'clusterEvents', 'podLogsObjects'];

export function otlpDestination(context: ImportContext, at: ValuePath, name: string, taken: Set<string>): DraftValue | undefined {
  const { read, records, draft } = context;
  const fail = (path: ValuePath, why: string) => {
    records.unsupported(path, why, ['traces']);
    // The destination's other keys belong to it: reported once, at the reason above.
    records.ignored(at, 'belongs to the unsupported OTLP destination');
    return undefined;
  };
  // The chart's default protocol for an OTLP destination is gRPC.
  const protocol = read.string([...at, 'protocol']) ?? 'grpc';
  if (protocol !== 'grpc' && protocol !== 'http') return fail([...at, 'protocol'], `protocol "${protocol}": grpc or http only`);
  const url = read.string([...at, 'url']);
  if (url === undefined) return fail(at, 'an OTLP destination without url (urlFrom has no field here)');
  // gRPC: host:port, or a URL as the chart also takes it (written as given: the client reads it the same).
  if (protocol === 'grpc') {
    if (!hostPort.test(url) && !/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?\/?$/.test(url)) return fail([...at, 'url'], `"${url}" is not a gRPC endpoint like host:4317`);
  } else if (!httpUrl.test(url)) return fail([...at, 'url'], `"${url}" is not an http(s) URL (credentials in the URL are never copied)`);
  records.mapped([...at, 'url'], 'traces.destinations[].url');
  if (read.has([...at, 'protocol'])) records.mapped([...at, 'protocol'], 'traces.destinations[].protocol');

  // The chart sends every signal to an OTLP destination unless it is switched off.
  const signals: string[] = [];
  let scraped = false;
  for (const signal of ['traces', 'metrics', 'logs'] as const) {
    const on = read.bool([...at, signal, 'enabled']) ?? true;
    if (!on) continue;
    const others = signal === 'metrics' ? metricFeatures : signal === 'logs' ? logFeatures : [];
    const producer = others.find((f) => read.raw([f, 'enabled']) === true) ?? (signal === 'metrics' && read.present(['integrations']) ? 'integrations' : undefined);
    // Scraped series go there too (scrapedMetrics), through the same allow-lists the chart applies to every destination.
    if (producer !== undefined && signal === 'metrics') scraped = true;
    else if (producer !== undefined) return fail([...at, signal, 'enabled'], `the chart would send ${producer}'s ${signal} here too; an OTLP destination gets only the receiver's ${signal} here`);
    signals.push(signal);
  }
  if (signals.length === 0) return fail(at, 'an OTLP destination with every signal off');
  for (const signal of ['traces', 'metrics', 'logs']) if (read.has([...at, signal, 'enabled'])) records.mapped([...at, signal, 'enabled'], 'traces.destinations[].signals');
  if (read.has([...at, 'profiles', 'enabled'])) records.ignored([...at, 'profiles', 'enabled'], 'no profiles here');

  const authType = read.string([...at, 'auth', 'type']) ?? 'none';
  if (authType === 'oauth2') return fail([...at, 'auth'], 'oauth2 is not offered for OTLP destinations here (basic, bearer or sigv4)');
  if (authType === 'sigv4' && (read.has([...at, 'auth', 'sigv4', 'accessKey']) || read.has([...at, 'auth', 'sigv4', 'secretKey']))) {
    return fail([...at, 'auth', 'sigv4'], 'an OTLP exporter signs with the pod\'s AWS identity only; static keys have no field there');
  }

  let local = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 40);
  if (local === '') local = 'otlp';
  while (!destinationName.test(local) || taken.has(local)) local = `${local.slice(0, 38)}-2`;
  taken.add(local);
  common(context, at);
  const entry: Record<string, DraftValue> = { name: local, protocol, url, signals, ...(scraped ? { scrapedMetrics: 'allowLists' } : {}) };
  const auth = destinationAuth(context, at, name, 'traces');
  if (authType !== 'none' && auth === undefined) {
    records.ignored(at, 'belongs to the OTLP destination whose auth is unsupported');
    return undefined;
  }
  if (auth !== undefined) entry.auth = auth;
  const rawTenant = read.raw([...at, 'tenantId']);
  const tenant = typeof rawTenant === 'number' ? String(rawTenant) : read.string([...at, 'tenantId']);
  if (tenant !== undefined) {
    entry.tenantId = tenant;
    records.mapped([...at, 'tenantId'], 'traces.destinations[].tenantId');
  }
  const extra = headers(context, at, 'traces.destinations[]', false);
  if (extra !== undefined) entry.headers = extra;
  const insecure = read.bool([...at, 'tls', 'insecure']);
  if (insecure !== undefined) records.mapped([...at, 'tls', 'insecure'], 'traces.destinations[].insecure');
  if (insecure === true) entry.insecure = true;
  draft.from(['traces', 'destinations'], `${formatPath(at)} (otlp "${name}")`);
  return entry;
}
