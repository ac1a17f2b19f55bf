// destinations.alloy: the local Prometheus gets every series; Grafana Cloud, only when cloud write is
// on, gets what the per-component allow-lists let through. Both add the `cluster` label.
import type { Ref } from '../../alloy/ast.ts';
import { call, file } from '../../alloy/ast.ts';
import { prometheus } from '../../alloy/components/index.ts';
import type { RemoteWriteEndpointArgs } from '../../alloy/components/prometheus.ts';
import type { Config, MetricsEndpoint, RemoteWriteQueue } from '../../config/config.gen.ts';
import { goDurationSeconds } from '../../config/duration.ts';
import type { AlloyConfigFile, SecretEnv } from '../alloy-config.ts';

/** The in-cluster Prometheus Service the local remote_write targets; the Prometheus workload must match. */
export const localPrometheus = { service: 'prometheus', port: 9090 } as const;

export function localWriteUrl(namespace: string): string {
  return `http://${localPrometheus.service}.${namespace}.svc:${localPrometheus.port}/api/v1/write`;
}

/** Environment variables Alloy reads the cloud credentials from (filled from the user's Secret). */
export const cloudMetricsEnv = {
  username: 'CLOUD_METRICS_USERNAME',
  password: 'CLOUD_METRICS_PASSWORD',
  token: 'CLOUD_METRICS_TOKEN',
} as const;

// Used when the environment gives no queue (the schema's defaults). The in-memory queue
// (capacity x maxShards = 500k samples, about 4 minutes at 2000 samples/s) only smooths bursts: during
// an outage the shards block on retries (backing off up to 5s) and unsent samples wait in the WAL, which
// keeps them for up to walMaxKeepalive. So the defaults ride out 480 minutes (8h) of Grafana Cloud
// outage, as long as the WAL volume has room; after 8h Alloy drops the oldest unsent data rather than
// fill the disk. outageMinutes() is this arithmetic; tests hold this comment to it.
export const defaultCloudQueue: RemoteWriteQueue = {
  capacity: 10000,
  maxShards: 50,
  maxSamplesPerSend: 2000,
  maxBackoff: '5s',
  walMaxKeepalive: '8h',
};

/** Minutes of cloud outage a queue covers at `samplesPerSecond`: in memory alone, and with the WAL. */
export function outageMinutes(queue: RemoteWriteQueue, samplesPerSecond: number): { memory: number; wal: number } {
  return {
    memory: (queue.capacity * queue.maxShards) / samplesPerSecond / 60,
    wal: goDurationSeconds(queue.walMaxKeepalive) / 60,
  };
}

export interface MetricsDestinations {
  file: AlloyConfigFile;
  local: Ref<'MetricsReceiver'>;
  /** Only when cloud write is on. */
  remote?: Ref<'MetricsReceiver'>;
  secretEnv: SecretEnv[];
}

/** Credentials by reference: sys.env names in the config, secretKeyRefs for the workload. */
function cloudAuth(endpoint: MetricsEndpoint): { args: Partial<RemoteWriteEndpointArgs>; secretEnv: SecretEnv[] } {
  const auth = endpoint.auth;
  if (auth === undefined) return { args: {}, secretEnv: [] };
  if ('tokenKey' in auth) {
    return {
      // authorization{} is bearer_token by another name; the constructor has no bearer_token argument.
      args: { authorization: { type: 'Bearer', credentials: call('sys.env', cloudMetricsEnv.token) } },
      secretEnv: [{ name: cloudMetricsEnv.token, secret: auth.secret, key: auth.tokenKey }],
    };
  }
  return {
    args: { basic_auth: { username: call('sys.env', cloudMetricsEnv.username), password: call('sys.env', cloudMetricsEnv.password) } },
    secretEnv: [
      { name: cloudMetricsEnv.username, secret: auth.secret, key: auth.usernameKey },
      { name: cloudMetricsEnv.password, secret: auth.secret, key: auth.passwordKey },
    ],
  };
}

export function metricsDestinations(config: Config): MetricsDestinations {
  const externalLabels = { cluster: config.clusterName };
  const local = prometheus.remote_write('local', {
    external_labels: externalLabels,
    endpoint: [{ url: localWriteUrl(config.namespace) }],
  });
  if (!config.enableCloudWrite) {
    return { file: { name: 'destinations.alloy', file: file([local.block]) }, local: local.exports.receiver, secretEnv: [] };
  }

  const endpoint = config.cloud.metrics;
  if (endpoint === undefined) throw new Error('enableCloudWrite is true but cloud.metrics is not set');
  const queue = endpoint.queue ?? defaultCloudQueue;
  const auth = cloudAuth(endpoint);
  const remote = prometheus.remote_write('remote', {
    external_labels: externalLabels,
    endpoint: [{
      url: endpoint.url,
      headers: endpoint.headers,
      ...auth.args,
      queue_config: {
        capacity: queue.capacity,
        max_shards: queue.maxShards,
        max_samples_per_send: queue.maxSamplesPerSend,
        max_backoff: queue.maxBackoff,
      },
    }],
    wal: { max_keepalive_time: queue.walMaxKeepalive },
  });
  return {
    file: { name: 'destinations.alloy', file: file([local.block, remote.block]) },
    local: local.exports.receiver,
    remote: remote.exports.receiver,
    secretEnv: auth.secretEnv,
  };
}
