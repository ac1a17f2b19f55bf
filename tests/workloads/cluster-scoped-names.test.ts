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

const objectsOf = (spec: EnvironmentInput) => render({ spec: environment(spec), file: 'environments/test.ts', allowLists: {} }).objects;

test('two instances in one namespace: no object twice, no pod selected by the other stack\'s workloads or scrapes', () => {
  const a = objectsOf({ name: 'a', clusterName: 'c', instance: 'team-a', ...everything });
  const b = objectsOf({ name: 'b', clusterName: 'c', instance: 'team-b', ...everything });
  const key = (o: { kind: string; metadata: { namespace?: string; name?: string } }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const shared = a.map(key).filter((k) => b.map(key).includes(k));
  assert.equal(shared, ['Namespace//monitoring'], 'only the Namespace both live in');
  // Every workload of one stack selects no pod template of the other.
  const templates = (objects: typeof a) => objects.flatMap((o) => {
    const spec = (o as { spec?: { selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } } }).spec;
    return spec?.template?.metadata?.labels === undefined ? [] : [{ selector: spec.selector?.matchLabels ?? {}, labels: spec.template.metadata.labels }];
  });
  const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  for (const x of templates(a)) for (const y of templates(b)) assert.not.ok(selects(x.selector, y.labels), JSON.stringify(x.selector));
  // The self-scrape keeps only its own stack's pods.
  const config = (objects: typeof a) => JSON.stringify(objects.filter((o) => o.kind === 'ConfigMap').map((o) => (o as { data?: unknown }).data));
  assert.match(config(a), /app_kubernetes_io_part_of[^"]*"\]\\n\\t\\tregex {9}= \\"team-a\\"/);
  assert.not.match(config(a), /team-b/);
});

test('names: a part takes its full name; others keep the instance prefix; cluster-scoped ones add the namespace', () => {
  const objects = objectsOf({ name: 'a', clusterName: 'c', instance: 'obs', names: { kubeStateMetrics: 'ksm' } });
  const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
  assert.ok(names.includes('Deployment/ksm') && names.includes('Service/ksm'), names.join('\n'));
  assert.ok(names.includes('ClusterRole/monitoring-ksm'), names.join('\n'));
  assert.ok(names.includes('StatefulSet/obs-alloy-metrics') && names.includes('Service/obs-alloy-metrics-cluster'), names.join('\n'));
  assert.ok(names.includes('Service/obs-prometheus'));
});

test('a name too long with its prefix, or taken by two parts, is refused naming the field', () => {
  const problems = (spec: Partial<EnvironmentInput>) => {
    try { objectsOf({ name: 'a', clusterName: 'c', ...spec }); return []; } catch (e) { return (e as { problems?: string[] }).problems ?? [String(e)]; }
  };
  assert.ok(problems({ instance: 'a-very-long-instance-name-for-this-stack' }).some((p) => /instance: makes kube-state-metrics's objects "a-very-long-instance-name-for-this-stack-kube-state-metrics", 59 characters; at most 52/.test(p)),
    problems({ instance: 'a-very-long-instance-name-for-this-stack' }).join('\n'));
  assert.ok(problems({ names: { prometheus: 'store', kubeStateMetrics: 'store' } }).some((p) => /names\.kubeStateMetrics: "store" is also prometheus's name/.test(p)));
  assert.ok(problems({ names: { alloyEvents: 'alloy-stack-alloy-metrics-cluster' } }).some((p) => /names\.alloyEvents: .*also alloy-metrics's name/.test(p)));
  assert.equal(problems({ instance: 'ok' }), []);
});

test.run();
