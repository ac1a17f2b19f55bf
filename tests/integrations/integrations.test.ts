// The integration catalogue end to end: each integration rendered with the real allow-lists (job name,
// pods it picks, the list on the cloud path only), the exporters inside Alloy (secret through the pod
// environment), the log stages on lines in each software's own format, the dashboard check, bad input.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Block } from '../../lib/alloy/ast.ts';
import { checkAlloy } from '../../lib/alloy/check/check.ts';
import { checkGraph } from '../../lib/alloy/graph.ts';
import { print } from '../../lib/alloy/print.ts';
import { matchesRelabel } from '../../lib/alloy/re2.ts';
import { loadAllowLists } from '../../lib/cli/environments.ts';
import type { Config } from '../../lib/config/config.gen.ts';
import { validateEnvironment } from '../../lib/config/validate.ts';
import { isUserError } from '../../lib/errors.ts';
import { integrationComponent, integrationNames, integrations } from '../../lib/integrations/index.ts';
import { logsAlloyConfig } from '../../lib/pipelines/logs/index.ts';
import { metricsAlloyConfig } from '../../lib/pipelines/metrics/index.ts';
import { render } from '../../lib/render.ts';
import { componentBlock, runLokiProcess } from '../support/loki-process.ts';
import { applyRules, rulesOf } from '../pipelines/logs/relabel-run.ts';
import { podTargets, relabel, scraped } from '../pipelines/metrics/targets.ts';
import type { PodFixture } from '../pipelines/metrics/targets.ts';
import { attribute, refPaths, subBlocks, text } from '../pipelines/metrics/support.ts';

const allowLists = await loadAllowLists();

const base = {
  name: 'prod',
  clusterName: 'prod',
  namespace: 'monitoring',
  enableCloudWrite: true,
  cloud: {
    metrics: { url: 'https://prometheus.example.com/api/prom/push', auth: { secret: 'grafana-cloud', usernameKey: 'u', passwordKey: 'p' } },
    logs: { url: 'https://logs.example.com/loki/api/v1/push', auth: { secret: 'grafana-cloud', usernameKey: 'lu', passwordKey: 'p' } },
  },
};

function config(integrationsSpec: Record<string, unknown>): Config {
  return validateEnvironment({ ...base, integrations: integrationsSpec }, 'test.ts');
}

function block(file: AlloyFile, type: string, label: string): Block {
  return componentBlock(file, type, label);
}

function fileOf(files: readonly { name: string; file: AlloyFile }[], name: string): AlloyFile {
  const found = files.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no ${name} among ${files.map((f) => f.name).join(', ')}`);
  return found.file;
}

const keepRegex = (b: Block) => text(attribute(subBlocks(b, 'rule')[0]!, 'regex'))!;

// A pod of each integration as its usual Helm chart runs it.
const pods: Record<string, PodFixture> = {
  alloy: { namespace: 'edge', labels: { 'app.kubernetes.io/name': 'alloy' }, containers: [{ name: 'alloy', ports: [{ name: 'http-metrics', port: 12345 }] }] },
  'cert-manager': { namespace: 'cert-manager', labels: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, containers: [{ name: 'cert-manager-controller', ports: [{ name: 'http-metrics', port: 9402 }] }] },
  'dcgm-exporter': { namespace: 'gpu-operator', labels: { app: 'nvidia-dcgm-exporter' }, containers: [{ name: 'nvidia-dcgm-exporter', ports: [{ name: 'metrics', port: 9400 }] }] },
  etcd: { namespace: 'db', labels: { 'app.kubernetes.io/name': 'etcd' }, containers: [{ name: 'etcd', ports: [{ name: 'client', port: 2379 }, { name: 'peer', port: 2380 }] }] },
  grafana: { namespace: 'grafana', labels: { 'app.kubernetes.io/name': 'grafana' }, containers: [{ name: 'grafana', ports: [{ name: 'grafana', port: 3000 }] }] },
  loki: { namespace: 'loki', labels: { 'app.kubernetes.io/name': 'loki' }, containers: [{ name: 'loki', ports: [{ name: 'http-metrics', port: 3100 }, { name: 'grpc', port: 9095 }] }] },
  mimir: { namespace: 'mimir', labels: { 'app.kubernetes.io/name': 'mimir' }, containers: [{ name: 'ingester', ports: [{ name: 'http-metrics', port: 8080 }] }] },
  tempo: { namespace: 'tempo', labels: { 'app.kubernetes.io/name': 'tempo' }, containers: [{ name: 'tempo', ports: [{ name: 'http-metrics', port: 3200 }] }] },
  istio: { namespace: 'shop', labels: { app: 'cart', 'security.istio.io/tlsMode': 'istio' }, containers: [{ name: 'cart', ports: [{ name: 'http', port: 8080 }] }, { name: 'istio-proxy', ports: [{ name: 'http-envoy-prom', port: 15090 }] }] },
  mysql: { namespace: 'shop', labels: { 'app.kubernetes.io/name': 'mysql' }, containers: [{ name: 'mysql', ports: [{ name: 'mysql', port: 3306 }] }, { name: 'metrics', ports: [{ name: 'metrics', port: 9104 }] }] },
  postgresql: { namespace: 'billing', labels: { 'app.kubernetes.io/name': 'postgresql' }, containers: [{ name: 'postgresql', ports: [{ name: 'tcp-postgresql', port: 5432 }] }, { name: 'metrics', ports: [{ name: 'http-metrics', port: 9187 }] }] },
  redis: { namespace: 'shop', labels: { 'app.kubernetes.io/name': 'redis' }, containers: [{ name: 'redis', ports: [{ name: 'redis', port: 6379 }] }, { name: 'metrics', ports: [{ name: 'metrics', port: 9121 }] }] },
};

for (const name of integrationNames) {
  const integration = integrations[name];
  test(`${name}: rendered with job ${integration.jobName}, its pods picked, its allow-list on the cloud path only`, () => {
    const rendered = metricsAlloyConfig(config({ [name]: { enabled: true } }), allowLists);
    assert.equal(checkGraph(rendered.files), []);
    assert.equal(checkAlloy(rendered.files), []);
    const component = integrationComponent(name);
    const list = allowLists[component];
    assert.ok(list !== undefined && list.length > 0, `allow-lists/${component}.yaml`);
    const spec = integration.defaultInstances[0];
    const file = fileOf(rendered.files, `${component}-${spec.name}.alloy`);
    const label = `${component}_${spec.name}`.replace(/-/g, '_');
    const scrape = block(file, 'prometheus.scrape', label);
    assert.is(text(attribute(scrape, 'job_name')), integration.jobName);
    // Local Prometheus unfiltered, the cloud through the integration's list.
    const forward = refPaths(attribute(scrape, 'forward_to'));
    assert.equal(forward, ['prometheus.remote_write.local.receiver', `prometheus.relabel.${label}_remote.receiver`]);
    const keep = keepRegex(block(file, 'prometheus.relabel', `${label}_remote`));
    for (const metric of list) assert.ok(matchesRelabel(keep, metric), `${metric} kept`);
    assert.not.ok(matchesRelabel(keep, 'go_gc_duration_seconds_bucket_not_listed'));
    // The chart pod's metrics port (and only it) is the target.
    const rules = subBlocks(block(file, 'discovery.relabel', label), 'rule');
    const kept = podTargets(pods[name]!).map((t) => scraped(relabel(rules, t))).filter((t) => t !== undefined);
    const wanted = name === 'istio' ? undefined : kept;
    if (wanted !== undefined) assert.is(kept.length, 1, `${name}: one target per pod`);
  });
}

test('istio: istiod on 15014 and every sidecar on http-envoy-prom at /stats/prometheus', () => {
  const rendered = metricsAlloyConfig(config({ istio: { enabled: true } }), allowLists);
  const sidecars = fileOf(rendered.files, 'integration-istio-sidecars.alloy');
  const rules = subBlocks(block(sidecars, 'discovery.relabel', 'integration_istio_sidecars'), 'rule');
  const kept = podTargets(pods.istio!).map((t) => scraped(relabel(rules, t))).filter((t) => t !== undefined);
  assert.equal(kept.map((t) => [t!.__address__, t!.container]), [['10.0.0.7:15090', 'istio-proxy']]);
  assert.is(text(attribute(block(sidecars, 'prometheus.scrape', 'integration_istio_sidecars'), 'metrics_path')), '/stats/prometheus');
  const istiod = fileOf(rendered.files, 'integration-istio-istiod.alloy');
  const istiodRules = subBlocks(block(istiod, 'discovery.relabel', 'integration_istio_istiod'), 'rule');
  const pod: PodFixture = { namespace: 'istio-system', labels: { app: 'istiod' }, containers: [{ name: 'discovery', ports: [{ name: 'grpc-xds', port: 15010 }, { name: 'http-monitoring', port: 15014 }] }] };
  assert.equal(podTargets(pod).map((t) => scraped(relabel(istiodRules, t))).filter((t) => t !== undefined).map((t) => t!.__address__), ['10.0.0.7:15014']);
});

test('listed instances take the integration defaults for what they leave out; the alloy integration skips the stack\'s own collectors', () => {
  const rendered = metricsAlloyConfig(config({
    postgresql: { enabled: true, instances: [{ name: 'main', namespaces: ['billing'], portNumber: 9187, scrapeInterval: '15s' }] },
    alloy: { enabled: true },
  }), allowLists);
  const file = fileOf(rendered.files, 'integration-postgresql-main.alloy');
  const rules = subBlocks(block(file, 'discovery.relabel', 'integration_postgresql_main'), 'rule');
  assert.is(podTargets(pods.postgresql!).map((t) => relabel(rules, t)).filter((t) => t !== undefined).length, 1);
  assert.is(podTargets({ ...pods.postgresql!, namespace: 'other' }).map((t) => relabel(rules, t)).filter((t) => t !== undefined).length, 0);
  assert.is(text(attribute(block(file, 'prometheus.scrape', 'integration_postgresql_main'), 'scrape_interval')), '15s');
  const alloyRules = subBlocks(block(fileOf(rendered.files, 'integration-alloy-alloy.alloy'), 'discovery.relabel', 'integration_alloy_alloy'), 'rule');
  const stackLabels = { ...pods.alloy!.labels, 'app.kubernetes.io/part-of': 'alloy-stack' };
  assert.is(podTargets({ ...pods.alloy!, namespace: 'monitoring', labels: stackLabels }).map((t) => relabel(alloyRules, t)).filter((t) => t !== undefined).length, 0);
  // Another stack's Alloy in the same namespace is not this stack's own collector: the integration scrapes it.
  const otherStack = { ...pods.alloy!.labels, 'app.kubernetes.io/part-of': 'team-b' };
  assert.is(podTargets({ ...pods.alloy!, namespace: 'monitoring', labels: otherStack }).map((t) => relabel(alloyRules, t)).filter((t) => t !== undefined).length, 1);
  assert.is(podTargets(pods.alloy!).map((t) => relabel(alloyRules, t)).filter((t) => t !== undefined).length, 1);
});

test('exporters inside Alloy: the DSN or password through the pod environment, never in the file; the allow-list on the cloud path', () => {
  const rendered = metricsAlloyConfig(config({
    mysql: { enabled: true, instances: [{ name: 'orders', exporter: { secret: 'orders-mysql', key: 'dsn' } }] },
    postgresql: { enabled: true, instances: [{ name: 'billing', exporter: { secret: 'billing-pg', key: 'dsn' } }] },
    redis: { enabled: true, instances: [{ name: 'sessions', exporter: { secret: 'sessions-redis', key: 'password', address: 'redis.shop.svc:6379' } }] },
  }), allowLists);
  assert.equal(checkGraph(rendered.files), []);
  assert.equal(checkAlloy(rendered.files), []);
  assert.equal(rendered.secretEnv.filter((e) => e.name.startsWith('INTEGRATION_')), [
    { name: 'INTEGRATION_MYSQL_ORDERS_DSN', secret: 'orders-mysql', key: 'dsn' },
    { name: 'INTEGRATION_POSTGRESQL_BILLING_DSN', secret: 'billing-pg', key: 'dsn' },
    { name: 'INTEGRATION_REDIS_SESSIONS_PASSWORD', secret: 'sessions-redis', key: 'password' },
  ]);
  const mysql = print(fileOf(rendered.files, 'integration-mysql-orders.alloy'));
  assert.match(mysql, 'data_source_name = sys.env("INTEGRATION_MYSQL_ORDERS_DSN")');
  assert.match(mysql, 'job_name        = "integrations/mysql"');
  assert.match(print(fileOf(rendered.files, 'integration-postgresql-billing.alloy')), 'data_source_names = [sys.env("INTEGRATION_POSTGRESQL_BILLING_DSN")]');
  const redis = print(fileOf(rendered.files, 'integration-redis-sessions.alloy'));
  assert.match(redis, 'redis_password = sys.env("INTEGRATION_REDIS_SESSIONS_PASSWORD")');
  const file = fileOf(rendered.files, 'integration-mysql-orders.alloy');
  const scrape = block(file, 'prometheus.scrape', 'integration_mysql_orders');
  assert.equal(refPaths(attribute(scrape, 'targets')), ['discovery.relabel.integration_mysql_orders.output']);
  assert.equal(refPaths(attribute(block(file, 'discovery.relabel', 'integration_mysql_orders'), 'targets')), ['prometheus.exporter.mysql.integration_mysql_orders.targets']);
  const keep = keepRegex(block(file, 'prometheus.relabel', 'integration_mysql_orders_remote'));
  assert.ok(matchesRelabel(keep, 'mysql_up'));
  assert.not.ok(matchesRelabel(keep, 'mysql_info_schema_table_rows'));
});

// ---- dashboards: every name the public dashboards query is kept in the cloud ----

function vendoredNames(file: string): string[] {
  return readFileSync(new URL(`../../vendor/integrations/${file}`, import.meta.url), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

const dashboardLists = [
  ['mysql', 'mysql-dashboard-metrics.txt'], ['postgresql', 'postgresql-dashboard-metrics.txt'],
  ['istio', 'istio-dashboard-metrics.txt'], ['etcd', 'etcd-dashboard-metrics.txt'],
  ['dcgm-exporter', 'dcgm-exporter-dashboard-metrics.txt'],
] as const;

for (const [name, file] of dashboardLists) {
  test(`${name}: every metric its mixin dashboard queries is on its allow-list (${file})`, () => {
    const names = vendoredNames(file);
    assert.ok(names.length >= 6);
    const list = allowLists[integrationComponent(name)]!;
    const missing = names.filter((metric) => !list.some((entry) => matchesRelabel(entry, metric)));
    assert.equal(missing, []);
  });
}

test('alloy and etcd: the integration lists keep what the built-in components keep', () => {
  assert.equal([...allowLists['integration-alloy']!].sort(), [...allowLists.alloy!].sort());
  const etcd = allowLists['integration-etcd']!;
  assert.equal(allowLists.etcd!.filter((name) => !etcd.includes(name)), []);
});

// ---- logs: job and level on lines in each software's own format ----

const sampleLines: Record<string, { line: string; level: string; metadata?: Record<string, string> }> = {
  alloy: { line: 'ts=2024-05-01T10:00:00.123Z level=warn msg="failed to send batch" component_path=/ component_id=loki.write.cloud', level: 'warn' },
  grafana: { line: 'logger=context userId=0 orgId=1 uname= t=2024-05-01T10:00:00.123Z level=error msg="Request error" error="context canceled"', level: 'error', metadata: { logger: 'context' } },
  loki: { line: 'level=info ts=2024-05-01T10:00:00.123Z caller=compactor.go:512 component=compactor msg="compactor started"', level: 'info', metadata: { component: 'compactor' } },
  mimir: { line: 'ts=2024-05-01T10:00:00.123Z caller=ingester.go:1000 level=warn msg="slow write"', level: 'warn' },
  tempo: { line: 'level=error ts=2024-05-01T10:00:00.123Z caller=rate_limited_logger.go:27 msg="pusher failed to consume trace data"', level: 'error' },
  istio: { line: '2024-05-01T10:00:00.123456Z\twarn\tads\tADS: "10.0.0.7:41234" sidecar~10.0.0.7 terminated', level: 'warn' },
  mysql: { line: '2024-05-01T10:00:00.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.', level: 'Warning' },
  postgresql: { line: '2024-05-01 10:00:00.123 UTC [1] LOG:  database system is ready to accept connections', level: 'LOG' },
};

test('logs: each logging integration\'s pods get its job and the level of their lines as structured metadata', () => {
  const names = Object.keys(sampleLines);
  const cfg = config(Object.fromEntries(names.map((n) => [n, { enabled: true }])));
  const logs = logsAlloyConfig(cfg);
  assert.equal(checkGraph(logs.files), []);
  const file = fileOf(logs.files, 'pod-logs.alloy');
  const rules = rulesOf(componentBlock(file, 'discovery.relabel', 'pod_logs'));
  const process = componentBlock(file, 'loki.process', 'pod_logs');
  for (const name of names) {
    const pod = pods[name]!;
    const container = name === 'istio' ? 'istio-proxy' : pod.containers![0]!.name;
    const target = podTargets(pod).find((t) => t.__meta_kubernetes_pod_container_name === container)!;
    const after = applyRules(rules, target);
    assert.ok(after !== undefined, name);
    assert.is(after!.job, integrations[name as 'alloy']!.jobName, name);
    const labels = Object.fromEntries(Object.entries(after!).filter(([k]) => !k.startsWith('__')));
    const sample = sampleLines[name]!;
    const result = runLokiProcess(process, [{ line: `2024-05-01T10:00:00.123456789Z stderr F ${sample.line}`, labels }]);
    assert.is(result.entries.length, 1, name);
    const entry = result.entries[0]!;
    assert.is(entry.structuredMetadata.level, sample.level, `${name} level`);
    for (const [k, v] of Object.entries(sample.metadata ?? {})) assert.is(entry.structuredMetadata[k], v, `${name} ${k}`);
    assert.is(entry.labels.job, integrations[name as 'alloy']!.jobName);
    assert.not.ok('level' in entry.labels, `${name}: level is no index label`);
  }
  // Another pod keeps the default job and gets no integration stage.
  const other = podTargets({ namespace: 'shop', labels: { app: 'cart' }, containers: [{ name: 'cart' }] })[0]!;
  const after = applyRules(rules, other)!;
  assert.is(after.job, 'shop/cart');
  const result = runLokiProcess(process, [{ line: '2024-05-01T10:00:00.1Z stdout F level=error msg=x', labels: Object.fromEntries(Object.entries(after).filter(([k]) => !k.startsWith('__'))) }]);
  assert.is(result.entries[0]!.structuredMetadata.level, undefined);
});

test('logs of an exporter instance: only the pods it names get the job; one naming none labels nothing', () => {
  const cfg = config({ mysql: { enabled: true, instances: [
    { name: 'prod-db', namespaces: ['prod'], podLabels: { 'app.kubernetes.io/instance': 'prod-db' }, exporter: { secret: 's', key: 'dsn' } },
    { name: 'dev-db', exporter: { secret: 's', key: 'dsn' } },
  ] } });
  const file = fileOf(logsAlloyConfig(cfg).files, 'pod-logs.alloy');
  const rules = rulesOf(componentBlock(file, 'discovery.relabel', 'pod_logs'));
  const job = (pod: PodFixture) => applyRules(rules, podTargets(pod)[0]!)!.job;
  assert.is(job({ namespace: 'prod', labels: { 'app.kubernetes.io/instance': 'prod-db' }, containers: [{ name: 'mysql' }] }), 'integrations/mysql');
  assert.is(job({ namespace: 'dev', labels: { 'app.kubernetes.io/instance': 'prod-db' }, containers: [{ name: 'mysql' }] }), 'dev/mysql');
  // The default instance's labels are not assumed for an exporter instance.
  assert.is(job({ namespace: 'shop', labels: { 'app.kubernetes.io/name': 'mysql' }, containers: [{ name: 'mysql' }] }), 'shop/mysql');
});

// ---- bad input ----

function problems(spec: Record<string, unknown>): string[] {
  try {
    config(spec);
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return (error as { problems: string[] }).problems;
  }
  return [];
}

test('refused: two instances with one name, an exporter where Alloy has none, redis without an address, a DSN in the file', () => {
  assert.equal(problems({ mysql: { enabled: true, instances: [{ name: 'a' }, { name: 'a' }] } }).length, 1);
  assert.match(problems({ mysql: { enabled: true, instances: [{ name: 'a' }, { name: 'a' }] } })[0]!, 'duplicate instance name "a" in integration mysql');
  assert.match(problems({ 'cert-manager': { enabled: true, instances: [{ name: 'a', exporter: { secret: 's', key: 'k' } }] } })[0]!, 'Alloy has no built-in exporter for cert-manager');
  assert.match(problems({ redis: { enabled: true, instances: [{ name: 'a', exporter: { secret: 's', key: 'k' } }] } })[0]!, 'needs the server address');
  const dsn = problems({ mysql: { enabled: true, instances: [{ name: 'a', exporter: { dataSourceName: 'root:secret@tcp(mysql:3306)/' } }] } });
  assert.ok(dsn.length > 0);
  assert.ok(dsn.some((p) => p.includes('integrations.mysql.instances[0].exporter')), dsn.join('\n'));
  assert.match(problems({ mysql: { enabled: true, instances: [{ name: 'a', portName: 'metrics', portNumber: 9104 }] } })[0]!, 'not both');
});

test('warned: an instance whose port no container of the pods it selects declares (pods rendered here only)', () => {
  const warnings = (instance: Record<string, unknown>) => render({
    spec: { ...base, integrations: { grafana: { enabled: true, instances: [{ name: 'ours', namespaces: ['monitoring'], podLabels: { 'app.kubernetes.io/name': 'prometheus' }, ...instance }] } } },
    file: 'environments/test.ts', allowLists,
  }).warnings;
  // The stack's own Prometheus pod declares http-web only.
  const wrong = warnings({ portName: 'metrics' });
  assert.ok(wrong.some((w) => w.includes('integrations.grafana.instances[0].portName') && w.includes('the grafana integration') && w.includes('"metrics"') && w.includes('http-web')), wrong.join('\n'));
  assert.not.ok(warnings({ portName: 'http-web' }).some((w) => w.includes('portName')));
  // Pods this output does not render cannot be judged: no warning.
  assert.not.ok(warnings({ podLabels: { 'app.kubernetes.io/name': 'grafana' }, portName: 'anything' }).some((w) => w.includes('portName')));
});

test.run();
