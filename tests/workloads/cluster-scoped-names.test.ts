// Side by side with what a cluster already runs: two stacks in two namespaces, kube-prometheus, kube-prometheus-stack
// and Grafana's k8s-monitoring chart never share a cluster-scoped name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { render } from '../../lib/render.ts';
import { isNamespaced } from '../../lib/export/process.ts';

const clusterScoped = (spec: EnvironmentInput) =>
  render({ spec: environment(spec), file: 'environments/test.ts', allowLists: {} }).objects
    .filter((o) => !isNamespaced(o) && o.kind !== 'Namespace')
    .map((o) => `${o.kind}/${o.metadata.name}`);

const everything: Partial<EnvironmentInput> = {
  logs: { destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }], events: { enabled: true } },
};

// ClusterRoles and bindings the others install (their manifests' names; releases under the names people give them).
const kubePrometheus = ['kube-state-metrics', 'node-exporter', 'prometheus-k8s', 'prometheus-operator', 'prometheus-adapter', 'blackbox-exporter'];
const releases = ['monitoring', 'kube-prometheus-stack', 'prometheus', 'k8s-monitoring', 'grafana-k8s-monitoring', 'alloy'];
const releaseParts = ['kube-state-metrics', 'prometheus-node-exporter', 'kube-prometheus-operator', 'kube-prometheus-prometheus', 'grafana-clusterrole',
  'alloy-metrics', 'alloy-logs', 'alloy-singleton', 'alloy-receiver', 'alloy-profiles', 'alloy-operator'];
const others = [...kubePrometheus, ...releases.flatMap((r) => releaseParts.map((p) => `${r}-${p}`))]
  .flatMap((name) => [`ClusterRole/${name}`, `ClusterRoleBinding/${name}`]);

test('two stacks in two namespaces and the usual other installs: no cluster-scoped name twice', () => {
  const a = clusterScoped({ name: 'a', clusterName: 'c', namespace: 'monitoring', ...everything });
  const b = clusterScoped({ name: 'b', clusterName: 'c', namespace: 'team-monitoring', ...everything });
  assert.ok(a.length >= 8, a.join('\n'));
  const all = [...a, ...b, ...others];
  const twice = all.filter((n, i) => all.indexOf(n) !== i);
  assert.equal(twice, []);
});

test('the names say which namespace\'s stack they belong to', () => {
  for (const name of clusterScoped({ name: 'a', clusterName: 'c', namespace: 'obs', ...everything })) {
    assert.match(name, /^ClusterRole(Binding)?\/obs-alloy-stack-/);
  }
});

test.run();
