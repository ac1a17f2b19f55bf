// Checks the schema cannot express: names that must be unique or must exist, regexes that must be
// RE2, timeouts that must fit their intervals. Each problem names the field path.
import type { Config, LogStage, LokiDestination, MetricsDestination, PyroscopeDestination, SecretAuth } from './config.gen.ts';
import { builtinMetricComponentNames, builtinMetricComponents, controlPlaneComponents, isBuiltinMetricComponent, joinedMetricComponents } from './metric-components.ts';
import { checkRe2 } from '../alloy/re2.ts';
import type { IntegrationName } from '../integrations/index.ts';
import { integrations } from '../integrations/index.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import { fieldPath } from './field-path.ts';
import { goDurationSeconds } from './duration.ts';
import { beylaProblems } from './beyla-semantic.ts';
import { profilesProblems } from './profiles-semantic.ts';
import { receiverProblems } from './receiver-semantic.ts';
import { exporterProblems } from './exporter-semantic.ts';
import { placementProblems } from './placement-semantic.ts';
import { namingProblems } from './names.ts';
import { reservedSeriesLabels } from '../pipelines/metrics/node-labels.ts';

type Path = (string | number)[];

const sigv4OnLoki = 'loki.write has no sigv4 (AWS Signature V4 is for Prometheus remote write); use basic, bearer or oauth2';

/** Parses the way Go's url.Parse and Alloy's HTTP client need: http(s), with a host. */
function parsesAsHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

// Headers whose value is a credential: the standard ones, and API keys or tokens by any prefix (X-Api-Key, X-Auth-Token).
const credentialHeader = /^(authorization|proxy-authorization|cookie)$|(^|-)(api-?key|[a-z]*token|auth|secret|password|passwd|session)(-|$)/i;

// Generated .alloy files an app's pipeline file must not replace.
const reservedFileNames = new Set(['targets', 'destinations']);

/** No string or field name holds a lone UTF-16 surrogate. */
function allWellFormed(value: unknown): boolean {
  if (typeof value === 'string') return value.isWellFormed();
  if (Array.isArray(value)) return value.every(allWellFormed);
  if (typeof value !== 'object' || value === null) return true;
  for (const [key, item] of Object.entries(value)) if (!key.isWellFormed() || !allWellFormed(item)) return false;
  return true;
}

export function semanticProblems(config: Config): string[] {
  const problems: string[] = [];
  const problem = (path: Path, message: string) => problems.push(`${fieldPath(path)}: ${message}`);
  const regex = (path: Path, pattern: string) => {
    const reason = checkRe2(pattern);
    if (reason !== undefined) problem(path, `${JSON.stringify(pattern)} is not a valid RE2 regular expression: ${reason}`);
  };

  if (config.logs.gather === 'kubernetesApi' && config.logs.nodeLogs.enabled) {
    problem(['logs', 'nodeLogs', 'enabled'], 'node logs are read from the journal on each node, which needs the DaemonSet; logs.gather kubernetesApi runs none (turn one of them off)');
  }

  namingProblems(config, problem);
  receiverProblems(config, problem);
  profilesProblems(config, problem);
  beylaProblems(config, problem);
  exporterProblems(config, problem);
  placementProblems(config, problem);

  for (const source of ['podLabels', 'namespaceLabels'] as const) {
    for (const name of Object.keys(config.metrics.enrichment[source])) {
      if (name.startsWith('__')) problem(['metrics', 'enrichment', source, name], 'a label starting with "__" is dropped after relabeling; choose another name');
      else if (reservedSeriesLabels.has(name)) problem(['metrics', 'enrichment', source, name], `"${name}" is a label the stack sets itself (dashboards join on it); choose another name`);
      else if (source === 'namespaceLabels' && name in config.metrics.enrichment.podLabels) problem(['metrics', 'enrichment', source, name], `"${name}" is also set from a pod label; one source per label`);
    }
  }
  for (const name of Object.keys(config.metrics.nodeLabels.labels)) {
    if (name.startsWith('__')) problem(['metrics', 'nodeLabels', 'labels', name], 'a label starting with "__" is dropped after relabeling; choose another name');
    else if (reservedSeriesLabels.has(name)) problem(['metrics', 'nodeLabels', 'labels', name], `"${name}" is a label the stack sets itself (dashboards join on it); choose another name`);
  }

  const fm = config.fleetManagement;
  if (fm.enabled && fm.url === undefined) problem(['fleetManagement', 'url'], 'enabled is true, so the Fleet Management URL of your stack is required');
  if (fm.enabled && fm.auth?.type === 'sigv4') problem(['fleetManagement', 'auth', 'type'], 'remotecfg has no sigv4; use basic (instance ID and token), bearer or oauth2');

  const scaling = config.alloyMetrics.autoscaling;
  if (scaling.enabled && scaling.minReplicas > scaling.maxReplicas) {
    problem(['alloyMetrics', 'autoscaling', 'minReplicas'], `${scaling.minReplicas} is above maxReplicas ${scaling.maxReplicas}`);
  }
  // Both would act on the collector's memory: the VPA raises the request the HPA's utilisation is measured
  // against, so each undoes the other (the VPA documentation: do not combine them on CPU or memory).
  const vpa = config.verticalAutoscaling;
  if (scaling.enabled && vpa.enabled && vpa.updateMode !== 'Off' && vpa.workloads.includes('alloyMetrics')) {
    problem(['verticalAutoscaling', 'updateMode'], `"${vpa.updateMode}" would resize alloy-metrics while alloyMetrics.autoscaling scales it on memory; the two fight. Use "Off" (recommendations only), or leave alloyMetrics out of verticalAutoscaling.workloads`);
  }

  if (config.enableCloudWrite && config.cloud.metrics === undefined) {
    problem(['cloud', 'metrics'], 'enableCloudWrite is true, so the Grafana Cloud metrics endpoint is required: cloud: { metrics: { url, auth } }');
  }

  if (config.metrics.enabled && !config.prometheus.enabled) {
    problem(['prometheus', 'enabled'], 'every scraped series is written to the local Prometheus, so it cannot be off while metrics are on; set metrics.enabled: false to render no metrics at all');
  }

  // The output is UTF-8 (YAML, Alloy), which cannot encode half of a UTF-16 surrogate pair.
  // Found first without building paths (almost no environment has one), then located.
  const text = { ...config, overrides: [] };
  if (!allWellFormed(text)) wellFormed([], text);

  const appNames = new Set<string>();
  config.metrics.apps.forEach((app, i) => {
    if (reservedFileNames.has(app.name)) problem(['metrics', 'apps', i, 'name'], `"${app.name}" would overwrite the generated ${app.name}.alloy; choose another app name`);
    else if (isBuiltinMetricComponent(app.name)) problem(['metrics', 'apps', i, 'name'], `"${app.name}" is a built-in component name; choose another app name`);
    else if (appNames.has(app.name)) problem(['metrics', 'apps', i, 'name'], `duplicate app name "${app.name}"`);
    appNames.add(app.name);
    timeoutFits(['metrics', 'apps', i], app.scrapeInterval ?? config.metrics.scrapeInterval, app.scrapeTimeout ?? config.metrics.scrapeTimeout);
  });
  for (const [name, settings] of Object.entries(config.integrations) as [IntegrationName, Config['integrations'][IntegrationName]][]) {
    const integration = integrations[name];
    const instanceNames = new Set<string>();
    settings.instances.forEach((instance, i) => {
      const at = ['integrations', name, 'instances', i];
      if (instanceNames.has(instance.name)) problem([...at, 'name'], `duplicate instance name "${instance.name}" in integration ${name}`);
      instanceNames.add(instance.name);
      if (instance.portName !== undefined && instance.portNumber !== undefined) problem(at, 'set portName or portNumber, not both');
      timeoutFits(at, instance.scrapeInterval ?? config.metrics.scrapeInterval, instance.scrapeTimeout ?? config.metrics.scrapeTimeout);
      const exporter = instance.exporter;
      if (exporter === undefined) return;
      if (integration.exporter === undefined) problem([...at, 'exporter'], `Alloy has no built-in exporter for ${name}; scrape its pods (remove exporter)`);
      else if (integration.exporter === 'redis' && exporter.address === undefined) problem([...at, 'exporter', 'address'], 'the redis exporter needs the server address (host:port); the Secret holds only the password');
      else if (integration.exporter !== 'redis' && exporter.address !== undefined) problem([...at, 'exporter', 'address'], `the ${name} exporter reads the server from the data source name; remove address`);
      if (integration.exporter === undefined) return;
      if ((exporter.key === undefined) === (exporter.dataSource === undefined)) {
        problem([...at, 'exporter'], integration.exporter === 'redis' ? 'the redis exporter reads its password from one key: set key' : 'set key (one key holding the data source name) or dataSource (the server and the username and password keys), not both');
        return;
      }
      const source = exporter.dataSource;
      if (source === undefined) return;
      if (integration.exporter === 'redis') problem([...at, 'exporter', 'dataSource'], 'the redis exporter takes address and key, not dataSource');
      // Each driver has its own fields: a field of the other would be silently left out of the DSN.
      if (integration.exporter === 'mysql' && source.database !== undefined) problem([...at, 'exporter', 'dataSource', 'database'], 'postgresql only: a mysql DSN here names no database (the exporter reads every schema)');
      if (integration.exporter === 'mysql' && source.sslmode !== undefined) problem([...at, 'exporter', 'dataSource', 'sslmode'], 'postgresql only');
      if (integration.exporter === 'postgres' && source.protocol !== undefined) problem([...at, 'exporter', 'dataSource', 'protocol'], 'mysql only: postgresql connects over tcp');
    });
  }
  for (const [name, key] of Object.entries(builtinMetricComponents)) {
    const settings = config.metrics[key];
    timeoutFits(['metrics', key], settings.scrapeInterval ?? config.metrics.scrapeInterval, settings.scrapeTimeout ?? config.metrics.scrapeTimeout);
    void name;
  }
  for (const key of Object.values(controlPlaneComponents)) {
    const settings = config.metrics.controlPlane[key];
    timeoutFits(['metrics', 'controlPlane', key], settings.scrapeInterval ?? config.metrics.scrapeInterval, settings.scrapeTimeout ?? config.metrics.scrapeTimeout);
  }
  const etcd = config.metrics.controlPlane.etcd;
  if (config.metrics.controlPlane.enabled && etcd.enabled && etcd.scheme === 'https' && etcd.clientCertificate === undefined) {
    problem(['metrics', 'controlPlane', 'etcd', 'clientCertificate'], 'etcd over https needs a client certificate: clientCertificate: { secret } names a Secret in the stack\'s namespace with ca.crt, tls.crt and tls.key (or set scheme: "http" and the port of --listen-metrics-urls)');
  }

  const components = [...builtinMetricComponentNames, ...joinedMetricComponents, ...appNames];
  for (const [name, tuning] of Object.entries(config.metricsTuning)) {
    if (!components.includes(name)) {
      problem(['metricsTuning', name], `no metrics component is named "${name}"${didYouMean(name, components)}; known: ${components.join(', ')}`);
    }
    tuning.includeMetrics.forEach((pattern, i) => regex(['metricsTuning', name, 'includeMetrics', i], pattern));
    tuning.excludeMetrics.forEach((pattern, i) => regex(['metricsTuning', name, 'excludeMetrics', i], pattern));
  }

  // A namespace filter that names one namespace on both sides is a mistake, whichever it meant.
  for (const [at, filter] of [[['metrics', 'namespaces'], config.metrics.namespaces], [['metrics', 'cadvisor', 'namespaces'], config.metrics.cadvisor.namespaces], [['metrics', 'kubeStateMetrics', 'namespaces'], config.metrics.kubeStateMetrics.namespaces]] as const) {
    for (const namespace of (filter?.include ?? []).filter((n) => (filter?.exclude ?? []).includes(n))) problem([...at, 'exclude'], `namespace "${namespace}" is also in include`);
  }
  const logs = config.logs;
  const ev = logs.events;
  for (const namespace of ev.namespaces.filter((n) => ev.excludeNamespaces.includes(n))) problem(['logs', 'events', 'excludeNamespaces'], `namespace "${namespace}" is also in namespaces`);
  for (const reason of ev.reasons.filter((r) => ev.excludeReasons.includes(r))) problem(['logs', 'events', 'excludeReasons'], `reason "${reason}" is also in reasons`);
  if (logs.dropProbeLogs.enabled) regex(['logs', 'dropProbeLogs', 'expression'], logs.dropProbeLogs.expression);
  for (const namespace of logs.namespaces.include.filter((n) => logs.namespaces.exclude.includes(n))) {
    problem(['logs', 'namespaces'], `namespace "${namespace}" is both included and excluded`);
  }
  checkStages(['logs', 'stages'], logs.stages);
  checkLabelSources();
  // Each destination becomes a loki.write labelled with its sanitized name: `a-b` and `a_b` would collide.
  const sanitizedDestinations = new Map<string, string>();
  logs.destinations.forEach((destination, i) => {
    const label = destination.name.replace(/-/g, '_');
    const other = sanitizedDestinations.get(label);
    if (other !== undefined) problem(['logs', 'destinations', i, 'name'], `"${destination.name}" and "${other}" both become the Alloy label ${label}; rename one`);
    sanitizedDestinations.set(label, destination.name);
  });
  const destinationNames = new Set<string>(['cloud']);
  logs.destinations.forEach((destination, i) => {
    if (destinationNames.has(destination.name)) {
      problem(['logs', 'destinations', i, 'name'], destination.name === 'cloud'
        ? '"cloud" is reserved for cloud.logs; choose another name'
        : `duplicate destination name "${destination.name}"`);
    }
    destinationNames.add(destination.name);
  });
  logs.destinations.forEach((destination, i) => destinationProblems(['logs', 'destinations', i], destination, 'logs'));
  config.profiles.destinations.forEach((destination, i) => destinationProblems(['profiles', 'destinations', i], destination, 'profiles'));
  if (config.cloud.logs?.auth?.type === 'sigv4') problem(['cloud', 'logs', 'auth', 'type'], sigv4OnLoki);
  tenantProblems(['cloud', 'logs', 'tenantId'], config.cloud.logs?.tenantId);
  authProblems(['cloud', 'metrics', 'auth'], config.cloud.metrics?.auth);
  authProblems(['cloud', 'logs', 'auth'], config.cloud.logs?.auth);

  const metricsNames = new Map<string, string>();
  config.metrics.destinations.forEach((destination, i) => {
    const at: Path = ['metrics', 'destinations', i];
    const label = destination.name.replace(/-/g, '_');
    if (['local', 'remote', 'cloud'].includes(destination.name)) {
      problem([...at, 'name'], `"${destination.name}" is reserved (local: the in-cluster Prometheus; cloud and remote: cloud.metrics); choose another name`);
    } else if (metricsNames.has(label)) {
      const other = metricsNames.get(label)!;
      problem([...at, 'name'], other === destination.name ? `duplicate destination name "${destination.name}"` : `"${destination.name}" and "${other}" both become the Alloy label ${label}; rename one`);
    }
    metricsNames.set(label, destination.name);
    // An OTLP destination that takes scraped series is routed to as otlp_<name> (metrics/destinations.ts).
    const otlp = config.traces.destinations.find((d) => d.scrapedMetrics !== 'off' && `otlp_${d.name.replace(/[^A-Za-z0-9_]/g, '_')}` === label);
    if (otlp !== undefined) problem([...at, 'name'], `"${destination.name}" has the Alloy label of traces.destinations "${otlp.name}" (scrapedMetrics); rename one`);
    destinationProblems(at, destination, 'metrics');
    if (destination.externalLabels?.cluster !== undefined) {
      problem([...at, 'externalLabels', 'cluster'], 'the cluster label is always clusterName; it cannot be set per destination');
    }
    for (const [j, name] of (destination.route?.components ?? []).entries()) {
      if (!components.includes(name)) problem([...at, 'route', 'components', j], `no metrics component is named "${name}"${didYouMean(name, components)}; known: ${components.join(', ')}`);
    }
    if (destination.metricsTuning !== undefined && destination.filter === 'none') {
      problem([...at, 'metricsTuning'], 'filter is "none" (every series), so there is no allow-list to tune; set filter: "allowLists" or remove metricsTuning');
    }
    for (const [name, tuning] of Object.entries(destination.metricsTuning ?? {})) {
      if (!components.includes(name)) problem([...at, 'metricsTuning', name], `no metrics component is named "${name}"${didYouMean(name, components)}; known: ${components.join(', ')}`);
      tuning.includeMetrics.forEach((pattern, j) => regex([...at, 'metricsTuning', name, 'includeMetrics', j], pattern));
      tuning.excludeMetrics.forEach((pattern, j) => regex([...at, 'metricsTuning', name, 'excludeMetrics', j], pattern));
    }
  });

  headersFree(['cloud', 'metrics', 'headers'], config.cloud.metrics?.headers);
  headersFree(['cloud', 'logs', 'headers'], config.cloud.logs?.headers);
  urlFree(['cloud', 'metrics', 'url'], config.cloud.metrics?.url);
  urlFree(['cloud', 'logs', 'url'], config.cloud.logs?.url);
  return problems;

  /** What every metrics and logs destination must get right: where it points, its headers, auth and tenant. */
  function destinationProblems(at: Path, d: MetricsDestination | LokiDestination | PyroscopeDestination, signal: 'metrics' | 'logs' | 'profiles') {
    const urlFrom = 'urlFrom' in d ? d.urlFrom : undefined;
    if ((d.url === undefined) === (urlFrom === undefined)) {
      problem(at, d.url === undefined ? 'needs url, or urlFrom: { secret, key } to read it from a Secret' : 'set url or urlFrom, not both');
    }
    urlFree([...at, 'url'], d.url);
    headersFree([...at, 'headers'], d.headers);
    if (d.proxy !== undefined) {
      urlFree([...at, 'proxy', 'url'], d.proxy.url);
      headersFree([...at, 'proxy', 'connectHeaders'], d.proxy.connectHeaders);
    }
    tenantProblems([...at, 'tenantId'], d.tenantId);
    const orgHeader = Object.keys(d.headers ?? {}).find((name) => name.toLowerCase() === 'x-scope-orgid');
    if (orgHeader !== undefined) problem([...at, 'headers', orgHeader], 'the tenant header is set by tenantId; use tenantId instead');
    authProblems([...at, 'auth'], d.auth);
    if (signal === 'logs' && d.auth?.type === 'sigv4') problem([...at, 'auth', 'type'], sigv4OnLoki);
    if (d.tls !== undefined && d.tls.caKey === undefined && d.tls.certKey === undefined) {
      problem([...at, 'tls'], 'names no PEM: set caKey (a CA to trust), or certKey and keyKey (a client certificate)');
    }
    if (d.tls !== undefined && (d.tls.certKey === undefined) !== (d.tls.keyKey === undefined)) {
      problem([...at, 'tls'], 'a client certificate needs both certKey and keyKey');
    }
    if (signal === 'logs') {
      const route = (d as LokiDestination).route;
      const exclude: string[] = route?.excludeNamespaces ?? [];
      for (const namespace of (route?.namespaces ?? []).filter((n) => exclude.includes(n))) {
        problem([...at, 'route'], `namespace "${namespace}" is both in namespaces and excludeNamespaces`);
      }
    }
  }

  function authProblems(at: Path, auth: SecretAuth | undefined) {
    if (auth?.type !== 'sigv4') return;
    const keys = [auth.accessKeyIdKey, auth.secretAccessKeyKey].filter((k) => k !== undefined).length;
    if (keys === 1) problem(at, 'static AWS keys need both accessKeyIdKey and secretAccessKeyKey (or neither, to use the pod\'s AWS identity)');
    if (keys === 2 && auth.secret === undefined) problem([...at, 'secret'], 'accessKeyIdKey and secretAccessKeyKey are keys of a Secret: name it in secret');
    if (keys === 0 && auth.secret !== undefined) problem([...at, 'secret'], 'a Secret without accessKeyIdKey and secretAccessKeyKey is never read; name the keys or remove secret');
  }

  // Loki (and Mimir) accept these characters only; "." and ".." are refused as path segments.
  function tenantProblems(at: Path, tenant: string | undefined) {
    if (tenant === '.' || tenant === '..') problem(at, `${JSON.stringify(tenant)} is not a valid tenant id`);
  }

  function wellFormed(path: Path, value: unknown) {
    const why = 'contains a lone UTF-16 surrogate (half of a character such as an emoji), which cannot be written as UTF-8';
    if (typeof value === 'string') {
      if (!value.isWellFormed()) problem(path, why);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => wellFormed([...path, i], item));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (key.isWellFormed()) wellFormed([...path, key], item);
        else problem([...path, key], `the field name ${why}`);
      }
    }
  }

  function timeoutFits(path: Path, interval: string, timeout: string) {
    if (goDurationSeconds(timeout) > goDurationSeconds(interval)) {
      problem([...path, 'scrapeTimeout'], `the scrape timeout ${timeout} is longer than the scrape interval ${interval}`);
    }
  }

  function headersFree(path: Path, headers: Record<string, string> | undefined) {
    for (const name of Object.keys(headers ?? {})) {
      if (credentialHeader.test(name)) {
        problem([...path, name], 'credentials cannot be written in an environment file; use auth: { secret, ... } to read them from a Kubernetes Secret');
      }
    }
  }

  // user:password@ would be rendered into a ConfigMap; the message does not repeat the URL.
  function urlFree(path: Path, url: string | undefined) {
    if (url !== undefined && !parsesAsHttpUrl(url)) {
      problem(path, `${JSON.stringify(url)} is not a valid http(s) URL (it must parse and name a host)`);
    } else if (url !== undefined && /^[a-z]+:\/\/[^/?#]*@/i.test(url)) {
      problem(path, 'credentials cannot be written in an environment file, not even in a URL (user:password@); use auth: { secret, ... } to read them from a Kubernetes Secret');
    }
  }

  // One Loki label from one source; never one the stack sets itself or Loki reserves.
  function checkLabelSources() {
    const owner = new Map<string, string>();
    for (const source of ['podLabels', 'podAnnotations', 'namespaceLabels', 'nodeLabels'] as const) {
      for (const target of Object.keys(logs[source])) {
        const at: Path = ['logs', source, target];
        if (target === 'cluster') problem(at, '"cluster" is reserved: every line gets it from clusterName; choose another label name');
        else if (target.startsWith('__')) problem(at, `"${target}" is reserved: names starting with __ are internal to Loki and Alloy; choose another label name`);
        else if (owner.has(target)) problem(at, `the label "${target}" is already set by ${owner.get(target)}; a label has one source`);
        else owner.set(target, fieldPath(at));
      }
    }
  }

  function checkStages(path: Path, stages: LogStage[]) {
    stages.forEach((stage, i) => {
      const at: Path = [...path, i];
      if ('regex' in stage) regex([...at, 'regex', 'expression'], stage.regex.expression);
      if ('drop' in stage && stage.drop.expression !== undefined) regex([...at, 'drop', 'expression'], stage.drop.expression);
      if ('drop' in stage && stage.drop.value !== undefined && stage.drop.source === undefined) {
        problem([...at, 'drop', 'value'], 'value needs source: it compares an extracted field, not the log line');
      }
      if ('multiline' in stage) regex([...at, 'multiline', 'firstLine'], stage.multiline.firstLine);
      if ('match' in stage) checkStages([...at, 'match', 'stages'], stage.match.stages ?? []);
      if ('metrics' in stage) checkLogMetrics([...at, 'metrics'], stage.metrics);
    });
  }

  /** What Alloy's stage.metrics refuses at load time, or would count wrongly. */
  function checkLogMetrics(path: Path, metrics: Extract<LogStage, { metrics: unknown }>['metrics']) {
    const actions = { counter: ['inc', 'add'], gauge: ['set', 'inc', 'dec', 'add', 'sub'], histogram: [] } as const;
    const seen = new Set<string>();
    metrics.forEach((m, j) => {
      const at: Path = [...path, j];
      if (seen.has(m.name)) problem([...at, 'name'], `duplicate metric "${m.name}" in this stage`);
      seen.add(m.name);
      const allowed: readonly string[] = actions[m.type];
      if (m.action !== undefined && !allowed.includes(m.action)) problem([...at, 'action'], `a ${m.type} takes ${allowed.length === 0 ? 'no action' : allowed.join(', ')}, not ${m.action}`);
      if (m.type === 'histogram' && m.buckets === undefined) problem([...at, 'buckets'], 'a histogram needs its bucket bounds');
      if (m.type !== 'histogram' && m.buckets !== undefined) problem([...at, 'buckets'], `only a histogram has buckets, not a ${m.type}`);
      if (m.buckets !== undefined && m.buckets.some((b, k) => k > 0 && b <= m.buckets![k - 1]!)) problem([...at, 'buckets'], 'bucket bounds must increase');
      if ((m.matchAll !== undefined || m.countEntryBytes !== undefined) && m.type !== 'counter') problem([...at, m.matchAll !== undefined ? 'matchAll' : 'countEntryBytes'], 'only a counter counts lines');
      if (m.countEntryBytes && !(m.matchAll && m.action === 'add')) problem([...at, 'countEntryBytes'], 'counting bytes needs matchAll: true and action: add');
      if (m.matchAll && m.source !== undefined) problem([...at, 'source'], 'matchAll counts every line, so a source would never be read; remove one');
    });
  }
}
