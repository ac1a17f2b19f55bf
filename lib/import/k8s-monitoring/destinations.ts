// destinations[]: where the chart sends data. This library has one metrics endpoint besides its local
// Prometheus (cloud.metrics, sent the allow-listed series with enableCloudWrite) and a list of Loki
// endpoints (logs.destinations). So the first `prometheus` destination becomes cloud.metrics, every
// `loki` destination a logs.destinations entry, each `otlp` one a traces.destinations entry (what the
// receiver sends: otlp-destinations.ts), each `pyroscope` one a profiles.destinations entry
// (pyroscope-destinations.ts); custom destinations and a second Prometheus have no field yet (issue 17).
import type { ImportContext } from '../context.ts';
import { secretNameFor } from '../credentials.ts';
import type { DraftValue } from '../draft.ts';
import { formatPath, type ValuePath } from '../values.ts';
import { otlpDestination } from './otlp-destinations.ts';
import { pyroscopeDestination } from './pyroscope-destinations.ts';

const urlPattern = /^https?:\/\/[^\s"\\]+$/;
const lokiName = /^[a-z][a-z0-9_-]*$/;
// The config check refuses these as headers (they hold credentials); they belong in auth.
const credentialHeader = /^(authorization|proxy-authorization|cookie)$|(^|-)(api-?key|[a-z]*token|auth|secret|password|passwd|session)(-|$)/i;

export function destinations(context: ImportContext): void {
  const { read, records } = context;
  const list = read.list(['destinations']);
  if (list === undefined) return;
  let metricsTaken: string | undefined;
  const lokiNames = new Set<string>();
  const loki: DraftValue[] = [];
  const otlpNames = new Set<string>();
  const otlp: DraftValue[] = [];
  const pyroscopeNames = new Set<string>();
  const pyroscope: DraftValue[] = [];
  list.forEach((_, i) => {
    const at: ValuePath = ['destinations', i];
    const type = read.string([...at, 'type']);
    const name = read.string([...at, 'name']) ?? `destination-${i}`;
    if (type === 'prometheus') {
      if (metricsTaken !== undefined) {
        records.unsupported(at, `a second Prometheus destination ("${name}"; "${metricsTaken}" became cloud.metrics): one metrics endpoint until destination lists land (issue 17)`, ['cloud']);
        return;
      }
      if (prometheusDestination(context, at, name)) metricsTaken = name;
    } else if (type === 'loki') {
      const entry = lokiDestination(context, at, name, lokiNames);
      if (entry !== undefined) loki.push(entry);
    } else if (type === 'otlp') {
      const entry = otlpDestination(context, at, name, otlpNames);
      if (entry !== undefined) otlp.push(entry);
    } else if (type === 'pyroscope') {
      const entry = pyroscopeDestination(context, at, name, pyroscopeNames);
      if (entry !== undefined) pyroscope.push(entry);
    } else {
      records.unsupported(at, `"${String(type)}" destinations have no field here`, ['cloud']);
    }
  });
  if (loki.length > 0) {
    context.draft.set(['logs', 'destinations'], loki);
  }
  if (otlp.length > 0) context.draft.set(['traces', 'destinations'], otlp);
  if (pyroscope.length > 0) context.draft.set(['profiles', 'destinations'], pyroscope);
}

/** The common keys: name, type, and the signal switches that only OTLP destinations read. */
export function common(context: ImportContext, at: ValuePath): void {
  context.records.mapped([...at, 'name'], 'the destination name');
  context.records.mapped([...at, 'type'], 'the destination kind');
  for (const signal of ['metrics', 'logs', 'traces', 'profiles']) {
    if (context.read.has([...at, signal, 'enabled'])) context.records.ignored([...at, signal, 'enabled'], 'read by the chart for OTLP destinations only');
  }
}

function endpointUrl(context: ImportContext, at: ValuePath, field: string): string | undefined {
  const url = context.read.string([...at, 'url']);
  if (url === undefined) {
    context.records.unsupported(at, 'a destination without url (urlFrom or a templated url has no field here)', [field]);
    return undefined;
  }
  if (!urlPattern.test(url)) {
    context.records.unsupported([...at, 'url'], 'not an http(s) URL this library can write to', [field]);
    return undefined;
  }
  if (/^[a-z]+:\/\/[^/?#]*@/i.test(url)) {
    context.records.unsupported([...at, 'url'], 'credentials in the URL (user:password@) are never copied; use auth', [field]);
    return undefined;
  }
  context.records.mapped([...at, 'url'], `${field}.url`);
  return url;
}

export function headers(context: ImportContext, at: ValuePath, field: string, tenantHeader: boolean): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const extra = context.read.stringMap([...at, 'extraHeaders']);
  for (const [name, value] of Object.entries(extra ?? {})) {
    const path = [...at, 'extraHeaders', name];
    if (credentialHeader.test(name)) context.records.unsupported(path, 'a header holding a credential is never copied; use auth', [field]);
    else {
      out[name] = value;
      context.records.mapped(path, `${field}.headers`);
    }
  }
  if (tenantHeader) {
    const rawTenant = context.read.raw([...at, 'tenantId']);
    const tenant = typeof rawTenant === 'number' ? String(rawTenant) : context.read.string([...at, 'tenantId']);
    if (tenant !== undefined) {
      // The chart sends a Prometheus destination's tenantId as this header; the metrics endpoint has no tenant field.
      out['X-Scope-OrgID'] = tenant;
      context.records.mapped([...at, 'tenantId'], `${field}.headers['X-Scope-OrgID']`);
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function prometheusDestination(context: ImportContext, at: ValuePath, name: string): boolean {
  const url = endpointUrl(context, at, 'cloud');
  if (url === undefined) return false;
  common(context, at);
  const endpoint: Record<string, DraftValue> = { url };
  const auth = destinationAuth(context, at, name, 'cloud');
  if (auth !== undefined) endpoint.auth = auth;
  const extra = headers(context, at, 'cloud.metrics', true);
  if (extra !== undefined) endpoint.headers = extra;
  const queue = queueConfig(context, at);
  if (queue !== undefined) endpoint.queue = queue;
  context.draft.set(['enableCloudWrite'], true);
  context.draft.set(['cloud', 'metrics'], endpoint);
  context.draft.from(['enableCloudWrite'], formatPath(at));
  context.draft.from(['cloud', 'metrics'], `${formatPath(at)} (prometheus "${name}")`);
  context.draft.note(['enableCloudWrite'], 'the chart\'s Prometheus destination gets the allow-listed series; this stack also keeps every series in its local Prometheus');
  return true;
}

function lokiDestination(context: ImportContext, at: ValuePath, name: string, taken: Set<string>): DraftValue | undefined {
  const url = endpointUrl(context, at, 'logs');
  if (url === undefined) return undefined;
  common(context, at);
  let local = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '');
  if (local === '' || local === 'cloud') local = `loki-${local || 'destination'}`;
  while (!lokiName.test(local) || taken.has(local.replace(/-/g, '_'))) local = `${local}-2`;
  taken.add(local.replace(/-/g, '_'));
  const entry: Record<string, DraftValue> = { name: local, url };
  // YAML reads `tenantId: 1` as a number; the chart sends it as text.
  const rawTenant = context.read.raw([...at, 'tenantId']);
  const tenant = typeof rawTenant === 'number' ? String(rawTenant) : context.read.string([...at, 'tenantId']);
  if (tenant !== undefined) {
    entry.tenantId = tenant;
    context.records.mapped([...at, 'tenantId'], 'logs.destinations[].tenantId');
  }
  const auth = destinationAuth(context, at, name, 'logs');
  if (auth !== undefined) entry.auth = auth;
  const extra = headers(context, at, 'logs.destinations[]', false);
  if (extra !== undefined) entry.headers = extra;
  context.draft.from(['logs', 'destinations'], `${formatPath(at)} (loki "${name}")`);
  return entry;
}

const queueKeys = { capacity: 'capacity', maxShards: 'maxShards', maxSamplesPerSend: 'maxSamplesPerSend', maxBackoff: 'maxBackoff' } as const;

function queueConfig(context: ImportContext, at: ValuePath): Record<string, DraftValue> | undefined {
  const out: Record<string, DraftValue> = {};
  for (const [key, to] of Object.entries(queueKeys)) {
    const path = [...at, 'queueConfig', key];
    const value = key === 'maxBackoff' ? context.read.string(path) : context.read.number(path);
    if (value === undefined) continue;
    out[to] = value;
    context.records.mapped(path, `cloud.metrics.queue.${to}`);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * auth + secret: basic or bearer credentials, from a Secret the user owns (`secret.create: false`)
 * or, when written in the values, from a Secret the import asks the user to create. Anything read
 * from an Alloy expression (`*From`), a file, or another scheme (sigv4, oauth2) is unsupported.
 */
export function destinationAuth(context: ImportContext, at: ValuePath, name: string, anchor: string): DraftValue | undefined {
  const { read, records } = context;
  const authAt = [...at, 'auth'];
  const secretAt = [...at, 'secret'];
  const type = read.string([...authAt, 'type']) ?? 'none';
  records.mapped([...authAt, 'type'], 'auth.type');
  if (read.has([...secretAt, 'embed'])) records.ignored([...secretAt, 'embed'], 'credentials are always read from a Secret here, never embedded in the configuration');
  if (type === 'none') {
    if (read.has(authAt)) records.ignored(authAt, 'auth.type is none, so the chart does not use these keys');
    if (read.has(secretAt)) records.ignored(secretAt, 'no credentials to keep (auth.type is none)');
    return undefined;
  }
  const spec = authSpecs[type];
  if (spec === undefined || (type === 'sigv4' && anchor !== 'cloud' && anchor !== 'traces')) {
    const why = spec === undefined ? `auth.type ${type} has no field here (basic, bearerToken, oauth2 and sigv4 only)` : 'sigv4 signs requests to AWS services: for a Prometheus or OTLP destination only';
    records.unsupported(authAt, why, [anchor]);
    if (read.has(secretAt)) records.ignored(secretAt, 'belongs to the unsupported auth');
    return undefined;
  }
  const fieldsAt = spec.under === undefined ? authAt : [...authAt, spec.under];
  const fields = spec.fields;
  for (const field of fields) {
    for (const unsupported of [`${field}From`, `${field}File`]) {
      if (read.has([...fieldsAt, unsupported])) {
        records.unsupported([...fieldsAt, unsupported], 'credentials from an Alloy expression or a file have no field here: put them in a Secret', [anchor]);
        records.ignored(authAt, 'belongs to the unsupported auth');
        if (read.has(secretAt)) records.ignored(secretAt, 'belongs to the unsupported auth');
        return undefined;
      }
    }
  }
  const settings = spec.settings(context, fieldsAt, anchor);
  if (settings === undefined) return undefined;
  // sigv4 without keys: Alloy signs with the pod's AWS identity (IRSA, instance role), no Secret.
  if (spec.optional && fields.every((f) => !read.has([...fieldsAt, f])) && !read.has([...secretAt, 'name'])) {
    if (read.has(secretAt)) records.ignored(secretAt, 'no keys: the pod\'s AWS identity signs the requests');
    return settings;
  }
  const create = read.bool([...secretAt, 'create']) ?? true;
  if (read.has([...secretAt, 'create'])) records.mapped([...secretAt, 'create'], 'auth.secret');
  // Keys in the Secret: the chart's names by default (`username`, `password`, `bearerToken`).
  const keyOf = (field: string) => read.string([...fieldsAt, `${field}Key`]) ?? field;
  for (const field of fields) if (read.has([...fieldsAt, `${field}Key`])) records.mapped([...fieldsAt, `${field}Key`], 'the key in the Secret');
  let secret: string;
  if (create) {
    const missing = fields.filter((f) => read.raw([...fieldsAt, f]) === undefined);
    if (missing.length > 0) {
      records.unsupported(authAt, `auth.type ${type} without ${missing.join(' and ')}`, [anchor]);
      return undefined;
    }
    secret = secretNameFor(name);
    for (const field of fields) records.mapped([...fieldsAt, field], `the Secret ${secret} (the value is not copied)`);
    context.secrets.push({
      name: secret,
      namespace: context.namespace,
      keys: fields.map((f) => ({ key: keyOf(f), from: formatPath([...fieldsAt, f]) })),
    });
    for (const key of ['name', 'namespace']) if (read.has([...secretAt, key])) records.ignored([...secretAt, key], 'the chart creates the Secret from the values; the import names its own');
  } else {
    const given = read.string([...secretAt, 'name']);
    if (given === undefined) {
      records.unsupported(secretAt, 'secret.create is false without secret.name: the chart would derive the name from the release', [anchor]);
      return undefined;
    }
    const namespace = read.string([...secretAt, 'namespace']);
    if (namespace !== undefined && namespace !== context.namespace) {
      records.unsupported([...secretAt, 'namespace'], `the Secret is in namespace ${namespace}; this stack reads Secrets from its own namespace (${context.namespace}): copy it there`, [anchor]);
      return undefined;
    }
    if (namespace !== undefined) records.mapped([...secretAt, 'namespace'], 'the stack\'s namespace');
    records.mapped([...secretAt, 'name'], 'auth.secret');
    secret = given;
    for (const field of fields) {
      if (read.has([...fieldsAt, field])) records.ignored([...fieldsAt, field], 'secret.create is false: the chart reads the value from the named Secret, not from here');
    }
  }
  return spec.withSecret(settings, secret, keyOf);
}

interface AuthSpec {
  /** The map under auth the credential fields are in (auth.sigv4, auth.oauth2), when not auth itself. */
  under?: string;
  fields: string[];
  /** No credential fields at all is a complete setting (sigv4: the pod's identity). */
  optional?: boolean;
  /** The non-secret settings; undefined when one is unsupported (recorded). */
  settings: (context: ImportContext, at: ValuePath, anchor: string) => Record<string, DraftValue> | undefined;
  withSecret: (settings: Record<string, DraftValue>, secret: string, keyOf: (field: string) => string) => Record<string, DraftValue>;
}

const awsRegion = /^[a-z]{2}(-[a-z]+)+-[0-9]+$/;
const roleArn = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;
const scope = /^[!#-\[\]-~]+$/;
const clientId = /^[^\u0000-\u001f\u007f"\\]+$/;

const authSpecs: Record<string, AuthSpec> = {
  basic: {
    fields: ['username', 'password'],
    settings: () => ({}),
    withSecret: (_, secret, keyOf) => ({ secret, usernameKey: keyOf('username'), passwordKey: keyOf('password') }),
  },
  bearerToken: {
    fields: ['bearerToken'],
    settings: () => ({}),
    withSecret: (_, secret, keyOf) => ({ type: 'bearer', secret, tokenKey: keyOf('bearerToken') }),
  },
  // The chart's auth.sigv4: region and static keys (accessKey, secretKey), or none for the pod's identity.
  sigv4: {
    under: 'sigv4',
    fields: ['accessKey', 'secretKey'],
    optional: true,
    settings: (context, at, anchor) => {
      const out: Record<string, DraftValue> = { type: 'sigv4' };
      const region = context.read.string([...at, 'region']);
      if (region !== undefined) {
        if (!awsRegion.test(region)) {
          context.records.unsupported([...at, 'region'], `"${region}" is not an AWS region like "eu-west-1"`, [anchor]);
          return undefined;
        }
        out.region = region;
        context.records.mapped([...at, 'region'], `${anchor}.auth.region`);
      }
      // The OTLP exporter's form: assumeRole.arn, with the STS region and a session name.
      if (context.read.has([...at, 'assumeRole'])) {
        const arn = context.read.string([...at, 'assumeRole', 'arn']);
        if (arn === undefined || !roleArn.test(arn)) {
          context.records.unsupported([...at, 'assumeRole'], 'assumeRole without an IAM role ARN', [anchor]);
          return undefined;
        }
        out.roleArn = arn;
        context.records.mapped([...at, 'assumeRole', 'arn'], `${anchor}.auth.roleArn`);
        const sts = context.read.string([...at, 'assumeRole', 'stsRegion']);
        if (sts !== undefined && sts !== region) {
          context.records.unsupported([...at, 'assumeRole', 'stsRegion'], `STS in ${sts}, not the signing region ${String(region)}: no field here`, [anchor]);
          return undefined;
        }
        if (sts !== undefined) context.records.ignored([...at, 'assumeRole', 'stsRegion'], 'the signing region, which the role is assumed in here too');
        if (context.read.has([...at, 'assumeRole', 'sessionName'])) context.records.ignored([...at, 'assumeRole', 'sessionName'], 'only names the session in AWS CloudTrail; the data is the same');
      }
      const role = context.read.string([...at, 'roleArn']);
      if (role !== undefined) {
        if (!roleArn.test(role)) {
          context.records.unsupported([...at, 'roleArn'], `"${role}" is not an IAM role ARN`, [anchor]);
          return undefined;
        }
        out.roleArn = role;
        context.records.mapped([...at, 'roleArn'], `${anchor}.auth.roleArn`);
      }
      return out;
    },
    withSecret: (settings, secret, keyOf) => ({ ...settings, secret, accessKeyIdKey: keyOf('accessKey'), secretAccessKeyKey: keyOf('secretKey') }),
  },
  // The chart's auth.oauth2 client credentials: the client secret goes to a Secret, the rest is settings.
  oauth2: {
    under: 'oauth2',
    fields: ['clientSecret'],
    settings: (context, at, anchor) => {
      const { read, records } = context;
      const id = read.string([...at, 'clientId']);
      const tokenUrl = read.string([...at, 'tokenURL']);
      if (id === undefined || !clientId.test(id) || tokenUrl === undefined || !urlPattern.test(tokenUrl)) {
        records.unsupported(at, 'oauth2 needs a clientId (no quotes or backslashes) and an http(s) tokenURL', [anchor]);
        return undefined;
      }
      records.mapped([...at, 'clientId'], `${anchor}.auth.clientId`);
      records.mapped([...at, 'tokenURL'], `${anchor}.auth.tokenUrl`);
      const out: Record<string, DraftValue> = { type: 'oauth2', clientId: id, tokenUrl };
      const scopes = read.strings([...at, 'scopes']);
      if (scopes !== undefined) {
        if (!scopes.every((s) => scope.test(s))) {
          records.unsupported([...at, 'scopes'], 'scopes with spaces, quotes or backslashes', [anchor]);
          return undefined;
        }
        if (scopes.length > 0) out.scopes = scopes;
        records.mapped([...at, 'scopes'], `${anchor}.auth.scopes`);
      }
      const params = read.map([...at, 'endpointParams']);
      if (params !== undefined) {
        // The chart writes each parameter as a list; one value each is what the field holds.
        const flat: Record<string, string> = {};
        for (const [key, value] of Object.entries(params)) {
          const one = Array.isArray(value) && value.length === 1 ? value[0] : value;
          if (typeof one !== 'string') {
            records.unsupported([...at, 'endpointParams', key], 'an endpoint parameter with more than one value: one value each here', [anchor]);
            return undefined;
          }
          flat[key] = one;
        }
        if (Object.keys(flat).length > 0) out.endpointParams = flat;
        records.mapped([...at, 'endpointParams'], `${anchor}.auth.endpointParams`);
      }
      return out;
    },
    withSecret: (settings, secret, keyOf) => ({ ...settings, secret, clientSecretKey: keyOf('clientSecret') }),
  },
};
