// Labels on pod log lines: the default set (service_name as Loki and Grafana Cloud's Kubernetes app
// expect it), the pod labels, annotations, namespace labels and node labels an environment maps, and
// labelsToKeep deciding index label versus structured metadata. Rules run on real targets, lines run
// through the rendered loki.process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Block } from '../../../lib/alloy/ast.ts';
import type { Config } from '../../../lib/config/config.gen.ts';
import { logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { podLabelWarnings } from '../../../lib/pipelines/logs/pod-labels.ts';
import { componentBlock, runLokiProcess } from '../../support/loki-process.ts';
import { prodLikeSpec, render, withLogs } from './configs.ts';
import { applyRules, rulesOf } from './relabel-run.ts';

const podLogsFile = (config: Config): AlloyFile => logsAlloyConfig(config).files.find((f) => f.name === 'pod-logs.alloy')!.file;
const relabel = (config: Config) => rulesOf(componentBlock(podLogsFile(config), 'discovery.relabel', 'pod_logs'));
const blocks = (b: Block) => b.body.filter((s): s is Block => s.kind === 'block');

const target = (extra: Record<string, string> = {}) => ({
  __meta_kubernetes_namespace: 'shop',
  __meta_kubernetes_pod_name: 'cart-7d9f8-abcde',
  __meta_kubernetes_pod_uid: '0b6c1c1e',
  __meta_kubernetes_pod_container_name: 'cart-server',
  ...extra,
});

const mapped = () => withLogs((logs) => {
  logs.podLabels = { team: 'example.com/team', revision: 'pod-template-hash' };
  logs.podAnnotations = { environment: 'example.com/environment' };
  logs.namespaceLabels = { product: 'example.com/product' };
  logs.nodeLabels = { zone: 'topology.kubernetes.io/zone' };
  logs.labelsToKeep = ['app', 'cluster', 'container', 'job', 'namespace', 'service_name', 'stream', 'team', 'zone'];
});

test('service_name: app.kubernetes.io/name, else app, else the container name', () => {
  const rules = relabel(render(prodLikeSpec()));
  assert.is(applyRules(rules, target({ __meta_kubernetes_pod_label_app_kubernetes_io_name: 'cart', __meta_kubernetes_pod_label_app: 'legacy' }))!.service_name, 'cart');
  assert.is(applyRules(rules, target({ __meta_kubernetes_pod_label_app: 'legacy' }))!.service_name, 'legacy');
  assert.is(applyRules(rules, target({ __meta_kubernetes_pod_label_app: '' }))!.service_name, 'cart-server');
});

test('each label source appears in the relabel rules and lands on the target', () => {
  const rules = relabel(mapped());
  const sources = rules.map((r) => JSON.stringify(r.body)).join('\n');
  for (const meta of ['__meta_kubernetes_pod_label_example_com_team', '__meta_kubernetes_pod_annotation_example_com_environment',
    '__meta_kubernetes_namespace_label_example_com_product', '__meta_kubernetes_node_label_topology_kubernetes_io_zone']) {
    assert.ok(sources.includes(`"${meta}"`), meta);
  }
  const out = applyRules(rules, target({
    __meta_kubernetes_pod_label_example_com_team: 'checkout',
    __meta_kubernetes_pod_annotation_example_com_environment: 'production',
    __meta_kubernetes_namespace_label_example_com_product: 'webshop',
    __meta_kubernetes_node_label_topology_kubernetes_io_zone: 'eu-west-1a',
  }))!;
  assert.equal([out.team, out.environment, out.product, out.zone], ['checkout', 'production', 'webshop', 'eu-west-1a']);
  // A pod without the key gets no empty label.
  assert.not.ok('team' in applyRules(rules, target())!);
});

test('namespace and node labels attach metadata and ask for exactly the watches that needs', () => {
  const pods = (config: Config) => componentBlock(podLogsFile(config), 'discovery.kubernetes', 'pod_logs');
  const attach = blocks(pods(mapped())).find((b) => b.name === 'attach_metadata')!;
  assert.equal(attach.body.map((s) => (s.kind === 'attribute' ? s.name : '')), ['node', 'namespace']);
  assert.equal(logsAlloyConfig(mapped()).rbac.map((r) => ('resources' in r ? r.resources.join() : '')), ['pods', 'namespaces', 'nodes']);
  // Without them: no attach_metadata, pods only.
  assert.not.ok(blocks(pods(render(prodLikeSpec()))).some((b) => b.name === 'attach_metadata'));
  const podLabelsOnly = withLogs((logs) => { logs.podLabels = { team: 'example.com/team' }; });
  assert.equal(logsAlloyConfig(podLabelsOnly).rbac.map((r) => ('resources' in r ? r.resources.join() : '')), ['pods']);
});

test('labelsToKeep: listed labels stay stream labels, the rest become structured metadata', () => {
  const process = componentBlock(podLogsFile(mapped()), 'loki.process', 'pod_logs');
  const labels = {
    namespace: 'shop', pod: 'cart-7d9f8-abcde', container: 'cart-server', app: 'cart', service_name: 'cart', job: 'shop/cart-server',
    team: 'checkout', revision: '7d9f8', environment: 'production', product: 'webshop', zone: 'eu-west-1a', filename: '/var/log/pods/x/0.log',
  };
  const [entry] = runLokiProcess(process, [{ line: '2024-05-01T10:00:00.1Z stdout F {"level":"info"}', labels }]).entries;
  assert.equal(entry!.labels, {
    namespace: 'shop', container: 'cart-server', app: 'cart', service_name: 'cart', job: 'shop/cart-server', team: 'checkout', zone: 'eu-west-1a', stream: 'stdout', level: 'info',
  });
  assert.equal(entry!.structuredMetadata, { pod: 'cart-7d9f8-abcde', revision: '7d9f8', environment: 'production', product: 'webshop' });
});

test('warnings: a high-cardinality label made an index label, and only then', () => {
  assert.equal(podLabelWarnings(render(prodLikeSpec())), []);
  assert.equal(podLabelWarnings(mapped()), [], 'revision (pod-template-hash) is structured metadata, not an index label');
  const noisy = withLogs((logs) => {
    logs.podLabels = { revision: 'pod-template-hash' };
    logs.nodeLabels = { host: 'kubernetes.io/hostname' };
    logs.labelsToKeep = ['app', 'cluster', 'container', 'job', 'namespace', 'pod', 'revision', 'host'];
  });
  const warnings = podLabelWarnings(noisy);
  assert.is(warnings.length, 3);
  assert.match(warnings[0]!, /^logs\.labelsToKeep: "pod" is an index label/);
  assert.match(warnings[1]!, /^logs\.podLabels\.revision: "pod-template-hash" has one value per pod/);
  assert.match(warnings[2]!, /^logs\.nodeLabels\.host: "kubernetes\.io\/hostname" has one value per node/);
});

test('bad input: an invalid Loki label name, a reserved label, one label from two sources', () => {
  const refused = (change: (logs: Record<string, unknown>) => void, message: RegExp) =>
    assert.throws(() => withLogs(change), (e: Error) => message.test(e.message), String(message));
  refused((logs) => { logs.podLabels = { 'team-name': 'example.com/team' }; }, /logs\.podLabels.*team-name.*Loki label name/s);
  refused((logs) => { logs.namespaceLabels = { cluster: 'example.com/cluster' }; }, /logs\.namespaceLabels\.cluster: "cluster" is reserved/);
  refused((logs) => { logs.nodeLabels = { __name__: 'example.com/x' }; }, /logs\.nodeLabels\.__name__: "__name__" is reserved/);
  refused((logs) => { logs.podLabels = { team: 'team' }; logs.podAnnotations = { team: 'example.com/team' }; }, /logs\.podAnnotations\.team: the label "team" is already set by logs\.podLabels\.team/);
  refused((logs) => { logs.podLabels = { team: 'not a key!' }; }, /logs\.podLabels\.team/);
});

test.run();
