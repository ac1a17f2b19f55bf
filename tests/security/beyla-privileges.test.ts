// Beyla renders exactly its privileges: the capabilities of what it is asked to do (pinned here), hostPID,
// AppArmor unconfined (as the field or, before Kubernetes 1.30, the annotation), nothing else anywhere;
// off, nothing of it. And what it sends goes where the stack's paths go.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block, Expr } from '../../lib/alloy/ast.ts';
import type { PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import { isUserError } from '../../lib/errors.ts';
import { alloyFiles, ofKind, renderEnv, variant, partName } from './render.ts';

interface Workload { metadata: { name: string }; spec: { template: PodTemplateSpec } }
const tempo = { traces: { destinations: [{ name: 'tempo', url: 'tempo:4317', insecure: true }] } };

function beylaPod(change: Record<string, unknown>): PodTemplateSpec | undefined {
  return ofKind<Workload>(renderEnv(variant(change)), 'DaemonSet').find((d) => d.metadata.name === 'alloy-stack-alloy-beyla')?.spec.template;
}
const capabilities = (t: PodTemplateSpec) => t.spec!.containers[0]!.securityContext!.capabilities;

test('off: no alloy-beyla, no Beyla RBAC', () => {
  const r = renderEnv(variant({}));
  assert.not.ok(r.objects.some((o) => o.metadata?.name?.includes('alloy-beyla')));
});

test('application observability: exactly its six capabilities, hostPID, root, no privileged mode', () => {
  const t = beylaPod({ beyla: { enabled: true } })!;
  assert.equal(capabilities(t), { drop: ['ALL'], add: ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'NET_RAW', 'PERFMON', 'SYS_PTRACE'] });
  assert.is(t.spec!.hostPID, true);
  assert.is(t.spec!.hostNetwork, undefined);
  assert.is(t.spec!.containers[0]!.securityContext!.privileged, false);
  assert.is(t.spec!.containers[0]!.securityContext!.runAsUser, 0);
  assert.equal(t.spec!.volumes!.filter((v) => v.hostPath !== undefined), []);
});

test('context propagation adds NET_ADMIN, library instrumentation SYS_ADMIN, and nothing else', () => {
  const add = (change: Record<string, unknown>) => capabilities(beylaPod({ ...tempo, beyla: { enabled: true, ...change } })!)!.add;
  assert.equal(add({ traces: { enabled: true, contextPropagation: true } }), ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'NET_ADMIN', 'NET_RAW', 'PERFMON', 'SYS_PTRACE']);
  assert.equal(add({ traces: { enabled: true } }), ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'NET_RAW', 'PERFMON', 'SYS_PTRACE']);
  assert.equal(add({ libraryInstrumentation: true }), ['BPF', 'CHECKPOINT_RESTORE', 'DAC_READ_SEARCH', 'NET_RAW', 'PERFMON', 'SYS_ADMIN', 'SYS_PTRACE']);
});

test('AppArmor unconfined: the field from Kubernetes 1.30, the annotation before', () => {
  const old = beylaPod({ kubernetesVersion: '1.29', beyla: { enabled: true } })!;
  assert.is(old.metadata!.annotations!['container.apparmor.security.beta.kubernetes.io/alloy'], 'unconfined');
  assert.is(old.spec!.containers[0]!.securityContext!.appArmorProfile, undefined);
  const current = beylaPod({ kubernetesVersion: '1.30', beyla: { enabled: true } })!;
  assert.equal(current.spec!.containers[0]!.securityContext!.appArmorProfile, { type: 'Unconfined' });
  assert.is(current.metadata!.annotations!['container.apparmor.security.beta.kubernetes.io/alloy'], undefined);
});

test('no other pod changes when Beyla is on', () => {
  const pods = (r: ReturnType<typeof renderEnv>) => new Map(['Deployment', 'StatefulSet', 'DaemonSet'].flatMap((k) => ofKind<Workload>(r, k)).map((w) => [partName(w.metadata.name), w.spec.template.spec]));
  const before = pods(renderEnv(variant({})));
  const after = pods(renderEnv(variant({ beyla: { enabled: true } })));
  for (const [name, spec] of before) assert.equal(after.get(name)?.securityContext, spec!.securityContext, name);
  assert.equal([...after.keys()].filter((n) => !before.has(n)), ['alloy-beyla']);
});

const attr = (b: Block, name: string): Expr | undefined => {
  const s = b.body.find((x) => x.kind === 'attribute' && x.name === name);
  return s?.kind === 'attribute' ? s.value : undefined;
};
const refs = (e: Expr | undefined) => (e?.kind === 'array' ? e.elements.map((x) => (x.kind === 'ref' ? x.path.join('.') : '?')) : []);
function blockOf(r: ReturnType<typeof renderEnv>, name: string, label: string): Block {
  for (const [where, file] of alloyFiles(r)) {
    if (!where.startsWith('alloy-stack-alloy-beyla/')) continue;
    const b = file.body.find((s): s is Block => s.kind === 'block' && s.name === name && s.label === label);
    if (b !== undefined) return b;
  }
  throw new Error(`no ${name}.${label}`);
}

test('metrics: every series to the local Prometheus, the cloud through the beyla allow-list; spans to the trace destinations', () => {
  const r = renderEnv(variant({ ...tempo, beyla: { enabled: true, namespaces: ['shop'], traces: { enabled: true } } }));
  const scrape = blockOf(r, 'prometheus.scrape', 'beyla');
  assert.equal(attr(scrape, 'targets'), { kind: 'ref', path: ['beyla', 'ebpf', 'default', 'targets'] });
  assert.equal(refs(attr(scrape, 'forward_to')), ['prometheus.relabel.beyla_kubernetes.receiver']);
  const names = JSON.stringify(blockOf(r, 'prometheus.relabel', 'beyla_kubernetes'));
  assert.match(names, /"k8s_namespace_name"[\s\S]*"namespace"/);
  const forward = refs(attr(blockOf(r, 'prometheus.relabel', 'beyla_kubernetes'), 'forward_to'));
  assert.is(forward[0], 'prometheus.remote_write.local.receiver');
  assert.ok(forward.includes('prometheus.relabel.beyla_remote.receiver'), forward.join());
  const cloud = JSON.stringify(blockOf(r, 'prometheus.relabel', 'beyla_remote'));
  assert.match(cloud, /http_server_request_duration_seconds_bucket/);
  assert.not.match(cloud, /http_server_request_body_size_bytes/);
  assert.equal(refs(attr(blockOf(r, 'otelcol.processor.batch', 'beyla').body.find((s): s is Block => s.kind === 'block' && s.name === 'output')!, 'traces')), ['otelcol.exporter.otlp.tempo.input']);
  const instrument = JSON.stringify(blockOf(r, 'beyla.ebpf', 'default'));
  assert.match(instrument, /"namespace".*"shop"/);
});

function refusal(change: Record<string, unknown>): string {
  try {
    renderEnv(variant(change));
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  assert.unreachable('refused');
  return '';
}

test('bad input: traces without a trace destination, nothing to send, namespaces all excluded, an empty namespace list', () => {
  assert.match(refusal({ beyla: { enabled: true, traces: { enabled: true } } }), /beyla\.traces\.enabled: spans need somewhere to go/);
  assert.match(refusal({ beyla: { enabled: true, metrics: { enabled: false } } }), /beyla: enabled, but metrics and traces are both off/);
  assert.match(refusal({ beyla: { enabled: true, namespaces: ['kube-system'] } }), /beyla\.namespaces: every listed namespace \(kube-system\) is also in excludeNamespaces/);
  assert.match(refusal({ beyla: { enabled: true, namespaces: [] } }), /beyla\.namespaces/);
  assert.match(refusal({ platform: 'eks-fargate', beyla: { enabled: true } }), /beyla\.enabled: EKS Fargate runs no DaemonSets/);
});

test.run();
