// Where profiles go: one pyroscope.write per profiles.destinations entry, each its own component so a
// failing backend is named on Alloy's UI and metrics, as for the metrics and logs destinations.
// Credentials come from Secrets (lib/pipelines/destination-credentials.ts), never from the environment.
import type { Ref } from '../../alloy/ast.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfigFile, SecretEnv, SecretRead } from '../alloy-config.ts';
import { CredentialReader, envPrefix, proxyArgs } from '../destination-credentials.ts';

export const profileDestinationsFileName = 'profile-destinations.alloy';

export interface ProfileDestinations {
  file?: AlloyConfigFile;
  /** What every source forwards to: each writer's receiver. */
  receivers: Ref<'ProfilesReceiver'>[];
  secretEnv: SecretEnv[];
  secretReads: SecretRead[];
}

export function profileDestinations(config: Config): ProfileDestinations {
  const reader = new CredentialReader(config.namespace);
  const writers = config.profiles.destinations.map((d) => {
    const prefix = envPrefix('PYROSCOPE', d.name);
    const headers = { ...(d.tenantId === undefined ? {} : { 'X-Scope-OrgID': d.tenantId }), ...d.headers };
    const auth = reader.auth(prefix, d.auth);
    return catalogued('pyroscope.write', sanitizeLabel(d.name), {
      // The cluster, as on every other signal, so profiles join the cluster's metrics and logs.
      external_labels: { cluster: config.clusterName, ...d.externalLabels },
      endpoint: [{
        url: d.url,
        remote_timeout: d.remoteTimeout,
        headers: Object.keys(headers).length === 0 ? undefined : headers,
        basic_auth: auth.basic_auth,
        authorization: auth.authorization,
        tls_config: reader.tls(prefix, d.tls),
        ...proxyArgs(d.proxy),
      }],
    }, (c) => ({ receiver: c.ref<'ProfilesReceiver'>('receiver') }));
  });
  return {
    ...(writers.length === 0 ? {} : { file: { name: profileDestinationsFileName, file: { kind: 'file', body: [...reader.blocks, ...writers.map((w) => w.block)] } } }),
    receivers: writers.map((w) => w.exports.receiver),
    secretEnv: reader.secretEnv,
    secretReads: reader.secretReads,
  };
}
