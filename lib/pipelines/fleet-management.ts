// remotecfg.alloy: Grafana Fleet Management for every Alloy workload. Alloy polls the service and runs the
// pipelines it assigns beside the rendered files; the rendered ones stay the reviewed baseline, so a pipeline
// removed in Fleet Management never takes the stack's own collection with it.
import { attr, block, concat, file, ref, str, type AlloyFile } from '../alloy/ast.ts';
import type { Config } from '../config/config.gen.ts';
import type { AlloyConfig } from './alloy-config.ts';
import { CredentialReader, proxyArgs } from './destination-credentials.ts';

export const fleetManagementFile = 'remotecfg.alloy';

/** The remotecfg file for the workload `workload` (`alloy-metrics`), or undefined when Fleet Management is off. */
export function fleetManagementConfig(config: Config, workload: string): Partial<AlloyConfig> | undefined {
  const fm = config.fleetManagement;
  if (!fm.enabled || fm.url === undefined) return undefined;
  const credentials = new CredentialReader(config.namespace);
  const auth = credentials.auth('FLEET_MANAGEMENT', fm.auth);
  const attributes = {
    ...fm.attributes,
    cluster: config.clusterName,
    namespace: config.namespace,
    workload,
    platform: 'kubernetes',
    source: 'alloy-stack',
  };
  const authBlocks = Object.entries(auth).map(([name, args]) =>
    block(name, undefined, Object.entries(args as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => attr(k, v as never))));
  // A pod's hostname is its name: unique per pod, stable across restarts of a StatefulSet's pods.
  const id = concat(str(`${config.clusterName}-${config.namespace}-`), ref('constants', 'hostname'));
  const remotecfg = block('remotecfg', undefined, [
    attr('url', fm.url),
    attr('id', id),
    attr('name', ref('constants', 'hostname')),
    attr('attributes', Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)))),
    attr('poll_frequency', fm.pollFrequency),
    // Through the proxy, as every other outbound client of this stack can be.
    ...Object.entries(proxyArgs(fm.proxy)).filter(([, v]) => v !== undefined).map(([k, v]) => attr(k, v as never)),
    ...authBlocks,
  ]);
  const out: AlloyFile = file([...credentials.blocks, remotecfg]);
  return { files: [{ name: fleetManagementFile, file: out }], secretEnv: credentials.secretEnv, secretReads: credentials.secretReads };
}
