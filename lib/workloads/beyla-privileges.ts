// What Beyla needs from the node, by what it is asked to do: the workload grants exactly this, and
// tests/security/beyla-privileges.test.ts pins it. Source: Beyla's security documentation (grafana/beyla
// b21b6afaa76de29a1735f1f254f763e516858ce2, docs/sources/security.md) and Alloy's beyla.ebpf page
// (grafana/alloy 66ebea856dffb242f921775e9552a133f60dc5c1), which runs it as root with hostPID and an
// Unconfined AppArmor profile.
import type { Config } from '../config/config.gen.ts';
import type { Privileges } from './profiler-privileges.ts';

/**
 * Application observability: BPF loads the programs, PERFMON the kprobes' pointer arithmetic,
 * DAC_READ_SEARCH reads /proc/self/mem for the kernel version, CHECKPOINT_RESTORE follows /proc
 * symlinks, SYS_PTRACE reads /proc/<pid>/exe to find symbols to instrument, NET_RAW opens the
 * AF_PACKET socket of the HTTP socket filter (every language) and of network metrics.
 */
const base = ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'NET_RAW', 'PERFMON', 'SYS_PTRACE'];

export interface BeylaPrivileges extends Privileges {
  /** AppArmor's default profile blocks the eBPF calls Beyla makes. */
  appArmorUnconfined: true;
}

export function beylaPrivileges(config: Config): BeylaPrivileges {
  const b = config.beyla;
  return {
    root: true,
    hostPID: true,
    capabilities: [
      ...base,
      // Trace context propagation loads traffic-control (SCHED_CLS) programs.
      ...(b.traces.enabled && b.traces.contextPropagation ? ['NET_ADMIN'] : []),
      // Library-level instrumentation attaches uprobes.
      ...(b.libraryInstrumentation ? ['SYS_ADMIN'] : []),
    ].sort(),
    hostPaths: [],
    appArmorUnconfined: true,
  };
}
