// kubeStateMetrics.autosharding: a StatefulSet whose pods each report their share of the objects, each scraped
// pod by pod (not through the Service, which would reach one random shard), with exactly the RBAC sharding reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Role, StatefulSet } from '../../lib/k8s/types.gen.ts';
import { alloyFiles, ofKind, renderEnv, variant } from '../security/render.ts';
import { podTargets, relabel, scraped } from '../pipelines/metrics/targets.ts';
import { subBlocks } from '../pipelines/metrics/support.ts';
import type { Block } from '../../lib/alloy/ast.ts';

const sharded = renderEnv(variant({ kubeStateMetrics: { replicas: 3, autosharding: true } }));

test('a StatefulSet of the replicas, each told its pod name and namespace; no Deployment', () => {
  assert.equal(sharded.objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'alloy-stack-kube-state-metrics'), []);
  const sts = ofKind<StatefulSet>(sharded, 'StatefulSet').find((s) => s.metadata!.name === 'alloy-stack-kube-state-metrics')!;
  assert.is(sts.spec!.replicas, 3);
  const container = sts.spec!.template.spec!.containers[0]!;
  assert.ok(container.args!.includes('--pod=$(POD_NAME)') && container.args!.includes('--pod-namespace=$(POD_NAMESPACE)'));
  assert.equal(container.env!.map((e) => [e.name, e.valueFrom?.fieldRef?.fieldPath]), [['POD_NAME', 'metadata.name'], ['POD_NAMESPACE', 'metadata.namespace']]);
  // The render validated every object (schema and references: the StatefulSet's serviceName Service is rendered).
  assert.ok(sharded.objects.some((o) => o.kind === 'Service' && o.metadata.name === sts.spec!.serviceName));
});

test('sharding reads its own pod and StatefulSet only, in its namespace', () => {
  const role = ofKind<Role>(sharded, 'Role').find((r) => r.metadata!.name === 'alloy-stack-kube-state-metrics-shard')!;
  assert.is(role.metadata!.namespace, 'monitoring');
  assert.equal(role.rules, [
    { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: ['alloy-stack-kube-state-metrics'], verbs: ['get'] },
  ]);
  assert.ok(sharded.objects.some((o) => o.kind === 'RoleBinding' && o.metadata.name === 'alloy-stack-kube-state-metrics-shard'));
});

function rulesOfKsm(r: typeof sharded): Block[] {
  const file = alloyFiles(r).get('alloy-stack-alloy-metrics/kube-state-metrics.alloy')!;
  const relabelBlock = file.body.find((s): s is Block => s.kind === 'block' && s.name === 'discovery.relabel')!;
  return subBlocks(relabelBlock, 'rule');
}

test('every shard is a target; unsharded replicas are still scraped once, through the Service', () => {
  const pod = (name: string) => ({ name, namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/part-of': 'alloy-stack' }, containers: [{ name: 'kube-state-metrics', ports: [{ name: 'http-metrics', port: 8080 }] }] });
  const rules = rulesOfKsm(sharded);
  const kept = ['s-0', 's-1', 's-2'].flatMap((n) => podTargets(pod(n)).map((t) => scraped(relabel(rules, t))).filter((t) => t !== undefined));
  assert.is(kept.length, 3);
  const replicated = renderEnv(variant({ kubeStateMetrics: { replicas: 3 } }));
  const file = alloyFiles(replicated).get('alloy-stack-alloy-metrics/kube-state-metrics.alloy')!;
  assert.match(JSON.stringify(file), 'alloy-stack-kube-state-metrics.monitoring.svc:8080');
  assert.not.match(JSON.stringify(alloyFiles(sharded).get('alloy-stack-alloy-metrics/kube-state-metrics.alloy')), '.svc:8080');
});

test('refused for a kube-state-metrics the stack does not deploy', () => {
  let message = '';
  try {
    renderEnv(variant({ kubeStateMetrics: { deploy: false, autosharding: true, selector: { namespace: 'kube-system', labels: { app: 'ksm' }, portName: 'http' } } }));
  } catch (error) {
    message = String((error as Error).message);
  }
  assert.match(message, 'kubeStateMetrics.autosharding: only for the kube-state-metrics the stack deploys');
});

test.run();
