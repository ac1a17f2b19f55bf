// The Kubernetes Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/)
// as a checker over a pod template, written from the published controls rather than from our own code, so
// it can disagree with lib/workloads. Check IDs are those of the pod-security-admission library, so a
// failure reads like the warning `kubectl apply` would print. The levels are cumulative: `restricted`
// runs every `baseline` control too (PSA reports a few of those under the restricted ID instead; the
// verdict, pass or fail, is the same). Windows pods are out of scope: everything here runs on Linux.
import type { Container, EphemeralContainer, PodTemplateSpec, SecurityContext, Volume } from '../../lib/k8s/types.gen.ts';

export type Level = 'baseline' | 'restricted';

export type BaselineCheck =
  | 'hostProcess' | 'hostNamespaces' | 'privileged' | 'capabilities_baseline' | 'hostPathVolumes' | 'hostPorts'
  | 'appArmorProfile' | 'seLinuxOptions' | 'procMount' | 'seccompProfile_baseline' | 'sysctls';
export type RestrictedCheck =
  | 'restrictedVolumes' | 'allowPrivilegeEscalation' | 'runAsNonRoot' | 'runAsUser' | 'seccompProfile_restricted' | 'capabilities_restricted';
export type Check = BaselineCheck | RestrictedCheck;

export interface Violation {
  check: Check;
  /** What is wrong and where, for a person. */
  detail: string;
}

// Baseline: capabilities a container may add beyond the runtime's default set.
const baselineCapabilities = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
// Baseline: the "safe" sysctls (namespaced, cannot affect other pods or the node).
const safeSysctls = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const seLinuxTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
// Restricted: volume sources that cannot reach the node's files or devices.
const restrictedVolumeSources = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const appArmorAnnotation = 'container.apparmor.security.beta.kubernetes.io/';

type AnyContainer = Container | EphemeralContainer;

function containersOf(template: PodTemplateSpec): { kind: string; c: AnyContainer }[] {
  const spec = template.spec ?? { containers: [] };
  return [
    ...(spec.initContainers ?? []).map((c) => ({ kind: 'initContainer', c })),
    ...spec.containers.map((c) => ({ kind: 'container', c })),
    ...(spec.ephemeralContainers ?? []).map((c) => ({ kind: 'ephemeralContainer', c })),
  ];
}

/** The volume's source type: its one field besides `name`. */
export function volumeSource(volume: Volume): string {
  return Object.keys(volume).filter((k) => k !== 'name').join('+') || '(none)';
}

function baseline(template: PodTemplateSpec, out: Violation[]): void {
  const spec = template.spec!;
  const pod = spec.securityContext ?? {};
  const add = (check: Check, detail: string) => out.push({ check, detail });
  const containers = containersOf(template);
  const sc = (c: AnyContainer): SecurityContext => c.securityContext ?? {};

  if (pod.windowsOptions?.hostProcess) add('hostProcess', 'pod sets windowsOptions.hostProcess');
  for (const { kind, c } of containers) if (sc(c).windowsOptions?.hostProcess) add('hostProcess', `${kind} ${c.name} sets windowsOptions.hostProcess`);

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[field]) add('hostNamespaces', `${field}: true`);

  for (const { kind, c } of containers) if (sc(c).privileged) add('privileged', `${kind} ${c.name} is privileged`);

  for (const { kind, c } of containers) {
    for (const cap of sc(c).capabilities?.add ?? []) {
      if (!baselineCapabilities.has(cap)) add('capabilities_baseline', `${kind} ${c.name} adds ${cap}`);
    }
  }

  for (const v of spec.volumes ?? []) if (v.hostPath !== undefined) add('hostPathVolumes', `volume ${v.name} is hostPath ${v.hostPath.path}`);

  // With hostNetwork the API server defaults every hostPort to its containerPort, so those count.
  for (const { kind, c } of containers) {
    for (const p of c.ports ?? []) {
      const hostPort = p.hostPort ?? (spec.hostNetwork ? p.containerPort : 0);
      if (hostPort !== 0) add('hostPorts', `${kind} ${c.name} uses host port ${hostPort}${p.hostPort === undefined ? ' (hostNetwork)' : ''}`);
    }
  }

  const annotations = template.metadata?.annotations ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(appArmorAnnotation) && value !== 'runtime/default' && !value.startsWith('localhost/')) add('appArmorProfile', `annotation ${key}=${value}`);
  }
  const appArmorOk = (type: string | undefined) => type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
  if (!appArmorOk(pod.appArmorProfile?.type)) add('appArmorProfile', `pod AppArmor profile ${pod.appArmorProfile!.type}`);
  for (const { kind, c } of containers) {
    if (!appArmorOk(sc(c).appArmorProfile?.type)) add('appArmorProfile', `${kind} ${c.name} AppArmor profile ${sc(c).appArmorProfile!.type}`);
  }

  const seLinux = [{ who: 'pod', o: pod.seLinuxOptions }, ...containers.map(({ kind, c }) => ({ who: `${kind} ${c.name}`, o: sc(c).seLinuxOptions }))];
  for (const { who, o } of seLinux) {
    if (o === undefined) continue;
    if (!seLinuxTypes.has(o.type ?? '')) add('seLinuxOptions', `${who} SELinux type ${o.type}`);
    if ((o.user ?? '') !== '' || (o.role ?? '') !== '') add('seLinuxOptions', `${who} sets SELinux user or role`);
  }

  for (const { kind, c } of containers) {
    const mount = sc(c).procMount;
    if (mount !== undefined && mount !== 'Default') add('procMount', `${kind} ${c.name} procMount ${mount}`);
  }

  if (pod.seccompProfile?.type === 'Unconfined') add('seccompProfile_baseline', 'pod seccomp profile Unconfined');
  for (const { kind, c } of containers) if (sc(c).seccompProfile?.type === 'Unconfined') add('seccompProfile_baseline', `${kind} ${c.name} seccomp profile Unconfined`);

  for (const s of pod.sysctls ?? []) if (!safeSysctls.has(s.name)) add('sysctls', `sysctl ${s.name}`);
}

function restricted(template: PodTemplateSpec, out: Violation[]): void {
  const spec = template.spec!;
  const pod = spec.securityContext ?? {};
  const add = (check: Check, detail: string) => out.push({ check, detail });
  const containers = containersOf(template);
  const sc = (c: AnyContainer): SecurityContext => c.securityContext ?? {};

  for (const v of spec.volumes ?? []) {
    const source = volumeSource(v);
    if (!restrictedVolumeSources.has(source)) add('restrictedVolumes', `volume ${v.name} is ${source}`);
  }

  for (const { kind, c } of containers) {
    if (sc(c).allowPrivilegeEscalation !== false) add('allowPrivilegeEscalation', `${kind} ${c.name} must set allowPrivilegeEscalation: false`);
  }

  // Non-root: the pod says so for every container, or each container does; no container may say otherwise.
  for (const { kind, c } of containers) {
    const own = sc(c).runAsNonRoot;
    if (own === false) add('runAsNonRoot', `${kind} ${c.name} sets runAsNonRoot: false`);
    else if (own === undefined && pod.runAsNonRoot !== true) add('runAsNonRoot', `${kind} ${c.name} does not require a non-root user`);
  }
  if (pod.runAsNonRoot === false) add('runAsNonRoot', 'pod sets runAsNonRoot: false');

  if (pod.runAsUser === 0) add('runAsUser', 'pod runAsUser 0');
  for (const { kind, c } of containers) if (sc(c).runAsUser === 0) add('runAsUser', `${kind} ${c.name} runAsUser 0`);

  const confined = (type: string | undefined) => type === 'RuntimeDefault' || type === 'Localhost';
  if (pod.seccompProfile !== undefined && !confined(pod.seccompProfile.type)) add('seccompProfile_restricted', `pod seccomp profile ${pod.seccompProfile.type}`);
  for (const { kind, c } of containers) {
    const own = sc(c).seccompProfile?.type;
    if (own !== undefined ? !confined(own) : !confined(pod.seccompProfile?.type)) {
      add('seccompProfile_restricted', `${kind} ${c.name} must have seccomp RuntimeDefault or Localhost`);
    }
  }

  for (const { kind, c } of containers) {
    const caps = sc(c).capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL')) add('capabilities_restricted', `${kind} ${c.name} must drop ALL capabilities`);
    for (const cap of caps.add ?? []) if (cap !== 'NET_BIND_SERVICE') add('capabilities_restricted', `${kind} ${c.name} adds ${cap}`);
  }
}

/** Every control of `level` the pod template fails; empty when it meets the level. */
export function podSecurityViolations(template: PodTemplateSpec, level: Level): Violation[] {
  const out: Violation[] = [];
  baseline(template, out);
  if (level === 'restricted') restricted(template, out);
  return out;
}

/** The failed check IDs, each once, sorted. */
export function failedChecks(template: PodTemplateSpec, level: Level): Check[] {
  return [...new Set(podSecurityViolations(template, level).map((v) => v.check))].sort();
}

/** The strictest level the pod meets: what its namespace may enforce at most. */
export function podSecurityLevel(template: PodTemplateSpec): Level | 'privileged' {
  if (podSecurityViolations(template, 'restricted').length === 0) return 'restricted';
  return podSecurityViolations(template, 'baseline').length === 0 ? 'baseline' : 'privileged';
}
