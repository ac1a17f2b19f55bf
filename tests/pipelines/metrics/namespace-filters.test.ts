// Namespace filters of the metrics sources and their environment-wide default: cAdvisor's series filtered
// before every destination (the node's own cgroups kept), kube-state-metrics by its own flags (or, for a
// cluster's own, on its series), and autodiscovery and operator objects taking the default unless they name
// their own. Rules are run on series as Alloy would (tests/pipelines/metrics/targets.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { renderEnv, ofKind } from '../../security/render.ts';
import { components, prodConfig, render } from './support.ts';
import { relabel, rulesOf } from './targets.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';

const block = (config: ReturnType<typeof render>, id: string): Block => components(config).find((c) => c.id === id)!.block;

test('cAdvisor: the include list keeps its namespaces and the series of no namespace; exclude drops', () => {
  const alloy = render({ metrics: { namespaces: { include: ['shop'], exclude: [] }, cadvisor: { namespaces: { exclude: ['kube-system'] } } } });
  assert.equal(checkGraph(alloy.files), []);
  const rules = rulesOf(block(alloy, 'prometheus.relabel.cadvisor_namespaces'));
  const series = (namespace?: string) => relabel(rules, { __name__: 'container_cpu_usage_seconds_total', ...(namespace === undefined ? {} : { namespace }) });
  // cAdvisor's own filter replaces the environment-wide one.
  assert.ok(series('shop'));
  assert.ok(series('payments'));
  assert.is(series('kube-system'), undefined);
  assert.ok(series(), 'the node\'s own cgroups have no namespace and stay');
  const only = rulesOf(block(render({ metrics: { namespaces: { include: ['shop'], exclude: [] } } }), 'prometheus.relabel.cadvisor_namespaces'));
  assert.is(relabel(only, { __name__: 'x', namespace: 'payments' }), undefined);
  assert.ok(relabel(only, { __name__: 'x', namespace: 'shop' }));
  // The filter comes before every destination: the scrape sends to it alone.
  assert.match(JSON.stringify(block(alloy, 'prometheus.scrape.cadvisor')), /"relabel","cadvisor_namespaces","receiver"/);
});

test('no filter: no relabel in between', () => {
  assert.not.ok(components(render()).some((c) => c.id === 'prometheus.relabel.cadvisor_namespaces'));
});

const ksmArgs = (change: Record<string, unknown>) => {
  const r = renderEnv({ name: 't', clusterName: 't', ...change });
  const d = ofKind<{ metadata: { name: string }; spec: { template: { spec: { containers: { args: string[] }[] } } } }>(r, 'Deployment').find((x) => x.metadata.name === 'alloy-stack-kube-state-metrics')!;
  return d.spec.template.spec.containers[0]!.args.filter((a) => a.startsWith('--namespaces'));
};

test('kube-state-metrics: --namespaces for an include list, --namespaces-denylist for an exclude list', () => {
  assert.equal(ksmArgs({}), []);
  assert.equal(ksmArgs({ metrics: { namespaces: { include: ['shop', 'payments'] } } }), ['--namespaces=shop,payments']);
  assert.equal(ksmArgs({ metrics: { kubeStateMetrics: { namespaces: { exclude: ['kube-system'] } } } }), ['--namespaces-denylist=kube-system']);
});

test('a cluster\'s own kube-state-metrics is filtered on its series instead', () => {
  const alloy = render({ metrics: { namespaces: { include: [], exclude: ['kube-system'] } }, kubeStateMetrics: { deploy: false, selector: { namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, portName: 'https-main' } } });
  const rules = rulesOf(block(alloy, 'prometheus.relabel.kube_state_metrics_namespaces'));
  assert.is(relabel(rules, { __name__: 'kube_pod_info', namespace: 'kube-system' }), undefined);
  assert.ok(relabel(rules, { __name__: 'kube_node_info' }));
});

test('autodiscovery and operator objects take the default unless they name their own', () => {
  const withDefault = metricsAlloyConfig(prodConfig({ metrics: { namespaces: { include: [], exclude: ['scratch'] }, autodiscovery: { enabled: true }, operatorObjects: { enabled: true } } }), {});
  assert.match(JSON.stringify(components(withDefault).filter((c) => c.file === 'autodiscovery.alloy').map((c) => c.block)), /"scratch"/);
  assert.match(JSON.stringify(components(withDefault).filter((c) => c.file === 'operator-objects.alloy').map((c) => c.block)), /"scratch"/);
  const own = metricsAlloyConfig(prodConfig({ metrics: { namespaces: { include: [], exclude: ['scratch'] }, autodiscovery: { enabled: true, namespaces: { include: ['shop'], exclude: [] } } } }), {});
  const text = JSON.stringify(components(own).filter((c) => c.file === 'autodiscovery.alloy').map((c) => c.block));
  assert.match(text, /"shop"/);
  assert.not.match(text, /"scratch"/);
});

test('bad input: a namespace both included and excluded', () => {
  assert.throws(() => prodConfig({ metrics: { cadvisor: { namespaces: { include: ['a'], exclude: ['a'] } } } }), /metrics\.cadvisor\.namespaces\.exclude: namespace "a" is also in include/);
  assert.throws(() => prodConfig({ metrics: { namespaces: { include: ['a'], exclude: ['a'] } } }), /metrics\.namespaces\.exclude/);
});

test.run();
