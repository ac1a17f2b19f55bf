// RBAC is exactly what the pipelines asked for: read-only, no wildcards, bound to the right account.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterRole } from '../../lib/k8s/types.gen.ts';
import type { RbacRule } from '../../lib/pipelines/alloy-config.ts';
import { kubeStateMetricsRules } from '../../lib/workloads/kube-state-metrics.ts';
import { rbac } from '../../lib/workloads/rbac.ts';
import { inputs, objects, tree } from './fixture.ts';

test('each Alloy ClusterRole has exactly the given rules, in order', () => {
  const t = tree();
  const given = inputs();
  assert.equal(t.alloyMetrics!.clusterRole!.rules, given.metrics.rbac);
  assert.equal(t.alloyLogs!.clusterRole!.rules, given.logs.rbac);
  assert.equal(t.alloyEvents!.clusterRole!.rules, given.events.rbac);
});

test('no rendered rule has a wildcard or a verb beyond get/list/watch', () => {
  const roles = objects().filter((o) => o.kind === 'ClusterRole') as unknown as ClusterRole[];
  assert.is(roles.length, 4);
  for (const role of roles) {
    for (const rule of role.rules!) {
      assert.ok(rule.verbs.every((v) => ['get', 'list', 'watch'].includes(v)), `${role.metadata.name}: ${rule.verbs}`);
      const fields = [...(rule.apiGroups ?? []), ...(rule.resources ?? []), ...(rule.nonResourceURLs ?? []), ...rule.verbs];
      assert.not.ok(fields.some((f) => f.includes('*')), role.metadata.name);
      assert.is(rule.resourceNames, undefined);
    }
  }
});

test('each binding grants its own role to its own ServiceAccount in the namespace', () => {
  const t = tree({ namespace: 'obs' });
  for (const part of [t.alloyMetrics!, t.alloyLogs!, t.alloyEvents!, t.kubeStateMetrics!]) {
    const binding = part.clusterRoleBinding!;
    assert.equal(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: part.clusterRole!.metadata.name! });
    assert.equal(binding.subjects, [{ kind: 'ServiceAccount', name: part.serviceAccount.metadata.name!, namespace: 'obs' }]);
  }
});

test('the API token is mounted only where the pod reads the API', () => {
  const t = tree();
  const mounted = {
    alloyMetrics: [t.alloyMetrics!.serviceAccount, t.alloyMetrics!.statefulSet.spec.template.spec!],
    alloyLogs: [t.alloyLogs!.serviceAccount, t.alloyLogs!.daemonSet!.spec.template.spec!],
    alloyEvents: [t.alloyEvents!.serviceAccount, t.alloyEvents!.deployment.spec.template.spec!],
    kubeStateMetrics: [t.kubeStateMetrics!.serviceAccount, t.kubeStateMetrics!.deployment!.spec.template.spec!],
    prometheus: [t.prometheus!.serviceAccount, t.prometheus!.statefulSet.spec.template.spec!],
    nodeExporter: [t.nodeExporter!.serviceAccount, t.nodeExporter!.daemonSet.spec.template.spec!],
  } as const;
  const expected = { alloyMetrics: true, alloyLogs: true, alloyEvents: true, kubeStateMetrics: true, prometheus: false, nodeExporter: false };
  for (const [key, [account, pod]] of Object.entries(mounted)) {
    assert.is(account.automountServiceAccountToken, expected[key as keyof typeof expected], key);
    assert.is(pod.automountServiceAccountToken, expected[key as keyof typeof expected], key);
    assert.is(pod.serviceAccountName, account.metadata.name, key);
  }
  assert.is(t.prometheus!.clusterRole, undefined);
  assert.is(t.nodeExporter!.clusterRole, undefined);
  assert.is(t.nodeExporter!.clusterRoleBinding, undefined);
});

test('an Alloy workload without rules gets a ServiceAccount without token and no ClusterRole', () => {
  const given = inputs();
  given.events.rbac = [];
  const events = tree({}, given).alloyEvents!;
  assert.is(events.serviceAccount.automountServiceAccountToken, false);
  assert.is(events.clusterRole, undefined);
  assert.is(events.clusterRoleBinding, undefined);
});

test('write verbs and wildcards are refused at run time, naming the workload', () => {
  const meta = { name: 'alloy-metrics', namespace: 'monitoring', labels: {} };
  const bad = [
    { apiGroups: [''], resources: ['pods'], verbs: ['create'] },
    { apiGroups: ['*'], resources: ['pods'], verbs: ['list'] },
    { apiGroups: [''], resources: ['*'], verbs: ['list'] },
    { nonResourceURLs: ['/metrics/*'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods'], verbs: ['*'] },
  ] as unknown as RbacRule[];
  for (const rule of bad) assert.throws(() => rbac(meta, [rule]), /alloy-metrics: RBAC rule .* is not allowed/);
});

test('kube-state-metrics lists and watches exactly what --resources reports, and not Secrets', () => {
  const ksm = tree().kubeStateMetrics!;
  const rules = ksm.clusterRole!.rules!;
  assert.equal(rules, kubeStateMetricsRules);
  assert.ok(rules.every((r) => r.verbs.join() === 'list,watch'));
  const granted = rules.flatMap((r) => r.resources!).sort();
  const flag = ksm.deployment!.spec.template.spec!.containers[0]!.args!.find((a) => a.startsWith('--resources='))!;
  assert.equal(flag.slice('--resources='.length).split(','), granted);
  assert.not.ok(granted.includes('secrets'));
  assert.ok(['pods', 'nodes', 'deployments', 'daemonsets', 'statefulsets', 'jobs', 'cronjobs', 'persistentvolumeclaims'].every((r) => granted.includes(r)));
});

test.run();
