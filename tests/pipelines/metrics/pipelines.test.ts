import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { print } from '../../../lib/alloy/print.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';
import { attribute, calls, components, defaultAllowLists, fileNamed, fileNames, prodConfig, refPaths, render, subBlocks, text } from './support.ts';

const builtinFiles = ['kubelet.alloy', 'resources.alloy', 'cadvisor.alloy', 'kube-state-metrics.alloy', 'node-exporter.alloy', 'alloy.alloy', 'prometheus.alloy'];

test('a prod-like config renders targets, the built-ins in order, the apps, then destinations', () => {
  assert.equal(fileNames(render()), ['targets.alloy', ...builtinFiles, 'traefik.alloy', 'destinations.alloy']);
});

test('the prod-like config passes the graph check', () => {
  assert.equal(checkGraph(render().files).map((p) => p.message), []);
});

test('every scrape is clustered and forwards to local and to its own cloud allow-list', () => {
  const scrapes = components(render()).filter((c) => c.block.name === 'prometheus.scrape');
  assert.is(scrapes.length, 8);
  for (const { block } of scrapes) {
    const clustering = subBlocks(block, 'clustering');
    assert.is(clustering.length, 1, block.label);
    assert.equal(attribute(clustering[0]!, 'enabled'), { kind: 'bool', value: true });
    assert.equal(refPaths(attribute(block, 'forward_to')), [
      'prometheus.remote_write.local.receiver',
      `prometheus.relabel.${block.label}_remote.receiver`,
    ]);
  }
});

test('each cloud allow-list sits in its component file and forwards to the cloud remote_write', () => {
  const config = render();
  for (const { id, file, block } of components(config).filter((c) => c.block.name === 'prometheus.relabel')) {
    assert.ok(id.endsWith('_remote'), id);
    assert.ok(fileNamed(config, file).body.some((s) => s.kind === 'block' && s.name === 'prometheus.scrape'), `${id} in ${file}`);
    assert.equal(refPaths(attribute(block, 'forward_to')), ['prometheus.remote_write.remote.receiver']);
  }
});

test('job names, and interval/timeout from the component else the environment', () => {
  const scrapes: Record<string, Block> = Object.fromEntries(components(render())
    .filter((c) => c.block.name === 'prometheus.scrape').map((c) => [c.block.label!, c.block]));
  const jobs = Object.fromEntries(Object.entries(scrapes).map(([label, b]) => [label, text(attribute(b, 'job_name'))]));
  assert.equal(jobs, {
    kubelet: 'integrations/kubernetes/kubelet',
    resources: 'integrations/kubernetes/resources',
    cadvisor: 'integrations/kubernetes/cadvisor',
    kube_state_metrics: 'integrations/kubernetes/kube-state-metrics',
    node_exporter: 'integrations/node_exporter',
    alloy: 'integrations/alloy',
    prometheus: 'integrations/prometheus',
    traefik: 'integrations/traefik',
  });
  assert.is(text(attribute(scrapes.cadvisor!, 'scrape_interval')), '30s');
  assert.is(text(attribute(scrapes.kubelet!, 'scrape_interval')), '60s');
  assert.is(text(attribute(scrapes.kubelet!, 'scrape_timeout')), '10s');
});

test('discovery is shared: one pods and one nodes watch, read by every pipeline', () => {
  const config = render();
  const kubernetes = components(config).filter((c) => c.block.name === 'discovery.kubernetes');
  assert.equal(kubernetes.map((c) => [c.id, c.file, text(attribute(c.block, 'role'))]), [
    ['discovery.kubernetes.pods', 'targets.alloy', 'pod'],
    ['discovery.kubernetes.nodes', 'targets.alloy', 'node'],
  ]);
  const sources = components(config).filter((c) => c.block.name === 'discovery.relabel').map((c) => refPaths(attribute(c.block, 'targets'))[0]);
  assert.equal([...new Set(sources)].sort(), ['discovery.kubernetes.nodes.targets', 'discovery.kubernetes.pods.targets']);
});

test('both remote_writes add the cluster label; cloud credentials come from the Secret via sys.env', () => {
  const config = render();
  const writers = components(config).filter((c) => c.block.name === 'prometheus.remote_write');
  assert.equal(writers.map((w) => w.id), ['prometheus.remote_write.local', 'prometheus.remote_write.remote']);
  for (const { block } of writers) {
    const labels = attribute(block, 'external_labels');
    assert.equal(labels, { kind: 'object', fields: [{ key: 'cluster', value: { kind: 'string', value: 'prod-eu-west-1' } }] });
  }
  const localEndpoint = subBlocks(writers[0]!.block, 'endpoint')[0]!;
  assert.is(text(attribute(localEndpoint, 'url')), 'http://alloy-stack-prometheus.monitoring.svc:9090/api/v1/write');
  assert.equal(config.secretEnv, [
    { name: 'CLOUD_METRICS_USERNAME', secret: 'grafana-cloud', key: 'metrics-username' },
    { name: 'CLOUD_METRICS_PASSWORD', secret: 'grafana-cloud', key: 'token' },
  ]);
  assert.equal(calls(config), ['sys.env', 'sys.env']);
});

test('the cloud queue and WAL come from cloud.metrics.queue', () => {
  const config = render({ cloud: { metrics: { queue: { capacity: 20000, walMaxKeepalive: '12h' } } } });
  const remote = components(config).find((c) => c.id === 'prometheus.remote_write.remote')!.block;
  const queue = subBlocks(subBlocks(remote, 'endpoint')[0]!, 'queue_config')[0]!;
  assert.equal(attribute(queue, 'capacity'), { kind: 'number', value: 20000 });
  assert.equal(attribute(queue, 'max_shards'), { kind: 'number', value: 50 });
  assert.is(text(attribute(subBlocks(remote, 'wal')[0]!, 'max_keepalive_time')), '12h');
});

test('bearer-token auth reads one variable from the Secret', () => {
  const spec = prodConfig();
  spec.cloud.metrics!.auth = { type: 'bearer', secret: 'gc', tokenKey: 'token' };
  const config = metricsAlloyConfig(spec, defaultAllowLists);
  assert.equal(config.secretEnv, [{ name: 'CLOUD_METRICS_TOKEN', secret: 'gc', key: 'token' }]);
  assert.equal(calls(config), ['sys.env']);
  assert.equal(checkGraph(config.files), []);
});

test('cloud write off: no cloud component, credential, sys.env or SecretEnv at all', () => {
  const config = render({ enableCloudWrite: false });
  const ids = components(config).map((c) => c.id);
  assert.not.ok(ids.includes('prometheus.remote_write.remote'));
  assert.equal(ids.filter((id) => id.endsWith('_remote')), []);
  assert.equal(ids.filter((id) => id.startsWith('prometheus.relabel')), []);
  assert.equal(calls(config), []);
  assert.equal(config.secretEnv, []);
  const printed = config.files.map((f) => print(f.file)).join('\n');
  for (const banned of ['"remote"', 'remote_write.remote', '_remote', 'sys.env', 'grafana.net', 'basic_auth']) {
    assert.not.ok(printed.includes(banned), `printed config contains ${banned}`);
  }
  for (const { block } of components(config).filter((c) => c.block.name === 'prometheus.scrape')) {
    assert.equal(refPaths(attribute(block, 'forward_to')), ['prometheus.remote_write.local.receiver']);
  }
  assert.equal(checkGraph(config.files), []);
});

test('metrics.enabled false renders nothing', () => {
  assert.equal(render({ metrics: { enabled: false } }), { files: [], rbac: [], secretEnv: [], hostMounts: [] });
});

test('RBAC of the prod-like config: discovery watches and nodes/proxy', () => {
  assert.equal(render().rbac, [
    { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch'] },
    { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] },
  ]);
});

const switches: [string, string][] = [
  ['kubelet', 'kubelet.alloy'], ['resources', 'resources.alloy'], ['cadvisor', 'cadvisor.alloy'],
  ['kubeStateMetrics', 'kube-state-metrics.alloy'], ['nodeExporter', 'node-exporter.alloy'],
  ['alloy', 'alloy.alloy'], ['prometheus', 'prometheus.alloy'],
];
for (const [key, name] of switches) {
  test(`metrics.${key}.enabled false removes ${name} only`, () => {
    const config = render({ metrics: { [key]: { enabled: false } } });
    assert.equal(fileNames(config), fileNames(render()).filter((n) => n !== name));
    assert.equal(checkGraph(config.files), []);
  });
}

test('kubelet, resources and cadvisor off: no node discovery and no node rules', () => {
  const config = render({ metrics: { kubelet: { enabled: false }, resources: { enabled: false }, cadvisor: { enabled: false } } });
  assert.equal(components(config).filter((c) => c.block.name === 'discovery.kubernetes').map((c) => c.id), ['discovery.kubernetes.pods']);
  assert.equal(config.rbac, [{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] }]);
  assert.equal(checkGraph(config.files), []);
});

test('only kubelet endpoints on: no pod discovery and no pod rules', () => {
  const config = render({
    metrics: { kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, alloy: { enabled: false }, prometheus: { enabled: false }, apps: [] },
  });
  assert.equal(fileNames(config), ['targets.alloy', 'kubelet.alloy', 'resources.alloy', 'cadvisor.alloy', 'destinations.alloy']);
  assert.equal(components(config).filter((c) => c.block.name === 'discovery.kubernetes').map((c) => c.id), ['discovery.kubernetes.nodes']);
  assert.not.ok(config.rbac.some((r) => 'resources' in r && r.resources.includes('pods')));
  assert.equal(checkGraph(config.files), []);
});

test('every pipeline off: no files (a remote_write alone would be unused)', () => {
  const off = { enabled: false };
  const config = render({
    metrics: { kubelet: off, resources: off, cadvisor: off, kubeStateMetrics: off, nodeExporter: off, alloy: off, prometheus: off, apps: [] },
  });
  assert.equal(config, { files: [], rbac: [], secretEnv: [], hostMounts: [] });
});

test('the local Prometheus cannot be off while metrics are on: every scrape writes to it', () => {
  assert.throws(() => render({ prometheus: { enabled: false } }), /prometheus\.enabled: every scraped series is written to the local Prometheus/);
});

test('an app whose file would clash with targets.alloy is refused', () => {
  assert.throws(
    () => prodConfig({ metrics: { apps: [{ name: 'targets', podLabels: { app: 'x' }, port: 80 }] } }),
    /metrics\.apps\[0\]\.name: "targets" would overwrite the generated targets\.alloy/,
  );
});

test.run();
