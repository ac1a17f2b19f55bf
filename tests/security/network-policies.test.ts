// NetworkPolicies on rendered output: every workload with pods (Alloy, Prometheus and the exporters)
// accepts connections only from Alloy pods of the stack's namespace, only on its own container ports;
// `networkPolicies: false` removes the policies and changes nothing else.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { LabelSelector, NetworkPolicy, PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { ofKind, renderEnv, variant, partName } from './render.ts';

interface Workload { kind: string; metadata: { name: string }; spec: { selector: LabelSelector; template: PodTemplateSpec } }

const workloads = (r: Rendered) => ['Deployment', 'StatefulSet', 'DaemonSet'].flatMap((kind) => ofKind<Workload>(r, kind));

/** matchLabels only: that is all the stack writes, and anything else must fail loudly here. */
function selects(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  assert.is(selector.matchExpressions, undefined, 'matchExpressions are not used');
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

const alloyPods = ['alloy-metrics', 'alloy-logs', 'alloy-events'];
const expectedPorts: Record<string, number[]> = {
  'alloy-metrics': [12345], 'alloy-logs': [12345], 'alloy-events': [12345],
  prometheus: [9090], 'kube-state-metrics': [8080, 8081], 'node-exporter': [9100],
};

test('every workload has a NetworkPolicy that selects exactly its own pods', () => {
  const r = renderEnv(variant({}));
  const policies = new Map(ofKind<NetworkPolicy>(r, 'NetworkPolicy').map((p) => [p.metadata.name!, p]));
  const all = workloads(r);
  assert.equal([...policies.keys()].sort(), all.map((w) => w.metadata.name).sort());
  for (const w of all) {
    const policy = policies.get(w.metadata.name)!;
    assert.equal(policy.spec!.podSelector, w.spec.selector, w.metadata.name);
    for (const other of all) {
      assert.is(selects(policy.spec!.podSelector ?? {}, other.spec.template.metadata?.labels), other === w, `${w.metadata.name} selects ${other.metadata.name}`);
    }
  }
});

test('ingress: one rule, from Alloy pods of the same namespace only, on exactly the container ports', () => {
  const r = renderEnv(variant({}));
  const all = workloads(r);
  for (const policy of ofKind<NetworkPolicy>(r, 'NetworkPolicy')) {
    const name = policy.metadata.name!;
    const spec = policy.spec!;
    assert.ok(spec.policyTypes!.includes('Ingress'), name);
    assert.is(spec.ingress!.length, 1, name);
    const [rule] = spec.ingress!;
    // A bare podSelector (no namespaceSelector, no ipBlock) means: pods of the policy's own namespace.
    assert.equal(rule!.from, [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy', 'app.kubernetes.io/part-of': 'alloy-stack' } } }], name);
    assert.equal(rule!.ports!.map((p) => p.port).sort(), expectedPorts[partName(name)], name);
    assert.ok(rule!.ports!.every((p) => p.protocol === 'TCP'), name);
    const w = all.find((x) => x.metadata.name === name)!;
    const containerPorts = w.spec.template.spec!.containers.flatMap((c) => c.ports ?? []).map((p) => p.containerPort).sort();
    assert.equal(rule!.ports!.map((p) => p.port).sort(), containerPorts, `${name}: the ports its containers expose`);
    // The peer selector admits every Alloy pod and nothing else the stack runs.
    for (const peer of all) {
      assert.is(selects(rule!.from![0]!.podSelector!, peer.spec.template.metadata?.labels), alloyPods.includes(partName(peer.metadata.name)), `${name} admits ${peer.metadata.name}`);
    }
  }
});

test('Alloy and Prometheus are covered in every feature set that renders them', () => {
  for (const change of [{}, { enableCloudWrite: false }, { logs: { enabled: false } }, { metrics: { kubelet: { access: 'direct' } } }]) {
    const r = renderEnv(variant(change));
    const names = ofKind<NetworkPolicy>(r, 'NetworkPolicy').map((p) => p.metadata.name);
    for (const w of workloads(r)) assert.ok(names.includes(w.metadata.name), `${JSON.stringify(change)}: ${w.metadata.name}`);
    assert.ok(names.includes('alloy-stack-prometheus') && names.includes('alloy-stack-alloy-metrics'), JSON.stringify(change));
  }
});

test('networkPolicies: false removes every NetworkPolicy and changes nothing else', () => {
  const on = renderEnv(variant({}));
  const off = renderEnv(variant({ networkPolicies: false }));
  assert.equal(ofKind(off, 'NetworkPolicy'), []);
  const withoutPolicies = new Map([...on.files].filter(([file]) => !file.includes('.NetworkPolicy-')));
  assert.equal(off.files, withoutPolicies);
});

test.run();
