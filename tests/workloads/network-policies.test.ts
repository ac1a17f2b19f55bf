// NetworkPolicies: ingress only from Alloy pods, on the ports the containers expose; egress open.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { NetworkPolicy } from '../../lib/k8s/types.gen.ts';
import { objects, tree } from './fixture.ts';

const fromAlloy = [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy', 'app.kubernetes.io/part-of': 'alloy-stack' } } }];
const ports = (np: NetworkPolicy) => np.spec.ingress![0]!.ports!.map((p) => `${p.protocol}/${p.port}`);

test('each workload admits only Alloy pods, on its own ports', () => {
  const t = tree();
  const expected: [NetworkPolicy, string[]][] = [
    [t.alloyMetrics!.networkPolicy!, ['TCP/12345']],
    [t.alloyLogs!.networkPolicy!, ['TCP/12345']],
    [t.alloyEvents!.networkPolicy!, ['TCP/12345']],
    [t.prometheus!.networkPolicy!, ['TCP/9090']],
    [t.kubeStateMetrics!.networkPolicy!, ['TCP/8080', 'TCP/8081']],
    [t.nodeExporter!.networkPolicy!, ['TCP/9100']],
  ];
  for (const [np, expectedPorts] of expected) {
    const name = np.metadata.name!;
    assert.is(np.spec.ingress!.length, 1, name);
    assert.equal(np.spec.ingress![0]!.from, fromAlloy, name);
    assert.equal(ports(np), expectedPorts, name);
    assert.equal(np.spec.policyTypes, ['Ingress', 'Egress'], name);
    assert.equal(np.spec.egress, [{}], name);
  }
});

test('policy ports are the container ports (derived, not repeated)', () => {
  const t = tree();
  const container = t.prometheus!.statefulSet.spec.template.spec!.containers[0]!;
  assert.equal(ports(t.prometheus!.networkPolicy!), container.ports!.map((p) => `TCP/${p.containerPort}`));
});

test('networkPolicies: false renders none', () => {
  assert.is(objects({ networkPolicies: false }).filter((o) => o.kind === 'NetworkPolicy').length, 0);
  assert.is(objects().filter((o) => o.kind === 'NetworkPolicy').length, 6);
});

test.run();
