// pyroscope.receive_http in alloy-receiver: profiles that applications push with a Pyroscope SDK, passed
// on to every profiles.destinations entry. Its port is on the receiver's Service and NetworkPolicy with
// the OpenTelemetry ones (lib/pipelines/traces/receiver-ports.ts).
import { file } from '../../alloy/ast.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig } from '../alloy-config.ts';
import { profileDestinations } from './destinations.ts';

export const profilesReceiverFileName = 'profiles-receiver.alloy';

export function profilesReceiverConfig(config: Config): AlloyConfig | undefined {
  const r = config.receiver.profiles;
  if (!r.enabled) return undefined;
  const destinations = profileDestinations(config);
  const receiver = catalogued('pyroscope.receive_http', 'default', {
    http: { listen_address: '0.0.0.0', listen_port: r.port },
    forward_to: destinations.receivers,
  }, () => ({}));
  return {
    files: [{ name: profilesReceiverFileName, file: file([receiver.block]) }, ...(destinations.file === undefined ? [] : [destinations.file])],
    rbac: [],
    secretEnv: destinations.secretEnv,
    hostMounts: [],
    secretReads: destinations.secretReads,
  };
}
