// rbac.mode namespaced: no cluster-scoped RBAC at all, a Role per workload and namespace read, every discovery limited
// to those namespaces, and the sources that need cluster scope off by default and refused when turned on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';
import noClusterRoles from '../../environments/no-cluster-roles.ts';

type Obj = Record<string, any>;
const file = 'environments/test.ts';
const rendered = () => render({ spec: noClusterRoles, file: 'environments/no-cluster-roles.ts', allowLists: {} }).objects as unknown as Obj[];

test('no ClusterRole or ClusterRoleBinding; Roles in exactly the namespaces named, bound to the workloads', () => {
  const objects = rendered();
  assert.equal(objects.filter((o) => o.kind.startsWith('Cluster')).map((o) => o.metadata.name), []);
  const roles = objects.filter((o) => o.kind === 'Role');
  assert.equal([...new Set(roles.map((r) => r.metadata.namespace))].sort(), ['team-a', 'team-a-jobs', 'team-a-monitoring']);
  for (const binding of objects.filter((o) => o.kind === 'RoleBinding')) {
    assert.ok(roles.some((r) => r.metadata.name === binding.roleRef.name && r.metadata.namespace === binding.metadata.namespace), binding.metadata.name);
    assert.is(binding.subjects[0].namespace, 'team-a-monitoring');
  }
  for (const role of roles) for (const rule of role.rules) assert.not.ok(rule.resources.some((r: string) => r.startsWith('nodes') || r === 'namespaces'), role.metadata.name);
});

test('every discovery and the events source read only those namespaces', () => {
  const texts = rendered().filter((o) => o.kind === 'ConfigMap' && String(o.metadata.name).startsWith('alloy-')).flatMap((o) => Object.values(o.data as Record<string, string>));
  const all = texts.join('\n');
  const discoveries = all.match(/discovery\.kubernetes "[^"]+" \{[\s\S]*?\n\}/g) ?? [];
  assert.ok(discoveries.length >= 2);
  for (const d of discoveries) assert.match(d, /names = \["team-a-monitoring", "team-a", "team-a-jobs"\]/, d);
  assert.match(all, /loki\.source\.kubernetes_events "cluster_events" \{[\s\S]*?namespaces\s+= \["team-a-monitoring", "team-a", "team-a-jobs"\]/);
});

test('the node and cluster-wide sources are off by the mode, and refused when turned on, naming field and reason', () => {
  const base: EnvironmentInput = { name: 't', clusterName: 't', rbac: { mode: 'namespaced', namespaces: ['a'] } };
  const refused = (extra: Partial<EnvironmentInput>) => {
    try {
      render({ spec: environment({ ...base, ...extra }), file, allowLists: {} });
    } catch (error) {
      assert.ok(isUserError(error));
      return error.problems.join('\n');
    }
    return '';
  };
  assert.is(refused({}), '', 'the defaults of the mode render');
  assert.match(refused({ metrics: { kubelet: { enabled: true } } }), /metrics\.kubelet\.enabled: reads cluster-scoped objects, which rbac\.mode namespaced cannot grant \(nodes\)/);
  assert.match(refused({ metrics: { controlPlane: { enabled: true } } }), /metrics\.controlPlane\.enabled/);
  assert.match(refused({ logs: { namespaces: { include: ['b'] } } }), /logs\.namespaces\.include: b not in rbac\.namespaces/);
  assert.match(refused({ beyla: { enabled: true } }), /beyla\.enabled: reads cluster-scoped objects, which rbac\.mode namespaced cannot grant \(nodes/);
});

test('profiling runs with Roles: its pod watch is limited to the namespaces of the mode', () => {
  const spec = environment({ name: 't', clusterName: 't', rbac: { mode: 'namespaced', namespaces: ['a'] }, profiling: { pprof: { enabled: true } },
    profiles: { destinations: [{ name: 'p', url: 'http://pyroscope:4040' }] } } as EnvironmentInput);
  const objects = render({ spec, file, allowLists: {} }).objects;
  const profiles = objects.filter((o) => o.metadata?.name?.includes('alloy-profiles'));
  assert.not.ok(profiles.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'));
  assert.ok(profiles.some((o) => o.kind === 'Role'));
});

test('the receiver runs with Roles too, without k8sattributes, which needs nodes and namespaces', () => {
  const spec = environment({ name: 't', clusterName: 't', rbac: { mode: 'namespaced', namespaces: ['a'] }, receiver: { enabled: true },
    traces: { destinations: [{ name: 'tempo', url: 'tempo-distributor.tempo.svc:4317', insecure: true }] } } as EnvironmentInput);
  const objects = render({ spec, file, allowLists: {} }).objects;
  assert.not.ok(objects.some((o) => o.kind.startsWith('Cluster')), objects.filter((o) => o.kind.startsWith('Cluster')).map((o) => o.metadata.name).join());
  assert.ok(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'alloy-stack-alloy-receiver'));
});

test('cluster mode is unchanged: a ClusterRole per reading workload, no namespaced Roles', () => {
  const objects = render({ spec: environment({ name: 't', clusterName: 't' }), file, allowLists: {} }).objects;
  assert.ok(objects.some((o) => o.kind === 'ClusterRole'));
  assert.not.ok(objects.some((o) => o.kind === 'Role'));
});

test.run();
