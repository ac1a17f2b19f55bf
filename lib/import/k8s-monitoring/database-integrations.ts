// integrations.{mysql,postgresql}.instances: the chart runs prometheus.exporter.mysql/postgres inside
// Alloy, one per instance -> `integrations.<name>.instances[].exporter` (lib/integrations/), the same
// exporter. A DSN or username/password written in the values is never copied: the import names a Secret
// and prints the command that creates it; a Secret the user owns is referenced by name and keys.
// The log rules become the instance's podLabels/namespaces (the server's pods, whose lines get the job).
import { secretNameFor } from '../credentials.ts';
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { formatPath, type ValuePath } from '../values.ts';
import { metricsWithoutClusterSources } from './cluster-metrics.ts';

interface Database {
  /** The library's job name for the integration (lib/integrations/<name>.ts). */
  job: string;
  /** What the chart writes before `://` or `(` in the DSN, and what that is here. */
  protocols: Record<string, string | undefined>;
  /** dataSource keys of one driver only. */
  own: readonly string[];
}

const databases: Record<string, Database> = {
  // go-sql-driver: an empty network is tcp.
  mysql: { job: 'integrations/mysql', protocols: { '': undefined, tcp: 'tcp', tcp4: 'tcp4', tcp6: 'tcp6' }, own: [] },
  // The URL scheme; the library always writes postgresql://, which libpq reads like postgres://.
  postgresql: { job: 'integrations/postgresql', protocols: { postgresql: undefined, postgres: undefined }, own: ['database', 'sslmode'] },
};

const instanceName = /^[a-z][a-z0-9-]{0,40}$/;
const host = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
const secretKey = /^[-._a-zA-Z0-9]+$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const database = /^[A-Za-z0-9_$-]{1,63}$/;
const sslmodes = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const labelName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValue = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Maps one integration; false when it is not mysql or postgresql (the caller reports it). */
export function databaseIntegration(context: ImportContext, key: string): boolean {
  const db = databases[key];
  if (db === undefined) return false;
  const { read, records, draft } = context;
  const at: ValuePath = ['integrations', key];
  const list = read.list([...at, 'instances']);
  if (list === undefined || list.length === 0) {
    if (read.present(at)) records.ignored(at, 'no instances: the chart runs no exporter for this integration');
    return true;
  }
  const instances: DraftValue[] = [];
  for (let i = 0; i < list.length; i += 1) {
    const path: ValuePath = [...at, 'instances', i];
    const secretsBefore = context.secrets.length;
    const recordsBefore = records.list.length;
    const entry = instance(context, key, db, path);
    if (entry !== undefined) {
      instances.push(entry);
      continue;
    }
    // An instance left out maps nothing and asks for no Secret: only its unsupported key stays, and
    // the rest of it is covered by one record.
    context.secrets.splice(secretsBefore);
    const kept = records.list.splice(recordsBefore).filter((r) => r.status === 'unsupported');
    records.list.push(...kept);
    records.ignored(path, `not written: ${kept.map((r) => formatPath(r.path)).join(', ')} cannot be said here`);
  }
  if (instances.length === 0) return true;
  metricsWithoutClusterSources(context, `integrations.${key}`);
  draft.set(['integrations', key], { enabled: true, instances });
  draft.from(['integrations', key], formatPath([...at, 'instances']));
  return true;
}

/** One instance, or undefined when some key of it cannot be said here (recorded unsupported). */
function instance(context: ImportContext, key: string, db: Database, at: ValuePath): DraftValue | undefined {
  const { read, records, draft } = context;
  const anchor = ['integrations'];
  const name = read.string([...at, 'name']);
  if (name === undefined || !instanceName.test(name)) {
    records.unsupported([...at, 'name'], `${JSON.stringify(name ?? '')} is not an instance name here (lowercase letters, digits and '-', starting with a letter)`, anchor);
    return undefined;
  }
  records.mapped([...at, 'name'], `integrations.${key}.instances[].name`);
  // Every key that cannot be said is reported, not only the first.
  let failed = false;
  const fail = (path: ValuePath, why: string): void => {
    records.unsupported(path, why, anchor);
    failed = true;
  };
  const dbo = read.bool([...at, 'databaseObservability', 'enabled']);
  if (dbo === true) fail([...at, 'databaseObservability'], `database_observability.${key === 'mysql' ? 'mysql' : 'postgres'} (experimental: query samples, schema details and explain plans sent as logs) has no field here`);
  else if (read.has([...at, 'databaseObservability'])) records.ignored([...at, 'databaseObservability'], 'database observability is off, so the chart runs no database_observability component');
  const job = read.string([...at, 'jobLabel']);
  if (job !== undefined && job !== db.job) fail([...at, 'jobLabel'], `job "${job}": the job here is the integration's (${db.job}), which its dashboards select on`);
  else if (job !== undefined) records.mapped([...at, 'jobLabel'], `the integration's job (${db.job})`);
  else draft.note(['integrations', key], `the chart's job is integration/${key} by default; here ${db.job}, the job its dashboards select on`);
  const metricsOn = read.bool([...at, 'metrics', 'enabled']);
  if (metricsOn === false) fail([...at, 'metrics', 'enabled'], 'an instance here always runs its exporter; logs alone have no field');
  else if (metricsOn === true) records.mapped([...at, 'metrics', 'enabled'], 'the exporter runs');
  const entry: Record<string, DraftValue> = { name };
  for (const field of ['scrapeInterval', 'scrapeTimeout']) {
    const value = read.string([...at, 'metrics', field]);
    if (value === undefined || value === '') {
      if (value === '') records.ignored([...at, 'metrics', field], 'empty: the global interval, as here');
      continue;
    }
    if (!duration.test(value)) {
      fail([...at, 'metrics', field], `"${value}" is not a duration like "60s"`);
      continue;
    }
    entry[field] = value;
    records.mapped([...at, 'metrics', field], `integrations.${key}.instances[].${field}`);
  }
  const exporterOn = read.bool([...at, 'exporter', 'enabled']);
  if (exporterOn === false) fail([...at, 'exporter', 'enabled'], 'an instance here always runs its exporter');
  else if (exporterOn === true) records.mapped([...at, 'exporter', 'enabled'], 'the exporter runs');
  if (read.has([...at, 'exporter', 'collectors'])) fail([...at, 'exporter', 'collectors'], 'the exporter\'s collectors have no field here: it runs Alloy\'s default ones');
  else if (key === 'mysql') draft.note(['integrations', key], 'the chart also turns on the heartbeat and mysql.user collectors by default; here the exporter runs Alloy\'s default collectors');
  knobs(context, at, fail);
  const exporter = exporterOf(context, key, db, at, name);
  const logs = logSelection(context, key, at);
  if (failed || exporter === undefined || logs === undefined) return undefined;
  return { ...entry, exporter, ...logs };
}

/**
 * The chart's other instance settings: at their defaults they change nothing; set, each changes what is
 * collected and has no field here.
 */
function knobs(context: ImportContext, at: ValuePath, fail: (path: ValuePath, why: string) => void): void {
  const { read, records } = context;
  const settings: { path: ValuePath; why: string }[] = [
    { path: ['metrics', 'tuning', 'includeMetrics'], why: 'the chart keeps only these series, in every destination; here the integration\'s allow-list (metricsTuning["integration-<name>"]) filters the cloud path only' },
    { path: ['metrics', 'tuning', 'excludeMetrics'], why: 'the chart drops these series in every destination; here the integration\'s allow-list (metricsTuning["integration-<name>"]) filters the cloud path only' },
    { path: ['metrics', 'extraMetricProcessingRules'], why: 'raw Alloy relabel rules have no field here' },
    { path: ['exporter', 'autoDiscovery', 'enabled'], why: 'prometheus.exporter.postgres\' database autodiscovery has no field here' },
    { path: ['exporter', 'customQueriesConfigPath'], why: 'custom queries have no field here' },
    { path: ['exporter', 'disableDefaultMetrics'], why: 'the exporter\'s default metrics are always on here' },
    { path: ['exporter', 'disableSettingsMetrics'], why: 'the exporter\'s pg_settings metrics are always on here' },
  ];
  for (const { path, why } of settings) {
    const value = read.raw([...at, ...path]);
    if (value === undefined) continue;
    const unset = value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0);
    if (unset) records.ignored([...at, ...path], 'at the chart\'s default: no effect');
    else fail([...at, ...path], why);
  }
  // With autodiscovery off its allow and deny lists are never read.
  if (read.bool([...at, 'exporter', 'autoDiscovery', 'enabled']) !== true && read.has([...at, 'exporter', 'autoDiscovery'])) records.ignored([...at, 'exporter', 'autoDiscovery'], 'autodiscovery is off: its lists are not read');
  if (read.has([...at, 'metrics', 'maxCacheSize'])) records.ignored([...at, 'metrics', 'maxCacheSize'], 'the relabel component\'s cache size: no effect on what is collected');
}

/** The exporter's Secret: a DSN or the username and password, by reference only. */
function exporterOf(context: ImportContext, key: string, db: Database, at: ValuePath, name: string): DraftValue | undefined {
  const { read, records } = context;
  const anchor = ['integrations'];
  const e: ValuePath = [...at, 'exporter'];
  const secretAt: ValuePath = [...at, 'secret'];
  const fail = (path: ValuePath, why: string): undefined => {
    records.unsupported(path, why, anchor);
    return undefined;
  };
  if (read.string([...e, 'dataSourceNameFrom'])) return fail([...e, 'dataSourceNameFrom'], 'a data source name from an Alloy expression has no field here: put it in a Secret');
  if (read.has([...e, 'dataSourceNameFrom'])) records.ignored([...e, 'dataSourceNameFrom'], 'empty: not used');
  if (read.bool([...secretAt, 'embed']) !== undefined) records.ignored([...secretAt, 'embed'], 'credentials are always read from a Secret here, never embedded in the configuration');
  const generated = secretNameFor(`${name}-${key}`);
  const dsn = read.string([...e, 'dataSourceName']);
  if (dsn !== undefined && dsn !== '') {
    // The chart writes this DSN into its configuration; here it goes to a Secret the user creates.
    records.mapped([...e, 'dataSourceName'], `the Secret ${generated} (the value is not copied)`);
    if (read.has([...e, 'dataSource'])) records.ignored([...e, 'dataSource'], 'dataSourceName is set: the chart does not use dataSource');
    if (read.has(secretAt)) records.ignored(secretAt, 'dataSourceName is written in the values: the chart reads no Secret');
    context.secrets.push({ name: generated, namespace: context.namespace, keys: [{ key: 'dsn', from: formatPath([...e, 'dataSourceName']) }] });
    return { secret: generated, key: 'dsn' };
  }
  if (dsn === '') records.ignored([...e, 'dataSourceName'], 'empty: not used');
  const ds: ValuePath = [...e, 'dataSource'];
  const source: Record<string, DraftValue> = {};
  const hostName = read.string([...ds, 'host']);
  if (hostName === undefined || !host.test(hostName)) return fail([...ds, 'host'], hostName === undefined || hostName === '' ? 'no data source: neither dataSourceName nor dataSource.host' : `"${hostName}" is not a host name`);
  source.host = hostName;
  records.mapped([...ds, 'host'], 'exporter.dataSource.host');
  const port = read.number([...ds, 'port']);
  if (port !== undefined) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return fail([...ds, 'port'], `${port} is not a port`);
    source.port = port;
    records.mapped([...ds, 'port'], 'exporter.dataSource.port');
  }
  const protocol = read.string([...ds, 'protocol']);
  if (protocol !== undefined) {
    if (!(protocol in db.protocols)) return fail([...ds, 'protocol'], `protocol "${protocol}" has no field here (${Object.keys(db.protocols).filter((p) => p !== '').join(', ')})`);
    const mapped = db.protocols[protocol];
    if (mapped !== undefined) source.protocol = mapped;
    records.mapped([...ds, 'protocol'], mapped === undefined ? 'the driver\'s default' : 'exporter.dataSource.protocol');
  }
  for (const field of ['database', 'sslmode']) {
    const value = read.string([...ds, field]);
    if (value === undefined) continue;
    if (!db.own.includes(field)) return fail([...ds, field], `no ${field} in a ${key} data source`);
    if (value === '') {
      records.ignored([...ds, field], 'empty: not in the data source name');
      continue;
    }
    if (field === 'database' ? !database.test(value) : !sslmodes.has(value)) return fail([...ds, field], `"${value}" is not a ${field} here`);
    source[field] = value;
    records.mapped([...ds, field], `exporter.dataSource.${field}`);
  }
  // mysql's TLS parameters: off by default, and no field here.
  if (read.bool([...ds, 'allowFallbackToPlaintext']) === true) return fail([...ds, 'allowFallbackToPlaintext'], 'a DSN parameter with no field here');
  if (read.has([...ds, 'allowFallbackToPlaintext'])) records.ignored([...ds, 'allowFallbackToPlaintext'], 'false: the parameter is not in the DSN');
  if (read.string([...ds, 'tls'])) return fail([...ds, 'tls'], 'the DSN\'s tls parameter has no field here');
  if (read.has([...ds, 'tls'])) records.ignored([...ds, 'tls'], 'empty: not in the DSN');
  const auth: ValuePath = [...ds, 'auth'];
  for (const field of ['username', 'password']) {
    if (read.string([...auth, `${field}From`])) return fail([...auth, `${field}From`], 'credentials from an Alloy expression have no field here: put them in a Secret');
    if (read.has([...auth, `${field}From`])) records.ignored([...auth, `${field}From`], 'empty: not used');
  }
  const keyOf = (field: string): string | undefined => {
    const given = read.string([...auth, `${field}Key`]);
    if (given !== undefined) records.mapped([...auth, `${field}Key`], `exporter.dataSource.${field}Key`);
    return given ?? field;
  };
  const usernameKey = keyOf('username');
  const passwordKey = keyOf('password');
  for (const k of [usernameKey, passwordKey]) if (k === undefined || !secretKey.test(k)) return fail(auth, `"${k}" is not a Secret key`);
  const create = read.bool([...secretAt, 'create']) ?? true;
  if (read.has([...secretAt, 'create'])) records.mapped([...secretAt, 'create'], create ? 'the Secret the import asks for' : 'exporter.secret');
  if (create) {
    const username = read.string([...auth, 'username']);
    const password = read.string([...auth, 'password']);
    if (!username) return fail(auth, 'no username: the chart would connect without credentials, which the exporter here cannot');
    records.mapped([...auth, 'username'], `the Secret ${generated} (the value is not copied)`);
    const keys = [{ key: usernameKey!, from: formatPath([...auth, 'username']) }];
    source.usernameKey = usernameKey!;
    if (password) {
      records.mapped([...auth, 'password'], `the Secret ${generated} (the value is not copied)`);
      keys.push({ key: passwordKey!, from: formatPath([...auth, 'password']) });
      source.passwordKey = passwordKey!;
    } else if (password === '') records.ignored([...auth, 'password'], 'empty: the chart connects with the username alone, as here');
    for (const field of ['name', 'namespace']) if (read.has([...secretAt, field])) records.ignored([...secretAt, field], 'the chart creates the Secret from the values; the import names its own');
    context.secrets.push({ name: generated, namespace: context.namespace, keys });
    return { secret: generated, dataSource: source };
  }
  // The user's Secret: both keys are read (the chart's `user:password@` form).
  for (const field of ['username', 'password']) if (read.has([...auth, field])) records.ignored([...auth, field], 'secret.create is false: the chart reads the value from the named Secret, not from here');
  const secretName = read.string([...secretAt, 'name']);
  if (secretName === undefined || !dnsSubdomain.test(secretName)) return fail([...secretAt, 'name'], secretName === undefined ? 'secret.create is false without secret.name: the chart would derive the name from the release' : `"${secretName}" is not a Secret name`);
  records.mapped([...secretAt, 'name'], 'exporter.secret');
  source.usernameKey = usernameKey!;
  source.passwordKey = passwordKey!;
  const exporter: Record<string, DraftValue> = { secret: secretName };
  const namespace = read.string([...secretAt, 'namespace']);
  if (namespace !== undefined && namespace !== '') {
    if (!dnsLabel.test(namespace)) return fail([...secretAt, 'namespace'], `"${namespace}" is not a namespace`);
    // The chart reads it with remote.kubernetes.secret; so does the library when it is not the stack's.
    if (namespace !== context.namespace) exporter.namespace = namespace;
    records.mapped([...secretAt, 'namespace'], namespace === context.namespace ? 'the stack\'s namespace' : 'exporter.namespace');
  } else if (namespace === '') records.ignored([...secretAt, 'namespace'], 'empty: the release\'s namespace, here the stack\'s');
  exporter.dataSource = source;
  return exporter;
}

/** logs: the server's pods by label (and namespace) -> podLabels/namespaces; {} when no logs. */
function logSelection(context: ImportContext, key: string, at: ValuePath): Record<string, DraftValue> | undefined {
  const { read, records } = context;
  const anchor = ['integrations'];
  const logsAt: ValuePath = [...at, 'logs'];
  const enabled = read.bool([...logsAt, 'enabled']) ?? true;
  if (!enabled) {
    records.mapped(logsAt, 'no podLabels: the server\'s log lines are not labelled');
    return {};
  }
  if (read.has([...logsAt, 'enabled'])) records.mapped([...logsAt, 'enabled'], 'podLabels');
  const selectors = read.map([...logsAt, 'labelSelectors']) ?? {};
  if (Object.keys(selectors).length === 0) {
    // The chart's rule then has no source label and matches every pod of the cluster.
    records.unsupported(logsAt, 'logs on without labelSelectors: the chart labels every pod\'s lines as this instance\'s; here the server\'s pods are named by podLabels', anchor);
    return undefined;
  }
  const podLabels: Record<string, DraftValue> = {};
  for (const [label, value] of Object.entries(selectors)) {
    if (typeof value !== 'string' || !labelName.test(label) || !labelValue.test(value)) {
      records.unsupported([...logsAt, 'labelSelectors', label], 'a selector other than one label equal to one value: pods are matched by equal labels here', anchor);
      return undefined;
    }
    podLabels[label] = value;
  }
  records.mapped([...logsAt, 'labelSelectors'], 'podLabels (the server\'s pods, whose lines get the job)');
  context.draft.note(['integrations', key], 'the chart also sets instance=<instance name> on the server\'s log lines; here they keep the pod\'s instance label');
  const out: Record<string, DraftValue> = { podLabels };
  const namespaces = read.strings([...logsAt, 'namespaces']);
  if (namespaces !== undefined && namespaces.length > 0) {
    if (!namespaces.every((n) => dnsLabel.test(n))) return (records.unsupported([...logsAt, 'namespaces'], 'not namespace names', anchor), undefined);
    out.namespaces = namespaces;
    records.mapped([...logsAt, 'namespaces'], 'namespaces');
  } else if (namespaces !== undefined) records.ignored([...logsAt, 'namespaces'], 'empty: every namespace, as here');
  return out;
}
