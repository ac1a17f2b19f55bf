// Where log lines go: Grafana Cloud Loki (only with enableCloudWrite) and every logs.destinations entry.
//
// One loki.write per destination rather than one loki.write with an endpoint each: every destination
// then is its own component, with its own health, UI page and component_id on Alloy's metrics, so a
// failing Loki is named in the place people look; a config error names the destination; and a
// per-destination loki.process (the chart's pain point 13) can later go in front of one writer
// without touching the others. Delivery is the same either way: every writer gets every line.
import type { Ref } from '../../alloy/ast.ts';
import { call } from '../../alloy/ast.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { LokiWriteEndpointArgs } from '../../alloy/components/loki.ts';
import { loki } from '../../alloy/components/index.ts';
import type { Config, LokiEndpoint, SecretAuth } from '../../config/config.gen.ts';
import type { AlloyConfigFile, SecretEnv } from '../alloy-config.ts';

export const destinationsFileName = 'log-destinations.alloy';

export interface LogDestinations {
  /** The loki.write components; undefined when there is no destination. */
  file?: AlloyConfigFile;
  /** What sources forward to: every writer's receiver. Empty when there is no destination. */
  receivers: Ref<'LogsReceiver'>[];
  secretEnv: SecretEnv[];
}

interface Destination extends LokiEndpoint {
  name: string;
}

/** Cloud first, then the user's destinations in their order. */
export function destinationsOf(config: Config): Destination[] {
  const cloud = config.enableCloudWrite && config.cloud.logs ? [{ name: 'cloud', ...config.cloud.logs }] : [];
  return [...cloud, ...config.logs.destinations];
}

/** `LOKI_<NAME>_<PART>`: one variable per destination and credential, e.g. `LOKI_CLOUD_PASSWORD`. */
export function secretEnvName(destination: string, part: 'USERNAME' | 'PASSWORD' | 'TOKEN'): string {
  return `LOKI_${destination.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${part}`;
}

function auth(name: string, secretAuth: SecretAuth | undefined): { args: Partial<LokiWriteEndpointArgs>; env: SecretEnv[] } {
  if (secretAuth === undefined) return { args: {}, env: [] };
  const env = (part: 'USERNAME' | 'PASSWORD' | 'TOKEN', key: string): SecretEnv =>
    ({ name: secretEnvName(name, part), secret: secretAuth.secret, key });
  // The schema makes basic auth the default when `type` is left out.
  if (secretAuth.type === 'bearer') {
    const token = env('TOKEN', secretAuth.tokenKey);
    return { args: { authorization: { type: 'Bearer', credentials: call('sys.env', token.name) } }, env: [token] };
  }
  const username = env('USERNAME', secretAuth.usernameKey);
  const password = env('PASSWORD', secretAuth.passwordKey);
  return {
    args: { basic_auth: { username: call('sys.env', username.name), password: call('sys.env', password.name) } },
    env: [username, password],
  };
}

const nonEmpty = (headers: Record<string, string> | undefined) =>
  headers !== undefined && Object.keys(headers).length > 0 ? headers : undefined;

export function logDestinations(config: Config): LogDestinations {
  const destinations = destinationsOf(config);
  if (destinations.length === 0) return { receivers: [], secretEnv: [] };
  const labels = new Map<string, string>();
  const secretEnv: SecretEnv[] = [];
  const writers = destinations.map((d) => {
    const label = sanitizeLabel(d.name);
    const clash = labels.get(label);
    if (clash !== undefined) {
      throw new Error(`logs destinations "${clash}" and "${d.name}" both become loki.write "${label}"; rename one of them`);
    }
    labels.set(label, d.name);
    const credentials = auth(d.name, d.auth);
    secretEnv.push(...credentials.env);
    return loki.write(label, {
      // Added last, after label_keep, so the cluster label cannot be dropped by a pipeline.
      external_labels: { cluster: config.clusterName },
      endpoint: [{ url: d.url, tenant_id: d.tenantId, headers: nonEmpty(d.headers), ...credentials.args }],
    });
  });
  return {
    file: { name: destinationsFileName, file: { kind: 'file', body: writers.map((w) => w.block) } },
    receivers: writers.map((w) => w.exports.receiver),
    secretEnv,
  };
}
