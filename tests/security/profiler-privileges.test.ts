// Issue 21's done-when: each profiling source renders exactly its privileges. For every combination of
// sources, every rendered pod's capabilities, host namespaces and host paths are listed and compared with
// what the enabled sources declare (lib/workloads/profiler-privileges.ts); the declared table itself is
// pinned here, so widening it is a reviewed change. With profiling off no pod gains anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { privilegesOf, sourcePrivileges } from '../../lib/workloads/profiler-privileges.ts';
import type { ProfilingSource } from '../../lib/pipelines/profiles/index.ts';
import { podSecurityLevel } from '../support/pod-security.ts';
import { isUserError } from '../../lib/errors.ts';
import { ofKind, renderEnv, variant, partName } from './render.ts';

interface Workload { metadata: { name: string }; spec: { template: PodTemplateSpec } }

interface PodPrivileges { capabilities: string[]; hostPID: boolean; hostNetwork: boolean; hostIPC: boolean; hostPaths: string[]; root: boolean; privileged: boolean }

function podPrivileges(template: PodTemplateSpec): PodPrivileges {
  const spec = template.spec!;
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  return {
    capabilities: [...new Set(containers.flatMap((c) => c.securityContext?.capabilities?.add ?? []))].sort(),
    hostPID: spec.hostPID === true,
    hostNetwork: spec.hostNetwork === true,
    hostIPC: spec.hostIPC === true,
    hostPaths: (spec.volumes ?? []).flatMap((v) => (v.hostPath === undefined ? [] : [v.hostPath.path])).sort(),
    root: containers.some((c) => (c.securityContext?.runAsUser ?? spec.securityContext?.runAsUser) === 0),
    privileged: containers.some((c) => c.securityContext?.privileged === true),
  };
}

function everyPod(r: Rendered): Map<string, PodPrivileges> {
  const out = new Map<string, PodPrivileges>();
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
    for (const w of ofKind<Workload>(r, kind)) out.set(partName(w.metadata.name), podPrivileges(w.spec.template));
  }
  return out;
}

const destination = { profiles: { destinations: [{ name: 'pyroscope', url: 'http://pyroscope.pyroscope.svc:4040' }] } };
const withSources = (sources: readonly ProfilingSource[]) => renderEnv(variant({
  ...destination,
  profiling: Object.fromEntries(sources.map((s) => [s, { enabled: true }])),
}));

const baseline = everyPod(renderEnv(variant({})));

test('the declared table: what each source may add, pinned', () => {
  assert.equal(sourcePrivileges.ebpf, {
    root: true, hostPID: true,
    capabilities: ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'PERFMON', 'SYSLOG', 'SYS_PTRACE', 'SYS_RESOURCE'],
    hostPaths: ['/sys/kernel/tracing'],
  });
  assert.equal(sourcePrivileges.java, { root: true, hostPID: true, capabilities: ['PERFMON', 'SETGID', 'SETUID', 'SYS_ADMIN', 'SYS_PTRACE', 'SYS_RESOURCE'], hostPaths: [] });
  assert.equal(sourcePrivileges.pprof, { root: false, hostPID: false, capabilities: [], hostPaths: [] });
});

test('profiling off: no alloy-profiles, no privileged container, no capability beyond the documented ones', () => {
  assert.not.ok(baseline.has('alloy-profiles'));
  for (const [name, p] of baseline) {
    assert.not.ok(p.privileged, `${name}: privileged`);
    // alloy-logs reads other users' log files (tests/security/pod-security.test.ts has its reason).
    assert.equal(p.capabilities, name === 'alloy-logs' ? ['DAC_READ_SEARCH'] : [], `${name}: capabilities`);
  }
});

const combinations: ProfilingSource[][] = [['ebpf'], ['java'], ['pprof'], ['ebpf', 'java'], ['ebpf', 'pprof'], ['java', 'pprof'], ['ebpf', 'java', 'pprof']];

for (const sources of combinations) {
  test(`${sources.join(' + ')}: alloy-profiles has exactly what those sources declare, and no other pod changes`, () => {
    const pods = everyPod(withSources(sources));
    const declared = privilegesOf(sources);
    const profiles = pods.get('alloy-profiles');
    assert.ok(profiles !== undefined, 'alloy-profiles is rendered');
    assert.equal(profiles, {
      capabilities: [...declared.capabilities],
      hostPID: declared.hostPID,
      hostNetwork: false,
      hostIPC: false,
      hostPaths: [...declared.hostPaths],
      root: declared.root,
      privileged: false,
    });
    for (const [name, p] of pods) if (name !== 'alloy-profiles') assert.equal(p, baseline.get(name), `${name} is as without profiling`);
  });
}

test('pprof alone: alloy-profiles meets Pod Security restricted, and the namespace keeps its level', () => {
  const r = renderEnv(variant({ ...destination, profiling: { pprof: { enabled: true } }, nodeExporter: { enabled: false }, logs: { enabled: false, nodeLogs: { enabled: false } } }));
  const daemonSet = ofKind<Workload>(r, 'DaemonSet').find((d) => d.metadata.name === 'alloy-stack-alloy-profiles')!;
  assert.is(podSecurityLevel(daemonSet.spec.template), 'restricted');
  assert.is(ofKind(r, 'Namespace')[0]!.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('eBPF alone, with no other host access: the namespace must allow privileged pods', () => {
  const r = renderEnv(variant({ ...destination, profiling: { ebpf: { enabled: true } }, nodeExporter: { enabled: false }, logs: { enabled: false, nodeLogs: { enabled: false } } }));
  assert.is(ofKind(r, 'Namespace')[0]!.metadata.labels!['pod-security.kubernetes.io/enforce'], 'privileged');
});

function refusal(change: Record<string, unknown>): string {
  try {
    renderEnv(variant(change));
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  assert.unreachable('the environment was refused');
  return '';
}

test('bad input: a source without a destination, a namespace filter that keeps nothing, a short pprof interval', () => {
  assert.match(refusal({ profiling: { ebpf: { enabled: true } } }), /profiling\.ebpf\.enabled: profiles need somewhere to go: add a profiles\.destinations entry/);
  assert.match(refusal({ receiver: { enabled: true, otlp: { grpc: { enabled: false }, http: { enabled: false } }, profiles: { enabled: true } } }), /receiver\.profiles\.enabled: pushed profiles need somewhere to go/);
  assert.match(refusal({ ...destination, profiling: { java: { enabled: true, namespaces: { include: ['a'], exclude: ['a'] } } } }), /profiling\.java\.namespaces: every included namespace \(a\) is also excluded, so nothing would be profiled/);
  assert.match(refusal({ ...destination, profiling: { pprof: { enabled: true, scrapeInterval: '2s' } } }), /profiling\.pprof\.scrapeInterval: 2s is under 3s/);
  assert.match(refusal({ profiles: { destinations: [{ name: 'p', url: 'http://p:4040', tenantId: 'a\r\nX-Evil: 1' }] }, profiling: { pprof: { enabled: true } } }), /profiles\.destinations\[0\]\.tenantId/);
  assert.match(refusal({ profiles: { destinations: [{ name: 'p', url: 'http://p:4040' }, { name: 'p', url: 'http://q:4040' }] }, profiling: { pprof: { enabled: true } } }), /profiles\.destinations\[1\]\.name: duplicate destination name "p"/);
  assert.match(refusal({ ...destination, platform: 'gke-autopilot', profiling: { ebpf: { enabled: true } } }), /profiling\.ebpf\.enabled: GKE Autopilot refuses hostPID/);
});

test.run();
