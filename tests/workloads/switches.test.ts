// What is switched off is not rendered, RBAC included.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inputs, names, objects, tree } from './fixture.ts';

const keys = (t: object) => Object.keys(t).sort();

test('everything on: every workload', () => {
  assert.equal(keys(tree()), ['alloyEvents', 'alloyLogs', 'alloyMetrics', 'kubeStateMetrics', 'namespace', 'nodeExporter', 'prometheus']);
});

test('an Alloy workload without files is absent, with its RBAC', () => {
  const given = inputs();
  given.logs.files = {};
  const t = tree({}, { metrics: given.metrics, logs: given.logs });
  assert.equal(keys(t), ['alloyMetrics', 'kubeStateMetrics', 'namespace', 'nodeExporter', 'prometheus']);
  assert.not.ok(names(objects({}, { metrics: given.metrics })).some((n) => n.includes('alloy-logs') || n.includes('alloy-events')));
});

test('no metrics files: no alloy-metrics, and nothing that only serves it', () => {
  const { logs, events } = inputs();
  assert.equal(keys(tree({}, { logs, events })), ['alloyEvents', 'alloyLogs', 'namespace']);
  assert.equal(keys(tree({ metrics: { enabled: false } }, { logs, events })), ['alloyEvents', 'alloyLogs', 'namespace']);
});

test('metrics off removes Prometheus and the exporters; the local Prometheus cannot be off alone', () => {
  const { logs, events } = inputs();
  const t = tree({ metrics: { enabled: false }, prometheus: { enabled: false } }, { logs, events });
  assert.equal(keys(t), ['alloyEvents', 'alloyLogs', 'namespace']);
  assert.throws(() => tree({ prometheus: { enabled: false } }), /prometheus\.enabled/);
});

test('deploy switches and scrape switches of the exporters', () => {
  assert.not.ok('kubeStateMetrics' in tree({ kubeStateMetrics: { enabled: false } }));
  assert.not.ok('kubeStateMetrics' in tree({ metrics: { kubeStateMetrics: { enabled: false } } }));
  assert.not.ok('nodeExporter' in tree({ nodeExporter: { enabled: false } }));
  assert.not.ok('nodeExporter' in tree({ metrics: { nodeExporter: { enabled: false } } }));
  const rendered = names(objects({ kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false } }));
  assert.not.ok(rendered.some((n) => n.includes('kube-state-metrics') || n.includes('node-exporter')));
});

test('only the namespace when nothing is on', () => {
  assert.equal(names(objects({}, {})), ['Namespace/monitoring']);
});

test.run();
