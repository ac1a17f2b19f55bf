// Config -> the Alloy of alloy-profiles: the enabled profiling sources, each a file, all writing to every
// profiles.destinations entry. Nothing when no source is on: then no profiles workload is rendered at all.
import { file } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig, AlloyConfigFile } from '../alloy-config.ts';
import { profileDestinations } from './destinations.ts';
import { ebpfProfiling } from './ebpf.ts';
import { javaProfiling } from './java.ts';
import { pprofScraping } from './pprof.ts';
import { podsRbac, profiledPods } from './targets.ts';

export type ProfilingSource = 'ebpf' | 'java' | 'pprof';

/** The sources that are on, in a fixed order. */
export function profilingSources(config: Config): ProfilingSource[] {
  const p = config.profiling;
  return (['ebpf', 'java', 'pprof'] as const).filter((s) => p[s].enabled);
}

const fileOf = (name: string, components: readonly Component<object>[]): AlloyConfigFile =>
  ({ name, file: file(components.map((c) => c.block)) });

export function profilesAlloyConfig(config: Config): AlloyConfig | undefined {
  const sources = profilingSources(config);
  if (sources.length === 0) return undefined;
  const destinations = profileDestinations(config);
  const pods = profiledPods(config);
  const build = { ebpf: ebpfProfiling, java: javaProfiling, pprof: pprofScraping } as const;
  const files: AlloyConfigFile[] = [fileOf('profiles-targets.alloy', [pods])];
  for (const source of sources) files.push(fileOf(`profiles-${source}.alloy`, build[source](config, pods.exports.targets, destinations.receivers)));
  if (destinations.file !== undefined) files.push(destinations.file);
  return { files, rbac: [podsRbac], secretEnv: destinations.secretEnv, hostMounts: [], secretReads: destinations.secretReads };
}
