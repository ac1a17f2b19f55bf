// Cross-field checks of profiling and its destinations: what the schema alone cannot say.
import type { Config } from './config.gen.ts';
import { goDurationSeconds } from './duration.ts';

type Path = (string | number)[];

export function profilesProblems(config: Config, problem: (path: Path, message: string) => void): void {
  const names = new Set<string>();
  config.profiles.destinations.forEach((d, i) => {
    if (names.has(d.name)) problem(['profiles', 'destinations', i, 'name'], `duplicate destination name "${d.name}"`);
    names.add(d.name);
    if (d.auth?.type === 'oauth2' || d.auth?.type === 'sigv4') problem(['profiles', 'destinations', i, 'auth', 'type'], `${d.auth.type} is not offered for Pyroscope destinations; use basic or bearer`);
  });
  const noDestination = config.profiles.destinations.length === 0;
  const p = config.profiling;
  for (const source of ['ebpf', 'java', 'pprof'] as const) {
    const s = p[source];
    if (!s.enabled) continue;
    // Profiles with no writer would be collected, at the cost of the privileges above, and dropped.
    if (noDestination) problem(['profiling', source, 'enabled'], 'profiles need somewhere to go: add a profiles.destinations entry (a Pyroscope URL)');
    const excluded = new Set(s.namespaces.exclude);
    const both = s.namespaces.include.filter((n) => excluded.has(n));
    if (s.namespaces.include.length > 0 && both.length === s.namespaces.include.length) {
      problem(['profiling', source, 'namespaces'], `every included namespace (${both.join(', ')}) is also excluded, so nothing would be profiled`);
    } else if (both.length > 0) {
      problem(['profiling', source, 'namespaces'], `namespace ${both.join(', ')} is both included and excluded`);
    }
  }
  if (p.pprof.enabled && goDurationSeconds(p.pprof.scrapeInterval) < 3) {
    problem(['profiling', 'pprof', 'scrapeInterval'], `${p.pprof.scrapeInterval} is under 3s: a CPU profile samples for the interval minus 1s, and Alloy needs that over 1s`);
  }
  if (config.receiver.enabled && config.receiver.profiles.enabled && noDestination) {
    problem(['receiver', 'profiles', 'enabled'], 'pushed profiles need somewhere to go: add a profiles.destinations entry (a Pyroscope URL)');
  }
}
