// Where the receiver sends what it received: one OTLP exporter per traces.destinations entry (gRPC:
// otelcol.exporter.otlp, HTTP: otelcol.exporter.otlphttp), each its own component so a failing backend
// is named on Alloy's UI and metrics. Credentials come from Secrets as for the metrics and logs
// destinations (lib/pipelines/destination-credentials.ts), handed to an otelcol.auth.* component.
import type { Block, Ref } from '../../alloy/ast.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { Component } from '../../alloy/component.ts';
import { otelcol, type OtelcolExports } from '../../alloy/components/otelcol.ts';
import type { OtelcolTLSClientArguments } from '../../alloy/components/arguments.gen.ts';
import type { Config, OtlpDestination } from '../../config/config.gen.ts';
import type { AlloyConfigFile, SecretEnv, SecretRead } from '../alloy-config.ts';
import { CredentialReader } from '../destination-credentials.ts';

export const traceDestinationsFileName = 'otlp-destinations.alloy';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export interface OtlpDestinations {
  file?: AlloyConfigFile;
  /** Per signal, the exporters' inputs that take it. */
  inputs: Record<OtlpSignal, Ref<'OtelConsumer'>[]>;
  /** Each destination's exporter input, by its name. */
  byName: ReadonlyMap<string, Ref<'OtelConsumer'>>;
  secretEnv: SecretEnv[];
  secretReads: SecretRead[];
}

/** `OTLP_<NAME>_<PART>`: the environment variables of one destination's credentials. */
export function otlpEnvPrefix(name: string): string {
  return `OTLP_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

function authComponent(reader: CredentialReader, prefix: string, label: string, d: OtlpDestination): Component<OtelcolExports> | undefined {
  const auth = d.auth;
  if (auth === undefined) return undefined;
  const from = (key: string) => ({ secret: auth.secret!, namespace: auth.namespace, key });
  switch (auth.type) {
    case 'bearer':
      return otelcol('otelcol.auth.bearer', label, { token: reader.value(`${prefix}_TOKEN`, from(auth.tokenKey), true) });
    case 'sigv4':
      // The pod's AWS identity signs (the config check refuses static keys here), assuming roleArn when given.
      return otelcol('otelcol.auth.sigv4', label, { region: auth.region, assume_role: auth.roleArn === undefined ? undefined : { arn: auth.roleArn } });
    case 'oauth2':
      // Refused by the semantic check; kept here so a new auth type cannot pass silently.
      throw new Error(`traces.destinations "${d.name}": auth type ${auth.type} is not supported for OTLP`);
    default:
      return otelcol('otelcol.auth.basic', label, {
        username: reader.value(`${prefix}_USERNAME`, from(auth.usernameKey), false),
        password: reader.value(`${prefix}_PASSWORD`, from(auth.passwordKey), true),
      });
  }
}

function tls(reader: CredentialReader, prefix: string, d: OtlpDestination): OtelcolTLSClientArguments | undefined {
  // Plain text only when asked for by name: an OTLP client otherwise always speaks TLS.
  if (d.insecure) return { insecure: true };
  const t = d.tls;
  if (t === undefined) return undefined;
  const from = (key: string) => ({ secret: t.secret, namespace: t.namespace, key });
  return {
    ca_pem: t.caKey === undefined ? undefined : reader.value(`${prefix}_TLS_CA`, from(t.caKey), false),
    cert_pem: t.certKey === undefined ? undefined : reader.value(`${prefix}_TLS_CERT`, from(t.certKey), false),
    key_pem: t.keyKey === undefined ? undefined : reader.value(`${prefix}_TLS_KEY`, from(t.keyKey), true),
    server_name: t.serverName,
    min_version: t.minVersion === undefined ? undefined : t.minVersion.replace('TLS1', '1.'),
  };
}

export function otlpDestinations(config: Config): OtlpDestinations {
  const reader = new CredentialReader(config.namespace);
  const inputs: OtlpDestinations['inputs'] = { traces: [], metrics: [], logs: [] };
  const blocks: Block[] = [];
  const labels = new Map<string, string>();
  const byName = new Map<string, Ref<'OtelConsumer'>>();
  for (const d of config.traces.destinations) {
    const label = sanitizeLabel(d.name);
    const clash = labels.get(label);
    if (clash !== undefined) throw new Error(`traces destinations "${clash}" and "${d.name}" both become exporter "${label}"; rename one of them`);
    labels.set(label, d.name);
    const prefix = otlpEnvPrefix(d.name);
    const auth = authComponent(reader, prefix, label, d);
    if (auth !== undefined) blocks.push(auth.block);
    const headers = { ...(d.tenantId === undefined ? {} : { 'X-Scope-OrgID': d.tenantId }), ...d.headers };
    const client = {
      endpoint: d.url!,
      compression: d.compression,
      headers: Object.keys(headers).length === 0 ? undefined : headers,
      auth: auth?.exports.handler,
      tls: tls(reader, prefix, d),
    };
    const sending_queue = d.queue === undefined ? undefined : { enabled: d.queue.enabled, queue_size: d.queue.queueSize, num_consumers: d.queue.numConsumers };
    const retry_on_failure = d.retry === undefined ? undefined : {
      enabled: d.retry.enabled, initial_interval: d.retry.initialInterval, max_interval: d.retry.maxInterval, max_elapsed_time: d.retry.maxElapsedTime,
    };
    const exporter = d.protocol === 'http'
      ? otelcol('otelcol.exporter.otlphttp', label, { client: { ...client, proxy_url: d.proxy?.url }, sending_queue, retry_on_failure })
      : otelcol('otelcol.exporter.otlp', label, { client, sending_queue, retry_on_failure });
    blocks.push(exporter.block);
    for (const signal of d.signals) inputs[signal].push(exporter.exports.input);
    byName.set(d.name, exporter.exports.input);
  }
  return {
    ...(blocks.length === 0 ? {} : { file: { name: traceDestinationsFileName, file: { kind: 'file', body: [...reader.blocks, ...blocks] } } }),
    inputs,
    byName,
    secretEnv: reader.secretEnv,
    secretReads: reader.secretReads,
  };
}

/**
 * The destinations file with only the exporters `used` references (and their auth components): a
 * tier that sends a destination nothing must not run its exporter, which the graph check refuses.
 */
export function withExporters(destinations: OtlpDestinations, used: readonly Ref<'OtelConsumer'>[]): AlloyConfigFile | undefined {
  if (destinations.file === undefined) return undefined;
  const ids = new Set(used.map((ref) => ref.path.slice(0, -1).join('.')));
  const kept = new Set<string>();
  for (const s of destinations.file.file.body) {
    if (s.kind === 'block' && s.name.startsWith('otelcol.exporter.') && ids.has(`${s.name}.${s.label}`)) kept.add(s.label ?? '');
  }
  const body = destinations.file.file.body.filter((s) => s.kind !== 'block' || !s.name.startsWith('otelcol.') || kept.has(s.label ?? ''));
  return kept.size === 0 ? undefined : { name: destinations.file.name, file: { kind: 'file', body } };
}
