// Security contexts. The default is Pod Security "restricted" plus a read-only root filesystem;
// every departure from it is a named function below with its reason next to it.
import type { PodSecurityContext, SecurityContext } from '../k8s/types.gen.ts';

/** `nobody`: the user the Prometheus, kube-state-metrics and node-exporter images run as. */
export const nobody = 65534;

/**
 * The `alloy` user (UID/GID 473) built into the grafana/alloy image, which owns /etc/alloy and
 * /var/lib/alloy there. The image defaults to root only for reading host logs; the metrics and
 * events pods read nothing from the host, and the only files they write are under
 * --storage.path, a volume that fsGroup makes writable. So they run as 473.
 */
export const alloyUser = 473;

// A function, not a constant: a shared object would print as a YAML anchor and alias.
const runtimeDefault = () => ({ type: 'RuntimeDefault' });

/** Container context for every container without a named exception. */
export function restrictedContainer(user: number, group = user): SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: group,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: runtimeDefault(),
  };
}

/**
 * Pod context to match. With a volume to write (PVC, hostPath), fsGroup gives the group write
 * access; OnRootMismatch skips the recursive chown on every start once the volume is right.
 */
export function restrictedPod(user: number, options: { fsGroup?: number } = {}): PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: user,
    ...(options.fsGroup === undefined ? {} : { fsGroup: options.fsGroup, fsGroupChangePolicy: 'OnRootMismatch' }),
    seccompProfile: runtimeDefault(),
  };
}

/**
 * EXCEPTION (alloy-logs): runs as root. Container log files under /var/log/pods are root-owned
 * and 0640 or 0600, and the journal is root:systemd-journal, so a non-root user cannot read them
 * (Kubernetes gives added capabilities to non-root processes only through file capabilities,
 * which the image does not set). Root keeps every other restriction: no privileged mode, no
 * privilege escalation, read-only root filesystem, seccomp RuntimeDefault, and all capabilities
 * dropped except DAC_READ_SEARCH, which lets it read and traverse log files owned by other users
 * (e.g. user-namespace-remapped runtimes) without DAC_OVERRIDE's right to write them.
 */
export function hostLogReaderContainer(): SecurityContext {
  return {
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], add: ['DAC_READ_SEARCH'] },
    seccompProfile: runtimeDefault(),
  };
}

/** Pod context of the host log reader: root (see hostLogReaderContainer), seccomp RuntimeDefault. */
export function hostLogReaderPod(): PodSecurityContext {
  return { runAsUser: 0, runAsGroup: 0, seccompProfile: runtimeDefault() };
}

/**
 * EXCEPTION (alloy-profiles with eBPF or Java profiling): root with exactly the capabilities the enabled
 * sources declare (lib/workloads/profiler-privileges.ts), never `privileged: true`, which would also
 * turn off seccomp and give every capability. Everything else stays: no privilege escalation, a
 * read-only root filesystem, seccomp RuntimeDefault (which allows bpf and perf_event_open to a process
 * holding BPF and PERFMON).
 */
export function profilerContainer(capabilities: readonly string[]): SecurityContext {
  return {
    runAsNonRoot: false,
    runAsUser: 0,
    runAsGroup: 0,
    privileged: false,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], add: [...capabilities] },
    seccompProfile: runtimeDefault(),
  };
}

/**
 * EXCEPTION (Kepler): root, for the RAPL energy counters (the powercap zones' energy_uj files are readable by root only
 * since CVE-2020-8694), with SYS_PTRACE alone added, to read other processes' /proc entries through hostPID.
 * Kepler's own manifests run it `privileged: true`; 0.11 loads no eBPF program and no kernel module, so it needs
 * neither that nor SYS_ADMIN or BPF. The rest of the restricted profile stays, as for the profiler.
 */
export function keplerContainer(): SecurityContext {
  return profilerContainer(['SYS_PTRACE']);
}

/**
 * EXCEPTION (windows-exporter): a HostProcess container, which runs on the Windows node itself as SYSTEM: the
 * only way to read the node's performance counters (WMI and PDH are not visible from a process-isolated
 * container). Linux settings do not apply to Windows pods and are left out.
 */
export function windowsHostProcessPod(): PodSecurityContext {
  return { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\system' } };
}

/** Pod context of the profiler: root (see profilerContainer), seccomp RuntimeDefault. */
export function profilerPod(): PodSecurityContext {
  return { runAsUser: 0, runAsGroup: 0, seccompProfile: runtimeDefault() };
}

/**
 * EXCEPTION (alloy-beyla): as profilerContainer, root with exactly the capabilities of
 * lib/workloads/beyla-privileges.ts, plus an Unconfined AppArmor profile, which Beyla's docs require
 * (the runtime's default profile denies its eBPF operations); seccomp stays RuntimeDefault.
 */
export function beylaContainer(capabilities: readonly string[], appArmorField: boolean): SecurityContext {
  return { ...profilerContainer(capabilities), ...(appArmorField ? { appArmorProfile: { type: 'Unconfined' } } : {}) };
}

/** Before Kubernetes 1.30 the AppArmor profile is this annotation of the pod (the field came in 1.30). */
export const appArmorAnnotation = (container: string): string => `container.apparmor.security.beta.kubernetes.io/${container}`;

/** Whether the API server of this Kubernetes minor version serves the securityContext.appArmorProfile field. */
export const servesAppArmorField = (kubernetesVersion: string): boolean => Number(kubernetesVersion.split('.')[1]) >= 30;
