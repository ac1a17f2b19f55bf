// Every rendered pod against the Pod Security Standards (tests/support/pod-security.ts, written from the
// PSS text): `restricted` everywhere except node-exporter and alloy-logs, which fail exactly the named
// controls, each for a reason written next to the code; and the namespace enforces what its pods meet.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import type { PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { failedChecks, podSecurityLevel, type Check } from '../support/pod-security.ts';
import { repoRoot } from '../support/cli.ts';
import { ofKind, partName, renderEnv, variant } from './render.ts';
import allFeatures from '../../environments/all-features.ts';

interface Workload { kind: string; metadata: { name: string }; spec: { template: PodTemplateSpec } }

function pods(r: Rendered): Map<string, PodTemplateSpec> {
  const out = new Map<string, PodTemplateSpec>();
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']) {
    for (const w of ofKind<Workload>(r, kind)) out.set(partName(w.metadata.name), w.spec.template);
  }
  for (const p of ofKind<{ metadata: { name: string } } & PodTemplateSpec>(r, 'Pod')) out.set(partName(p.metadata.name), p);
  return out;
}

// The documented exceptions: the controls each fails, per level. Anything else must meet `restricted`.
const exceptions: Record<string, { baseline: Check[]; restrictedOnly: Check[] }> = {
  // The node's network, processes and filesystems; hostNetwork makes its port a host port.
  'node-exporter': { baseline: ['hostNamespaces', 'hostPathVolumes', 'hostPorts'], restrictedOnly: ['restrictedVolumes'] },
  // Root with DAC_READ_SEARCH to read other users' log files under host paths.
  'alloy-logs': { baseline: ['capabilities_baseline', 'hostPathVolumes'], restrictedOnly: ['capabilities_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser'] },
};

const variations: Record<string, Record<string, unknown>> = {
  'all on': {},
  'kubelet direct': { metrics: { kubelet: { access: 'direct' } } },
  'pod logs off': { logs: { enabled: false } },
  'docker runtime': { logs: { containerRuntime: 'docker' } },
  'events off': { logs: { events: { enabled: false } } },
  'kube-state-metrics off': { kubeStateMetrics: { enabled: false } },
  'cloud off': { enableCloudWrite: false },
  'no NetworkPolicies': { networkPolicies: false },
  'no host access': { nodeExporter: { enabled: false }, logs: { enabled: false, nodeLogs: { enabled: false } } },
};

for (const [name, change] of Object.entries(variations)) {
  test(`${name}: every pod meets restricted, except the documented exceptions, which fail exactly their controls`, () => {
    const all = pods(renderEnv(variant(change)));
    assert.ok(all.size >= 3, `${name}: ${[...all.keys()]}`);
    for (const [workload, template] of all) {
      const expected = exceptions[workload];
      if (expected === undefined) {
        assert.equal(failedChecks(template, 'restricted'), [], `${workload} meets restricted`);
        continue;
      }
      assert.equal(failedChecks(template, 'baseline'), expected.baseline, `${workload}: baseline`);
      assert.equal(failedChecks(template, 'restricted'), [...expected.baseline, ...expected.restrictedOnly].sort(), `${workload}: restricted`);
    }
  });

  test(`${name}: the namespace enforces the strictest level every pod meets; warn and audit stay restricted`, () => {
    const r = renderEnv(variant(change));
    const labels = ofKind(r, 'Namespace')[0]!.metadata.labels!;
    const levels = [...pods(r).values()].map(podSecurityLevel);
    const strictest = levels.includes('privileged') ? 'privileged' : levels.includes('baseline') ? 'baseline' : 'restricted';
    assert.is(labels['pod-security.kubernetes.io/enforce'], strictest);
    assert.is(labels['pod-security.kubernetes.io/warn'], 'restricted');
    assert.is(labels['pod-security.kubernetes.io/audit'], 'restricted');
  });
}

// ---- the declared level of every workload ---------------------------------------------------

// Which Pod Security level each rendered workload meets, stated: a workload that gains a privilege (or a
// new workload) fails here until this table, and so the review, says so. `privileged` means it fails
// baseline: host namespaces, host paths or capabilities, each with its reason next to its code.
const declaredLevels: Record<string, { spec: () => unknown; levels: Record<string, 'privileged' | 'baseline' | 'restricted'> }> = {
  'prod-like (profiling off)': {
    spec: () => variant({}),
    levels: {
      'alloy-events': 'restricted', 'alloy-metrics': 'restricted', prometheus: 'restricted', 'kube-state-metrics': 'restricted',
      'alloy-logs': 'privileged', 'node-exporter': 'privileged',
    },
  },
  'environments/all-features.ts': {
    spec: () => allFeatures,
    levels: {
      'alloy-events': 'restricted', 'alloy-metrics': 'restricted', 'alloy-receiver': 'restricted', 'alloy-sampler': 'restricted',
      prometheus: 'restricted', 'kube-state-metrics': 'restricted',
      'alloy-logs': 'privileged', 'node-exporter': 'privileged',
      // eBPF and Java profiling: hostPID, the capabilities of lib/workloads/profiler-privileges.ts, tracefs.
      'alloy-profiles': 'privileged',
      // Beyla: hostPID, the capabilities of lib/workloads/beyla-privileges.ts, AppArmor unconfined.
      'alloy-beyla': 'privileged',
      // Kepler: root, hostPID, SYS_PTRACE, /sys and /proc read-only; windows-exporter: a HostProcess pod.
      kepler: 'privileged', 'windows-exporter': 'privileged',
      opencost: 'restricted',
    },
  },
};

for (const [name, { spec, levels }] of Object.entries(declaredLevels)) {
  test(`${name}: every workload meets exactly its declared Pod Security level`, () => {
    const actual = Object.fromEntries([...pods(renderEnv(spec()))].map(([workload, template]) => [workload, podSecurityLevel(template)]));
    assert.equal(actual, levels);
  });
}

// ---- the reasons, in the code ---------------------------------------------------------------

const source = (file: string) => fs.readFileSync(path.join(repoRoot, file), 'utf8');

/** The comment text of a TypeScript source (`//` lines, `/* *\/` blocks) as prose: markers and line breaks gone. */
function comments(text: string): string {
  return [...text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)]
    .map((m) => m[0].replace(/^\/\/|^\/\*\*?|\*\/$/g, '').replace(/\n\s*\*/g, ' '))
    .join('\n').replace(/\s+/g, ' ');
}

/** The comments of a workload file plus the doc comments of the security.ts functions it calls. */
function documentation(workloadFile: string): string {
  const text = source(workloadFile);
  const security = source('lib/workloads/security.ts');
  const used = /import \{([^}]*)\} from '\.\/security\.ts'/.exec(text)?.[1]?.split(',').map((s) => s.trim()) ?? [];
  const docs = used.map((fn) => comments(new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)\\s*export function ${fn}\\(`).exec(security)?.[1] ?? ''));
  return [comments(text), ...docs].join('\n');
}

const reasons: Record<string, { file: string; why: Partial<Record<Check, RegExp[]>> }> = {
  'node-exporter': {
    file: 'lib/workloads/node-exporter.ts',
    why: {
      hostNamespaces: [/EXCEPTION: the host's network namespace/, /EXCEPTION: the host's PID namespace/],
      hostPathVolumes: [/EXCEPTION: hostPath volumes/],
      hostPorts: [/With hostNetwork the container port is the node's port/],
      restrictedVolumes: [/EXCEPTION: hostPath volumes/],
    },
  },
  'alloy-logs': {
    file: 'lib/workloads/alloy-logs.ts',
    why: {
      hostPathVolumes: [/log files from host paths/, /File positions live on the node/],
      restrictedVolumes: [/log files from host paths/],
      capabilities_baseline: [/EXCEPTION \(alloy-logs\)/, /except DAC_READ_SEARCH, which lets it read/],
      capabilities_restricted: [/except DAC_READ_SEARCH, which lets it read/],
      runAsNonRoot: [/EXCEPTION \(alloy-logs\): runs as root\. Container log files .* are root-owned/],
      runAsUser: [/EXCEPTION \(alloy-logs\): runs as root/],
    },
  },
};

test('each control an exception fails has its reason in a comment of its workload (or the security.ts function it uses)', () => {
  const all = pods(renderEnv(variant({})));
  for (const [workload, { file, why }] of Object.entries(reasons)) {
    const docs = documentation(file);
    const failed = failedChecks(all.get(workload)!, 'restricted');
    assert.equal(Object.keys(why).sort(), failed, `${workload}: a reason for every failed control, and no stale ones`);
    for (const [check, patterns] of Object.entries(why)) {
      for (const pattern of patterns!) assert.match(docs, pattern, `${workload} ${check}: ${file}`);
    }
  }
});

// ---- the checker itself, against the PSS text ------------------------------------------------

const strict = (): PodTemplateSpec => ({
  spec: {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
    }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }, { name: 'tmp', emptyDir: {} }],
  },
});

/** One departure each, and the controls the PSS text says it breaks at baseline and at restricted. */
const departures: [string, (t: PodTemplateSpec) => void, Check[], Check[]][] = [
  ['hostProcess', (t) => { t.spec!.securityContext!.windowsOptions = { hostProcess: true }; }, ['hostProcess'], ['hostProcess']],
  ['hostIPC', (t) => { t.spec!.hostIPC = true; }, ['hostNamespaces'], ['hostNamespaces']],
  ['privileged', (t) => { t.spec!.containers[0]!.securityContext!.privileged = true; }, ['privileged'], ['privileged']],
  ['SYS_ADMIN', (t) => { t.spec!.containers[0]!.securityContext!.capabilities!.add = ['SYS_ADMIN']; }, ['capabilities_baseline'], ['capabilities_baseline', 'capabilities_restricted']],
  ['CHOWN (baseline allows it)', (t) => { t.spec!.containers[0]!.securityContext!.capabilities!.add = ['CHOWN']; }, [], ['capabilities_restricted']],
  ['no drop ALL', (t) => { t.spec!.containers[0]!.securityContext!.capabilities = {}; }, [], ['capabilities_restricted']],
  ['hostPath', (t) => { t.spec!.volumes!.push({ name: 'h', hostPath: { path: '/etc' } }); }, ['hostPathVolumes'], ['hostPathVolumes', 'restrictedVolumes']],
  ['nfs volume', (t) => { t.spec!.volumes!.push({ name: 'n', nfs: { server: 'x', path: '/' } }); }, [], ['restrictedVolumes']],
  ['hostPort', (t) => { t.spec!.containers[0]!.ports![0]!.hostPort = 8080; }, ['hostPorts'], ['hostPorts']],
  ['hostNetwork', (t) => { t.spec!.hostNetwork = true; }, ['hostNamespaces', 'hostPorts'], ['hostNamespaces', 'hostPorts']],
  ['AppArmor unconfined', (t) => { t.metadata = { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } }; }, ['appArmorProfile'], ['appArmorProfile']],
  ['AppArmor field', (t) => { t.spec!.containers[0]!.securityContext!.appArmorProfile = { type: 'Unconfined' }; }, ['appArmorProfile'], ['appArmorProfile']],
  ['SELinux type', (t) => { t.spec!.securityContext!.seLinuxOptions = { type: 'spc_t' }; }, ['seLinuxOptions'], ['seLinuxOptions']],
  ['SELinux user', (t) => { t.spec!.containers[0]!.securityContext!.seLinuxOptions = { user: 'system_u' }; }, ['seLinuxOptions'], ['seLinuxOptions']],
  ['procMount', (t) => { t.spec!.containers[0]!.securityContext!.procMount = 'Unmasked'; }, ['procMount'], ['procMount']],
  ['seccomp Unconfined', (t) => { t.spec!.securityContext!.seccompProfile = { type: 'Unconfined' }; }, ['seccompProfile_baseline'], ['seccompProfile_baseline', 'seccompProfile_restricted']],
  ['no seccomp', (t) => { delete t.spec!.securityContext!.seccompProfile; }, [], ['seccompProfile_restricted']],
  ['unsafe sysctl', (t) => { t.spec!.securityContext!.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, ['sysctls'], ['sysctls']],
  ['safe sysctl', (t) => { t.spec!.securityContext!.sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }]; }, [], []],
  ['privilege escalation unset', (t) => { delete t.spec!.containers[0]!.securityContext!.allowPrivilegeEscalation; }, [], ['allowPrivilegeEscalation']],
  ['runAsNonRoot unset', (t) => { delete t.spec!.securityContext!.runAsNonRoot; }, [], ['runAsNonRoot']],
  ['container runAsNonRoot false', (t) => { t.spec!.containers[0]!.securityContext!.runAsNonRoot = false; }, [], ['runAsNonRoot']],
  ['runAsUser 0', (t) => { t.spec!.containers[0]!.securityContext!.runAsUser = 0; }, [], ['runAsUser']],
  ['init container escalates', (t) => { t.spec!.initContainers = [{ name: 'init', image: 'i', securityContext: { capabilities: { drop: ['ALL'] } } }]; }, [], ['allowPrivilegeEscalation']],
];

test('the checker: a pod written to the PSS text passes restricted', () => {
  assert.equal(failedChecks(strict(), 'restricted'), []);
  assert.is(podSecurityLevel(strict()), 'restricted');
});

for (const [what, change, atBaseline, atRestricted] of departures) {
  test(`the checker: ${what} fails ${atBaseline.join(', ') || 'nothing'} at baseline, ${atRestricted.join(', ') || 'nothing'} at restricted`, () => {
    const t = strict();
    change(t);
    assert.equal(failedChecks(t, 'baseline'), [...atBaseline].sort());
    assert.equal(failedChecks(t, 'restricted'), [...atRestricted].sort());
  });
}

test('the namespace comment names why the exceptions do not fit baseline', () => {
  const docs = comments(source('lib/workloads/namespace.ts'));
  assert.match(docs, /node-exporter uses hostNetwork, hostPID and hostPath/);
  assert.match(docs, /alloy-logs uses hostPath and adds the DAC_READ_SEARCH capability/);
});

test.run();
