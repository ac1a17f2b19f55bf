// What each profiling source needs from the node, declared once: the workload grants the union of what
// the enabled sources declare, and tests/security/profiler-privileges.test.ts compares every rendered pod
// with this table. A source that is off adds nothing. Sources: Alloy's documentation of each component
// (grafana/alloy 66ebea856dffb242f921775e9552a133f60dc5c1, docs/sources/reference/components/pyroscope/).
import type { ProfilingSource } from '../pipelines/profiles/index.ts';

export interface Privileges {
  /** Runs as root: each component's docs require it (the processes it reads belong to other users). */
  root: boolean;
  /** The node's PID namespace, to see the processes of other pods. */
  hostPID: boolean;
  /** Linux capabilities added to an otherwise empty set (`drop: [ALL]`). */
  capabilities: readonly string[];
  /** Read-only host paths. */
  hostPaths: readonly string[];
}

export const sourcePrivileges: Readonly<Record<ProfilingSource, Privileges>> = {
  // The eBPF profiler, without `privileged: true` (its docs' "Required privileges"): BPF loads the
  // programs and maps, PERFMON attaches perf events, SYS_PTRACE reads /proc/<pid>, CHECKPOINT_RESTORE
  // follows /proc/<pid>/map_files for symbols (kernel 5.9+), SYS_RESOURCE raises RLIMIT_MEMLOCK for the
  // maps, DAC_READ_SEARCH reads other users' binaries, SYSLOG reads verifier diagnostics; tracefs to
  // attach tracepoints.
  ebpf: {
    root: true,
    hostPID: true,
    capabilities: ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'PERFMON', 'SYSLOG', 'SYS_PTRACE', 'SYS_RESOURCE'],
    hostPaths: ['/sys/kernel/tracing'],
  },
  // async-profiler: PERFMON, SYS_PTRACE, SYS_RESOURCE and SYS_ADMIN (entering the JVM's mount namespace)
  // are the set its docs add to the runtime's defaults. Of those defaults, which drop ALL removes, it
  // needs SETUID and SETGID: the attach switches to the JVM's own user, the only one a JVM accepts.
  java: {
    root: true,
    hostPID: true,
    capabilities: ['PERFMON', 'SETGID', 'SETUID', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_RESOURCE'],
    hostPaths: [],
  },
  // An HTTP client of the pods' pprof endpoints: nothing.
  pprof: { root: false, hostPID: false, capabilities: [], hostPaths: [] },
};

/** What a set of sources needs together. */
export function privilegesOf(sources: readonly ProfilingSource[]): Privileges {
  const all = sources.map((s) => sourcePrivileges[s]);
  return {
    root: all.some((p) => p.root),
    hostPID: all.some((p) => p.hostPID),
    capabilities: [...new Set(all.flatMap((p) => p.capabilities))].sort(),
    hostPaths: [...new Set(all.flatMap((p) => p.hostPaths))].sort(),
  };
}

/** Whether the pod leaves Pod Security `restricted` (and so the namespace must allow it). */
export const needsHostAccess = (p: Privileges): boolean => p.root || p.hostPID || p.capabilities.length > 0 || p.hostPaths.length > 0;
