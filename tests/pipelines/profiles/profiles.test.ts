// Profiling pipelines, by what they do: the rendered relabel rules run on pod targets as discovery builds
// them (tests/pipelines/metrics/targets.ts), and the components wired to the destinations and receiver.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block, Expr } from '../../../lib/alloy/ast.ts';
import type { Rendered } from '../../../lib/render.ts';
import { alloyFiles, ofKind, renderEnv, variant } from '../../security/render.ts';
import { podTargets, relabel, rulesOf, type PodFixture, type Target } from '../metrics/targets.ts';

const destinations = { profiles: { destinations: [
  { name: 'pyroscope', url: 'http://pyroscope.pyroscope.svc:4040', tenantId: 'platform' },
  { name: 'cloud', url: 'https://profiles.example.net', auth: { secret: 'cloud-profiles', usernameKey: 'user', passwordKey: 'token' } },
] } };

function component(r: Rendered, configMap: string, name: string, label: string): Block {
  for (const [where, file] of alloyFiles(r)) {
    if (!where.startsWith(`alloy-stack-${configMap}/`)) continue;
    const found = file.body.find((s): s is Block => s.kind === 'block' && s.name === name && s.label === label);
    if (found !== undefined) return found;
  }
  throw new Error(`${configMap}: no ${name} "${label}"`);
}

const attrOf = (b: Block, name: string): Expr | undefined => {
  const s = b.body.find((x) => x.kind === 'attribute' && x.name === name);
  return s?.kind === 'attribute' ? s.value : undefined;
};
const refText = (e: Expr | undefined): string[] => (e?.kind === 'array' ? e.elements.map((x) => (x.kind === 'ref' ? x.path.join('.') : '?')) : []);

/** The targets a chain of discovery.relabel components leaves from a pod. */
function through(blocks: readonly Block[], pod: PodFixture, extra: Target = {}): Target[] {
  return podTargets(pod).flatMap((t) => {
    let out: Target | undefined = { ...t, ...extra };
    for (const b of blocks) out = out === undefined ? undefined : relabel(rulesOf(b), out);
    return out === undefined ? [] : [out];
  });
}

const pprof = renderEnv(variant({ ...destinations, profiling: { pprof: { enabled: true, types: ['cpu', 'memory'] } } }));
const pprofChain = (type: string) => [component(pprof, 'alloy-profiles', 'discovery.relabel', 'profiles_pprof'), component(pprof, 'alloy-profiles', 'discovery.relabel', `profiles_pprof_${type}`)];

test('pprof: an annotated port is scraped once, on that port, with its path and the service name', () => {
  const pod: PodFixture = {
    labels: { 'app.kubernetes.io/name': 'checkout' },
    annotations: { 'profiles.grafana.com/cpu.scrape': 'true', 'profiles.grafana.com/cpu.port': '6060', 'profiles.grafana.com/cpu.path': '/pprof/cpu' },
    containers: [{ name: 'app', ports: [{ name: 'http', port: 8080 }, { name: 'pprof', port: 6060 }] }, { name: 'sidecar', ports: [{ port: 15090 }] }],
  };
  const out = through(pprofChain('cpu'), pod);
  assert.is(out.length, 1);
  assert.is(out[0]!.__address__, '10.0.0.7:6060');
  assert.is(out[0]!.__profile_path__, '/pprof/cpu');
  assert.is(out[0]!.service_name, 'checkout');
  assert.is(out[0]!.namespace, 'shop');
  // memory is not annotated: not scraped for it.
  assert.equal(through(pprofChain('memory'), pod), []);
});

test('pprof: without a port annotation every declared port is a target; pods not annotated and finished pods are not', () => {
  const annotated = { 'profiles.grafana.com/memory.scrape': 'true' };
  assert.is(through(pprofChain('memory'), { annotations: annotated, containers: [{ name: 'app', ports: [{ port: 8080 }, { port: 9090 }] }] }).length, 2);
  assert.equal(through(pprofChain('memory'), { containers: [{ name: 'app', ports: [{ port: 8080 }] }] }), []);
  assert.equal(through(pprofChain('memory'), { annotations: annotated, phase: 'Succeeded' }), []);
  assert.equal(through(pprofChain('memory'), { annotations: annotated, containers: [{ name: 'app' }] }), [], 'a container without ports has no endpoint');
});

test('pprof: one scrape per type, only that profile enabled; the CPU sampling fits the interval', () => {
  const cpu = component(pprof, 'alloy-profiles', 'pyroscope.scrape', 'pprof_cpu');
  assert.equal(attrOf(cpu, 'delta_profiling_duration'), { kind: 'string', value: '14s' });
  const config = cpu.body.find((s): s is Block => s.kind === 'block' && s.name === 'profiling_config')!;
  const enabled = config.body.filter((s): s is Block => s.kind === 'block' && s.body.some((a) => a.kind === 'attribute' && a.name === 'enabled' && a.value.kind === 'bool' && a.value.value));
  assert.equal(enabled.map((b) => b.name), ['profile.process_cpu']);
  assert.equal(refText(attrOf(cpu, 'forward_to')), ['pyroscope.write.pyroscope.receiver', 'pyroscope.write.cloud.receiver']);
});

const ebpf = renderEnv(variant({ ...destinations, profiling: { ebpf: { enabled: true, namespaces: { exclude: ['kube-system'] } }, java: { enabled: true, namespaces: { include: ['payments'] } } } }));

test('eBPF: a running container is a target by its container ID; init containers, unstarted ones and excluded namespaces are not', () => {
  const targets = [component(ebpf, 'alloy-profiles', 'discovery.relabel', 'profiles_ebpf')];
  const out = through(targets, { containers: [{ name: 'app' }] }, { __meta_kubernetes_pod_container_id: 'containerd://0123abcd', __meta_kubernetes_pod_node_name: 'node-1' });
  assert.is(out.length, 1);
  assert.is(out[0]!.__container_id__, '0123abcd');
  assert.is(out[0]!.service_name, 'app');
  assert.is(out[0]!.node, 'node-1');
  assert.equal(through(targets, { containers: [{ name: 'app' }] }), [], 'no container ID yet');
  assert.equal(through(targets, { containers: [{ name: 'app' }] }, { __meta_kubernetes_pod_container_id: 'containerd://1', __meta_kubernetes_pod_container_init: 'true' }), []);
  assert.equal(through(targets, { namespace: 'kube-system', containers: [{ name: 'app' }] }, { __meta_kubernetes_pod_container_id: 'containerd://1' }), []);
});

test('Java: processes joined to pods of the included namespaces, JVMs only, named by the pyroscope.io/service_name annotation first', () => {
  const pods = component(ebpf, 'alloy-profiles', 'discovery.relabel', 'profiles_java_pods');
  assert.equal(through([pods], { namespace: 'shop', containers: [{ name: 'app' }] }, { __meta_kubernetes_pod_container_id: 'containerd://1' }), []);
  const jvms = component(ebpf, 'alloy-profiles', 'discovery.relabel', 'profiles_java');
  const joined = { __meta_kubernetes_pod_container_id: 'containerd://1', __process_pid__: '4242' };
  const pod: PodFixture = { namespace: 'payments', labels: { app: 'ledger' }, annotations: { 'pyroscope.io/service_name': 'payments/ledger' }, containers: [{ name: 'app' }] };
  const java = through([pods, jvms], pod, { ...joined, __meta_process_exe: '/opt/java/openjdk/bin/java' });
  assert.is(java.length, 1);
  assert.is(java[0]!.service_name, 'payments/ledger');
  assert.equal(through([pods, jvms], pod, { ...joined, __meta_process_exe: '/usr/bin/python3' }), []);
  // A process discovery.process could not join to a pod has no Kubernetes labels.
  assert.equal(relabel(rulesOf(jvms), { __process_pid__: '1', __meta_process_exe: '/usr/bin/java' }), undefined);
  const process = component(ebpf, 'alloy-profiles', 'discovery.process', 'profiles_java');
  assert.equal(attrOf(process, 'join'), { kind: 'ref', path: ['discovery', 'relabel', 'profiles_java_pods', 'output'] });
});

test('targeting: all profiles every pod but one that opts out; annotation only those that opt in', () => {
  const id = { __meta_kubernetes_pod_container_id: 'containerd://0123abcd' };
  const pod = (annotations: Record<string, string>): PodFixture => ({ annotations, containers: [{ name: 'app' }] });
  const all = [component(ebpf, 'alloy-profiles', 'discovery.relabel', 'profiles_ebpf')];
  assert.is(through(all, pod({}), id).length, 1);
  assert.equal(through(all, pod({ 'profiles.grafana.com/cpu.ebpf.enabled': 'false' }), id), []);
  const optIn = renderEnv(variant({ ...destinations, profiling: { ebpf: { enabled: true, targeting: 'annotation' }, java: { enabled: true, targeting: 'annotation' } } }));
  for (const [label, annotation] of [['profiles_ebpf', 'cpu.ebpf.enabled'], ['profiles_java_pods', 'java.enabled']] as const) {
    const chain = [component(optIn, 'alloy-profiles', 'discovery.relabel', label)];
    assert.equal(through(chain, pod({}), id), [], `${label}: not annotated`);
    assert.equal(through(chain, pod({ [`profiles.grafana.com/${annotation}`]: 'false' }), id), []);
    assert.is(through(chain, pod({ [`profiles.grafana.com/${annotation}`]: 'true' }), id).length, 1, label);
  }
});

test('destinations: the cluster label, the tenant header, credentials from the Secret by reference', () => {
  const cloud = component(pprof, 'alloy-profiles', 'pyroscope.write', 'cloud');
  const text = JSON.stringify(cloud);
  assert.match(text, /"PYROSCOPE_CLOUD_PASSWORD"/);
  assert.match(JSON.stringify(component(pprof, 'alloy-profiles', 'pyroscope.write', 'pyroscope')), /X-Scope-OrgID.*platform/);
  const daemonSet = ofKind<{ metadata: { name: string }; spec: { template: { spec: { containers: { env: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] } } } }>(pprof, 'DaemonSet').find((d) => d.metadata.name === 'alloy-stack-alloy-profiles')!;
  const env = daemonSet.spec.template.spec.containers[0]!.env.find((e) => e.name === 'PYROSCOPE_CLOUD_PASSWORD')!;
  assert.equal(env.valueFrom?.secretKeyRef, { name: 'cloud-profiles', key: 'token' });
});

test('the receiver takes pushed profiles on its Service port 4040, and only when asked', () => {
  const on = renderEnv(variant({ ...destinations, receiver: { enabled: true, profiles: { enabled: true } }, traces: { destinations: [{ name: 'tempo', url: 'tempo:4317', insecure: true }] } }));
  const receive = component(on, 'alloy-receiver', 'pyroscope.receive_http', 'default');
  assert.equal(refText(attrOf(receive, 'forward_to')), ['pyroscope.write.pyroscope.receiver', 'pyroscope.write.cloud.receiver']);
  const service = ofKind<{ metadata: { name: string }; spec: { ports: { name: string; port: number }[] } }>(on, 'Service').find((s) => s.metadata.name === 'alloy-stack-alloy-receiver')!;
  assert.ok(service.spec.ports.some((p) => p.name === 'pyroscope' && p.port === 4040));
  const off = renderEnv(variant({ receiver: { enabled: true }, traces: { destinations: [{ name: 'tempo', url: 'tempo:4317', insecure: true }] } }));
  assert.not.ok([...alloyFiles(off).keys()].some((k) => k.includes('profiles')));
  // Profiles only: no OpenTelemetry receiver, so no trace destination is needed.
  const only = renderEnv(variant({ ...destinations, receiver: { enabled: true, otlp: { grpc: { enabled: false }, http: { enabled: false } }, profiles: { enabled: true } } }));
  assert.equal([...alloyFiles(only).keys()].filter((k) => k.startsWith('alloy-stack-alloy-receiver/') && !k.endsWith('remotecfg.alloy')).sort(), ['alloy-stack-alloy-receiver/profile-destinations.alloy', 'alloy-stack-alloy-receiver/profiles-receiver.alloy']);
});

test.run();
