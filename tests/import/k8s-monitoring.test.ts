// The k8s-monitoring 3.x sections, one fixture each (tests/fixtures/import/k8s-monitoring/): what each
// key becomes, that credentials stay out, and that the imported file type-checks and renders.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubectlCommand } from '../../lib/import/credentials.ts';
import { environmentText, importReport, importValues, unsupportedCount, type ImportResult } from '../../lib/import/import.ts';
import { formatPath, parseValues } from '../../lib/import/values.ts';
import { libImport, renderImported, root, typecheckImported, writeImported } from '../support/imported.ts';

const fixtures = path.join(root, 'tests/fixtures/import/k8s-monitoring');

function load(name: string): { result: ImportResult; text: string } {
  const file = `tests/fixtures/import/k8s-monitoring/${name}`;
  const result = importValues({ values: parseValues(readFileSync(path.join(fixtures, name), 'utf8'), file), file });
  return { result, text: environmentText(result, file, { libImport }) };
}

const statusOf = (result: ImportResult, key: string) => result.records.list.find((r) => formatPath(r.path) === key);

async function renders(id: string, text: string) {
  return renderImported(writeImported('import-unit', id, text));
}

test('cluster metrics: sources, kubelet access, tuning and workload sizing', async () => {
  const { result, text } = load('cluster-metrics.yaml');
  assert.is(result.format, 'k8s-monitoring-3');
  assert.is(result.name, 'metrics-test-1');
  const data = result.draft.data as Record<string, any>;
  assert.is(data.clusterName, 'Metrics_Test.1');
  assert.equal(data.metrics, {
    scrapeInterval: '30s',
    kubelet: { access: 'proxy' },
    resources: { enabled: false },
    cadvisor: { scrapeInterval: '60s' },
    // No integrations.alloy: the chart does not scrape its own Alloy, so neither does the import.
    alloy: { enabled: false },
  });
  assert.equal(data.metricsTuning, {
    kubelet: { useDefaultAllowList: false, includeMetrics: ['kubelet_node_name'] },
    cadvisor: { excludeMetrics: ['container_network_.*'] },
    'kube-state-metrics': { includeMetrics: ['kube_pod_labels'] },
  });
  assert.equal(data.kubeStateMetrics, {
    resources: { requests: { cpu: '50m', memory: '64Mi' } },
    tolerations: [{ key: 'protected-node', operator: 'Exists', effect: 'NoSchedule' }],
  });
  assert.equal(data.names, { nodeExporter: 'node-metric-source' });
  // The node-exporter DaemonSet tolerates every taint here already.
  assert.is(statusOf(result, 'clusterMetrics.node-exporter.tolerations')?.status, 'ignored');
  assert.equal(data.alloyMetrics, { resources: { limits: { memory: '2Gi' } }, replicas: 2 });
  assert.is(statusOf(result, 'clusterMetrics.kepler')?.status, 'ignored');
  // OpenCost: its external Prometheus as a base URL; a cluster id other than the cluster name has no field.
  assert.equal(data.opencost, { enabled: true, prometheusUrl: 'https://metrics.example.com' });
  assert.is(statusOf(result, 'clusterMetrics.opencost.opencost.exporter.defaultClusterId')?.status, 'unsupported');
  assert.is(unsupportedCount(result), 1);
  assert.match(text, '// TODO(import): clusterMetrics.opencost.opencost.exporter.defaultClusterId: "another-cluster" is not cluster.name');
  assert.match(text, '// from: global.scrapeInterval, clusterMetrics.enabled, clusterMetrics.kubelet.nodeAddressFormat,\n');
  const out = await renders('cluster-metrics', text);
  const kubelet = out.config.metrics.kubelet;
  assert.is(kubelet.access, 'proxy');
  assert.is(out.config.metrics.resources.enabled, false);
});

test('the chart reaches the kubelet directly by default, so the import says direct', () => {
  const values = { cluster: { name: 'c' }, clusterMetrics: { enabled: true } };
  const result = importValues({ values, file: 'v.yaml' });
  assert.equal((result.draft.data as any).metrics.kubelet, { access: 'direct' });
});

test('destinations: cloud.metrics, Loki list, credentials only by Secret name', async () => {
  const { result, text } = load('destinations.yaml');
  const data = result.draft.data as Record<string, any>;
  assert.is(data.enableCloudWrite, true);
  assert.equal(data.cloud.metrics, {
    url: 'https://prometheus-prod-01.grafana.net/api/prom/push',
    auth: { secret: 'grafana-cloud-metrics-credentials', usernameKey: 'username', passwordKey: 'password' },
    headers: { 'X-Team': 'platform', 'X-Scope-OrgID': '12345' },
    queue: { capacity: 5000 },
  });
  assert.equal(data.logs.destinations, [
    { name: 'grafana-cloud-logs', url: 'https://logs-prod-01.grafana.net/loki/api/v1/push', auth: { type: 'bearer', secret: 'logs-token', tokenKey: 'token' } },
    { name: 'local-loki', url: 'http://loki.loki.svc:3100/loki/api/v1/push', tenantId: '7' },
  ]);
  assert.equal(result.secrets, [{
    name: 'grafana-cloud-metrics-credentials',
    namespace: 'monitoring',
    keys: [{ key: 'username', from: 'destinations[0].auth.username' }, { key: 'password', from: 'destinations[0].auth.password' }],
  }]);
  assert.is(kubectlCommand(result.secrets[0]!),
    "kubectl create secret generic grafana-cloud-metrics-credentials --namespace monitoring \\\n  --from-literal=username='<destinations[0].auth.username>' \\\n  --from-literal=password='<destinations[0].auth.password>'");
  // The literal values are nowhere: not in the file, not in the report.
  const report = importReport(result).join('\n');
  for (const secret of ['glc_literal_password_value', '987654']) {
    assert.not.ok(text.includes(secret), `${secret} is not in the environment file`);
    assert.not.ok(report.includes(secret), `${secret} is not in the report`);
  }
  assert.match(text, "--from-literal=password='<destinations[0].auth.password>'");
  const unsupported = result.records.byStatus('unsupported').map((r) => formatPath(r.path));
  // The OTLP destination takes every signal by default: the chart would fill it with clusterMetrics (here
  // scrapedMetrics) and with podLogs, which has no OTLP path here.
  assert.equal(unsupported, ['destinations[3]', 'destinations[4].logs.enabled']);
  assert.match(text, '// TODO(import): destinations[3]: a second Prometheus destination');
  const out = await renders('destinations', text);
  assert.ok([...out.files.keys()].length > 0);
  assert.is(out.config.cloud.metrics?.url, 'https://prometheus-prod-01.grafana.net/api/prom/push');
});

test('pod logs: namespaces, labels to keep, tail from end, probe lines kept as the chart keeps them', async () => {
  const { result, text } = load('pod-logs.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const logs = (result.draft.data as any).logs;
  assert.equal(logs.enabled, true);
  assert.equal(logs.namespaces, { exclude: ['kube-system'] });
  assert.equal(logs.labelsToKeep, ['app', 'container', 'job', 'namespace', 'pod', 'cluster']);
  assert.is(logs.tailFromEnd, true);
  assert.equal(logs.dropProbeLogs, { enabled: false });
  assert.equal((result.draft.data as any).alloyLogs, { resources: { requests: { cpu: '100m' } } });
  assert.equal((result.draft.data as any).metrics, { enabled: false });
  assert.is(statusOf(result, 'alloy-logs.alloy.mounts.varlog')?.status, 'ignored');
  const out = await renders('pod-logs', text);
  assert.ok(out.objects.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'alloy-stack-alloy-logs'));
});

test('node logs and cluster events', async () => {
  const { result, text } = load('node-logs-and-events.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const logs = (result.draft.data as any).logs;
  assert.equal(logs.nodeLogs, { enabled: true, maxPriority: 'debug', units: ['kubelet.service'], maxAge: '4h' });
  assert.equal(logs.events, { enabled: true, namespaces: ['default', 'payments'] });
  assert.is(logs.enabled, false);
  const out = await renders('node-logs-and-events', text);
  assert.equal(out.config.logs.events.namespaces, ['default', 'payments']);
});

test('gaps: every key is mapped, ignored with a reason, or unsupported (a subtree reported once)', () => {
  const { result, text } = load('unsupported.yaml');
  const unsupported = result.records.byStatus('unsupported').map((r) => formatPath(r.path));
  assert.equal(unsupported, [
    'autoInstrumentation.spanMetricsOnly',
    'destinations[0].auth.passwordFrom',
    'podLogs.gatherMethod',
    'podLogs.structuredMetadata',
    'somethingNew',
  ]);
  assert.is(statusOf(result, 'profiling')?.status, 'ignored');
  assert.is(statusOf(result, 'alloy-operator')?.status, 'ignored');
  // An unsupported key's TODO sits above the field its section writes, or at the end.
  assert.match(text, /\/\/ TODO\(import\): podLogs\.gatherMethod: gatherMethod filelog [^\n]*\n(  \/\/ [^\n]*\n)*  logs: \{/);
  assert.match(text, /\/\/ TODO\(import\): somethingNew: no mapping for this key in the importer\n\}\);\n$/);
});

test('annotation autodiscovery: prefix, namespaces, selectors, the chart\'s defaults written out; metrics on without cluster sources', async () => {
  const { result, text } = load('autodiscovery.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.metrics.autodiscovery, {
    enabled: true,
    prefix: 'prometheus.io',
    namespaces: { include: ['shop', 'payments'], exclude: ['payments-canary'] },
    services: false,
    labels: { team: 'checkout' },
    bearerToken: false,
    scrapeInterval: '30s',
  });
  assert.equal(data.metricsTuning.autodiscovery, { useDefaultAllowList: false, excludeMetrics: ['go_.*'] });
  assert.is(data.metrics.enabled, undefined, 'clusterMetrics is off, but metrics stay on for autodiscovery');
  assert.is(data.metrics.kubelet.enabled, false);
  assert.is(data.kubeStateMetrics.enabled, false);
  assert.is(statusOf(result, 'annotationAutodiscovery.annotations.metricsPath')?.detail, 'metrics.autodiscovery.prefix');
  assert.is(statusOf(result, 'annotationAutodiscovery.maxCacheSize')?.status, 'ignored');
  assert.match(text, '// from: annotationAutodiscovery.enabled, annotationAutodiscovery.annotations,');
  const out = await renders('autodiscovery', text);
  assert.is(out.config.metrics.autodiscovery.prefix, 'prometheus.io');
  const alloy = out.objects.filter((o) => o.kind === 'ConfigMap').map((o) => JSON.stringify((o as any).data ?? {})).join('\n');
  assert.match(alloy, '__meta_kubernetes_pod_annotation_prometheus_io_scrape');
});

test('annotation autodiscovery: unset bearerToken is the chart\'s default (on); a prefix that differs per annotation stays unsupported', () => {
  const on = importValues({ values: { cluster: { name: 'c' }, annotationAutodiscovery: { enabled: true } }, file: 'v.yaml', from: 'k8s-monitoring-3' });
  assert.is((on.draft.data as any).metrics.autodiscovery.bearerToken, true);
  const mixed = importValues({
    values: { cluster: { name: 'c' }, annotationAutodiscovery: { enabled: true, annotations: { scrape: 'a.io/scrape', job: 'b.io/job' } } },
    file: 'v.yaml', from: 'k8s-monitoring-3',
  });
  assert.equal(mixed.records.byStatus('unsupported').map((r) => formatPath(r.path)), ['annotationAutodiscovery.annotations']);
  const renamed = importValues({
    values: { cluster: { name: 'c' }, annotationAutodiscovery: { enabled: true, annotations: { metricsPath: 'a.io/path-to-metrics' } } },
    file: 'v.yaml', from: 'k8s-monitoring-3',
  });
  assert.equal(renamed.records.byStatus('unsupported').map((r) => formatPath(r.path)), ['annotationAutodiscovery.annotations.metricsPath']);
});

test('control plane with one part off, the etcd integration on its port, alloy-metrics autoscaling', async () => {
  const { result, text } = load('control-plane.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.metrics.controlPlane, {
    apiServer: { scrapeInterval: '30s' },
    enabled: true,
    kubeScheduler: { enabled: false },
    etcd: { enabled: true, scheme: 'http', port: 2382, podLabels: { component: 'etcd' } },
  });
  assert.equal(data.alloyMetrics.autoscaling, { enabled: true, minReplicas: 3, maxReplicas: 6, targetMemoryUtilization: 80, targetCPUUtilization: 70 });
  assert.match(text, 'integrations.etcd.instances[0]');
  const out = await renders('control-plane', text);
  assert.is(out.config.metrics.controlPlane.kubeScheduler.enabled, false);
  assert.is(out.config.metrics.controlPlane.etcd.port, 2382);
  assert.ok(out.objects.some((o) => o.kind === 'HorizontalPodAutoscaler'));
});

test('autoscaling on CPU alone has no equivalent: unsupported with the reason', () => {
  const values = { cluster: { name: 'c' }, clusterMetrics: { enabled: true }, 'alloy-metrics': { controller: { autoscaling: { enabled: true, targetMemoryUtilizationPercentage: 0, targetCPUUtilizationPercentage: 50 } } } };
  const result = importValues({ values, file: 'v.yaml' });
  const record = statusOf(result, 'alloy-metrics.controller.autoscaling.targetMemoryUtilizationPercentage');
  assert.is(record?.status, 'unsupported');
  assert.match(record!.detail, 'memory is always a target');
  assert.is((result.draft.data as any).alloyMetrics, undefined);
});

test('pod logs through the Kubernetes API: labels, annotations, static labels, oauth2, images and platform', async () => {
  const { result, text } = load('logs-api.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.is(data.logs.gather, 'kubernetesApi');
  assert.is(data.logs.enabled, true);
  // The chart's default label stays under the values' own (Helm merges the maps).
  assert.equal(data.logs.podLabels, { app_kubernetes_io_name: 'app.kubernetes.io/name', team: 'example.com/team' });
  assert.equal(data.logs.podAnnotations, { owner: 'example.com/owner' });
  assert.equal(data.logs.namespaceLabels, { tier: 'tier' });
  assert.equal(data.logs.stages, [{ staticLabels: { site: 'lab2' } }]);
  assert.equal(data.alloyLogs, { replicas: 3 });
  assert.is(statusOf(result, 'alloy-logs.alloy.clustering')?.status, 'ignored');
  assert.equal(data.logs.destinations[0].auth, {
    type: 'oauth2', clientId: 'alloy', tokenUrl: 'https://idp.example.com/token', scopes: ['logs.write'],
    endpointParams: { audience: 'loki' }, secret: 'loki-credentials', clientSecretKey: 'clientSecret',
  });
  assert.not.ok(text.includes('literal-client-secret-value'), 'the client secret is not copied');
  assert.equal(result.secrets[0]?.keys, [{ key: 'clientSecret', from: 'destinations[0].auth.oauth2.clientSecret' }]);
  assert.is(data.platform, 'openshift');
  assert.equal(data.images, { registry: 'mirror.example.com', pullSecrets: ['mirror-creds', 'other-creds'] });
  const out = await renders('logs-api', text);
  assert.ok(out.objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alloy-stack-alloy-logs'));
  assert.not.ok(out.objects.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'alloy-stack-alloy-logs'));
});

test('a registry for only the Alloy images stays unsupported: images.registry would move every image', () => {
  const values = { cluster: { name: 'c' }, global: { image: { registry: 'mirror.example.com' } } };
  const result = importValues({ values, file: 'v.yaml', from: 'k8s-monitoring-3' });
  assert.equal(result.records.byStatus('unsupported').map((r) => formatPath(r.path)), ['global.image.registry']);
  assert.is((result.draft.data as any).images, undefined);
});

test('sigv4 with static keys (a Secret), the pod identity without keys, and the node integration allow-list', async () => {
  const { result, text } = load('sigv4.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.cloud.metrics.auth, { type: 'sigv4', region: 'eu-west-1', secret: 'amp-credentials', accessKeyIdKey: 'accessKey', secretAccessKeyKey: 'secretKey' });
  for (const literal of ['AKIALITERALACCESSKEY', 'literal-secret-access-key']) assert.not.ok(text.includes(literal));
  const include: string[] = data.metricsTuning['node-exporter'].includeMetrics;
  assert.is(include[0], 'node_load1');
  assert.ok(include.includes('node_vmstat_oom_kill') && include.includes('node_uname_info'));
  assert.is(include.filter((n) => n === 'node_load1').length, 1);
  const identity = importValues({
    values: { cluster: { name: 'c' }, destinations: [{ name: 'amp', type: 'prometheus', url: 'https://aps.example.com/write', auth: { type: 'sigv4', sigv4: { region: 'eu-west-1' } } }] },
    file: 'v.yaml',
  });
  assert.equal((identity.draft.data as any).cloud.metrics.auth, { type: 'sigv4', region: 'eu-west-1' });
  assert.equal(identity.secrets, []);
  const loki = importValues({
    values: { cluster: { name: 'c' }, destinations: [{ name: 'l', type: 'loki', url: 'https://loki.example.com/push', auth: { type: 'sigv4', sigv4: { region: 'eu-west-1' } } }] },
    file: 'v.yaml',
  });
  assert.equal(loki.records.byStatus('unsupported').map((r) => formatPath(r.path)), ['destinations[0].auth']);
  const out = await renders('sigv4', text);
  assert.is(out.config.cloud.metrics?.auth?.type, 'sigv4');
});

test('extraLogProcessingStages: Alloy stages that are typed stages become logs.stages; any other stays unsupported', async () => {
  const stages = [
    'stage.match {',
    '  selector = "{app_kubernetes_io_name=\\"api\\"}"',
    '  stage.multiline {',
    '    firstline     = "^\\\\d{4}-"',
    '    max_wait_time = "3s"',
    '  }',
    '}',
    'stage.json {',
    '  expressions = { level = "", msg = "message" }',
    '}',
    'stage.labels {',
    '  values = { level = "" }',
    '}',
    'stage.drop {',
    '  source     = "level"',
    '  expression = "debug"',
    '}',
  ].join('\n');
  const values = {
    cluster: { name: 'stages-test' },
    destinations: [{ name: 'loki', type: 'loki', url: 'http://loki.loki.svc:3100/loki/api/v1/push' }],
    podLogs: { enabled: true, extraLogProcessingStages: stages },
  };
  const result = importValues({ values, file: 'v.yaml' });
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  assert.equal((result.draft.data as any).logs.stages, [
    { match: { selector: '{app_kubernetes_io_name="api"}', stages: [{ multiline: { firstLine: '^\\d{4}-', maxWaitTime: '3s' } }] } },
    { json: { expressions: { level: '', msg: 'message' } } },
    { labels: { level: '' } },
    { drop: { expression: 'debug', source: 'level' } },
  ]);
  const out = await renders('log-stages', environmentText(result, 'v.yaml', { libImport }));
  const alloy = out.objects.filter((o) => o.kind === 'ConfigMap').map((o) => JSON.stringify((o as any).data ?? {})).join('\n');
  assert.match(alloy, 'stage.multiline');
  for (const raw of ['stage.tenant {\n  value = "a"\n}', 'stage.json {\n  expressions = { a = env("X") }\n}']) {
    const other = importValues({ values: { cluster: { name: 'c' }, podLogs: { enabled: true, extraLogProcessingStages: raw } }, file: 'v.yaml' });
    const record = statusOf(other, 'podLogs.extraLogProcessingStages');
    assert.is(record?.status, 'unsupported', raw);
    assert.match(record!.detail, 'cannot be mapped');
  }
});

test('alloy-metrics.extraConfig: the cloud destination\'s writer is renamed; a Secret read is granted on that Secret only; unknown components stay unsupported', async () => {
  const extra = [
    'prometheus.scrape "billing" {',
    '  targets    = [{ "__address__" = "billing.shop.svc:9100" }]',
    '  job_name   = "integrations/billing"',
    '  forward_to = [prometheus.remote_write.metrics_store.receiver]',
    '}',
  ].join('\n');
  const values = (text: string) => ({
    cluster: { name: 'extra-test' },
    destinations: [{ name: 'metrics_store', type: 'prometheus', url: 'https://mimir.example.com/api/v1/push' }],
    'alloy-metrics': { extraConfig: text },
  });
  const result = importValues({ values: values(extra), file: 'v.yaml' });
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.match(data.alloyMetrics.extraConfig['extra.alloy'], 'forward_to = [prometheus.remote_write.remote.receiver]');
  assert.is(data.metrics.kubelet.enabled, false, 'clusterMetrics is off: metrics stay on for the extra config only');
  const out = await renders('extra-config', environmentText(result, 'v.yaml', { libImport }));
  assert.ok([...out.files.values()].some((f) => f.includes('integrations/billing')));
  // A Secret read by literal name imports as it is: the render grants get on exactly that Secret, in its namespace.
  const reader = [
    'remote.kubernetes.secret "s" {', '  name      = "atlas"', '  namespace = "billing"', '}',
    'prometheus.scrape "atlas" {', '  targets    = [{ "__address__" = "atlas.example.com:443" }]',
    '  job_name   = "integrations/atlas"', '  forward_to = [prometheus.remote_write.metrics_store.receiver]',
    '  basic_auth {', '    username = "u"', '    password = remote.kubernetes.secret.s.data["password"]', '  }', '}',
  ].join('\n');
  const secret = importValues({ values: values(reader), file: 'v.yaml' });
  assert.is(unsupportedCount(secret), 0, importReport(secret).join('\n'));
  const granted = await renders('extra-config-secret', environmentText(secret, 'v.yaml', { libImport }));
  const role = [...granted.files.entries()].find(([f]) => /Role-.*billing/.test(f) && !f.includes('RoleBinding'));
  assert.ok(role !== undefined, [...granted.files.keys()].join('\n'));
  assert.match(role[1], /resourceNames:\s*\n\s*- atlas/);
  assert.match(role[1], 'namespace: billing');
  const unknown = importValues({ values: values(extra.replace('metrics_store', 'other')), file: 'v.yaml' });
  assert.match(statusOf(unknown, 'alloy-metrics.extraConfig')!.detail, 'prometheus.remote_write.other.receiver');
});

test('pod-scraping integrations: instances in full with the chart\'s port names, tuning per integration', async () => {
  const { result, text } = load('scrape-integrations.yaml');
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.integrations.grafana, {
    enabled: true,
    instances: [
      { name: 'grafana-ops', podLabels: { 'app.kubernetes.io/instance': 'ops' }, namespaces: ['ops'], portName: 'grafana' },
      { name: 'grafana-dev', podLabels: { 'app.kubernetes.io/instance': 'dev' }, portName: 'grafana', scrapeInterval: '2m' },
    ],
  });
  assert.equal(data.integrations.mimir, { enabled: true, instances: [{ name: 'mimir', podLabels: { 'app.kubernetes.io/name': 'mimir' }, portNumber: 8080 }] });
  assert.equal(data.metricsTuning['integration-mimir'], { includeMetrics: ['cortex_build_info'] });
  // A custom job name would break the integration's dashboards: left unsupported, and cert-manager not written.
  assert.is(statusOf(result, 'integrations.cert-manager.instances[0].jobLabel')?.status, 'unsupported');
  assert.is(data.integrations['cert-manager'], undefined);
  assert.is(unsupportedCount(result), 1);
  assert.match(text, '// from: integrations.grafana.instances');
  const clean = text.replace(/^.*TODO\(import\).*\n/gm, '');
  const out = await renders('scrape-integrations', clean);
  const files = [...out.files.values()].join('\n');
  assert.match(files, 'integrations/grafana');
  assert.match(files, 'integrations/mimir');
  const off = importValues({ values: { cluster: { name: 'c' }, integrations: { loki: { instances: [{ name: 'l', labelSelectors: { app: 'loki' }, logs: { enabled: false } }] } } }, file: 'v.yaml', from: 'k8s-monitoring-3' });
  assert.match(statusOf(off, 'integrations.loki.instances[0].logs.enabled')!.detail, 'always labels');
});

test('applicationObservability and OTLP destinations: receiver and traces.destinations', async () => {
  const { result, text } = load('application-observability.yaml');
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.traces.destinations, [
    // gRPC by default, as in the chart; its URL is kept as written.
    { name: 'traces-backend', protocol: 'grpc', url: 'https://traces.example.com', signals: ['traces'], auth: { type: 'bearer', secret: 'traces-token', tokenKey: 'token' }, tenantId: '42' },
    { name: 'metrics-gateway', protocol: 'http', url: 'http://gateway.observability.svc:4318', signals: ['metrics'] },
  ]);
  assert.equal(data.receiver, {
    enabled: true,
    otlp: { grpc: { enabled: false }, http: { enabled: true, port: 14318 } },
    jaeger: { grpc: { enabled: false }, thriftHttp: { enabled: false }, thriftCompact: { enabled: false } },
    zipkin: { enabled: true },
  });
  assert.is(statusOf(result, 'destinations[2].auth')?.status, 'unsupported');
  assert.is(unsupportedCount(result), 1, importReport(result).join('\n'));
  assert.equal(result.secrets, []);
  const out = await renders('application-observability', text.replace(/^.*TODO\(import\).*\n/gm, ''));
  const files = [...out.files.keys()].join('\n');
  assert.match(files, 'alloy-receiver');
  // An OTLP destination taking every signal: scraped metrics reach it too (scrapedMetrics, through the
  // allow-lists as in the chart); pod logs would need a log path to it, which there is not.
  const otlpValues = (extra: Record<string, unknown>) => ({ cluster: { name: 'c' }, clusterMetrics: { enabled: true }, ...extra, destinations: [{ name: 'o', type: 'otlp', url: 'o.example.com:4317' }] });
  const scraped = importValues({ values: otlpValues({}), file: 'v.yaml' });
  assert.is((scraped.draft.data as any).traces.destinations[0].scrapedMetrics, 'allowLists');
  const mixed = importValues({ values: otlpValues({ podLogs: { enabled: true } }), file: 'v.yaml' });
  assert.match(statusOf(mixed, 'destinations[0].logs.enabled')!.detail, 'only the receiver');
});

test('prometheusOperatorObjects: metrics.operatorObjects with one filter for every kind', async () => {
  const { result, text } = load('operator-objects.yaml');
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.metrics.operatorObjects, {
    enabled: true, serviceMonitors: true, podMonitors: true, probes: false, scrapeConfigs: false,
    namespaces: { include: ['shop', 'billing'] }, scrapeInterval: '30s',
  });
  // The chart sends every series of the objects to its destination: no allow-list on the way to the cloud.
  assert.equal(data.metricsTuning['operator-objects'], { useDefaultAllowList: false });
  assert.is(statusOf(result, 'prometheusOperatorObjects.probes')?.status, 'ignored');
  assert.is(statusOf(result, 'prometheusOperatorObjects.serviceMonitors.labelSelectors')?.status, 'unsupported');
  assert.is(unsupportedCount(result), 1, importReport(result).join('\n'));
  const out = await renders('operator-objects', text.replace(/^.*TODO\(import\).*\n/gm, ''));
  const files = [...out.files.values()].join('\n');
  assert.match(files, 'prometheus.operator.servicemonitors');
  assert.not.match(files, 'prometheus.operator.probes');
});

test('podLogsObjects: logs.podLogsObjects, read by each node\'s alloy-logs pod', async () => {
  const { result, text } = load('pod-logs-objects.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.logs.podLogsObjects, { enabled: true, labels: { team: 'payments' } });
  assert.is(data.logs.enabled, false, 'no pod logs feature: only the objects\' pods');
  assert.equal(data.logs.dropProbeLogs, { enabled: false }, 'the chart keeps probe lines');
  for (const key of ['podLogsObjects.nodeFilter', 'alloy-logs.liveDebugging', 'alloy-logs.alloy.clustering']) assert.is(statusOf(result, key)?.status, 'ignored', key);
  const out = await renders('pod-logs-objects', text);
  const files = [...out.files.values()].join('\n');
  assert.match(files, 'loki.source.podlogs');
  assert.match(files, 'node_filter');
});

test('collectorCommon.alloy.rbac.namespaces: rbac.mode namespaced; kube-state-metrics with Roles keeps its namespaces', async () => {
  const { result, text } = load('rbac-namespaced.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  assert.equal((result.draft.data as any).rbac, { mode: 'namespaced', namespaces: ['team-a', 'team-b'] });
  const out = await renders('rbac-namespaced', text);
  const kinds = out.objects.map((o) => o.kind);
  assert.not.ok(kinds.includes('ClusterRole'), 'no ClusterRoles');
  assert.ok(kinds.includes('Role'));
  const values = (ksmValues: Record<string, unknown>) => ({ cluster: { name: 'c' }, clusterMetrics: { enabled: true, 'kube-state-metrics': ksmValues }, collectorCommon: { alloy: { rbac: { namespaces: ['team-a'] } } } });
  const ksm = importValues({ values: values({ namespaces: 'team-a', rbac: { useClusterRole: false } }), file: 'v.yaml' });
  assert.is(statusOf(ksm, 'clusterMetrics.kube-state-metrics.namespaces')?.status, 'mapped');
  assert.equal((ksm.draft.data as any).metrics.kubeStateMetrics.namespaces, { include: ['team-a'] });
  assert.match(statusOf(ksm, 'clusterMetrics.kubelet')!.detail, 'through the nodes');
  const clusterRole = importValues({ values: values({ rbac: { useClusterRole: true } }), file: 'v.yaml' });
  assert.is(statusOf(clusterRole, 'clusterMetrics.kube-state-metrics.rbac.useClusterRole')?.status, 'unsupported');
});

test('the imported unit files type-check', () => {
  // Written by the tests above (uvu runs them in order, in one process).
  assert.is(typecheckImported('import-unit'), '');
});

test('autoInstrumentation: one discovery rule as beyla.podLabels and namespaces, exclusions, span metrics only, every series sent', async () => {
  const { result, text } = load('auto-instrumentation.yaml');
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const data = result.draft.data as any;
  assert.equal(data.beyla, { enabled: true, podLabels: { tier: 'backend' }, namespaces: ['shop'], excludeNamespaces: ['kube-system', 'monitoring'], metrics: { features: ['application_span'] } });
  assert.equal(data.metricsTuning.beyla, { useDefaultAllowList: false });
  assert.match(text, /autoInstrumentation\.beyla\.config\.data\.discovery\.services/);
  const out = await renders('auto-instrumentation', text);
  assert.equal(out.warnings, []);
  assert.ok(out.objects.some((o) => o.kind === 'DaemonSet' && o.metadata.name === 'alloy-stack-alloy-beyla'));
});

test('autoInstrumentation without discovery rules: the application preset\'s every namespace, sized and tolerated as the chart says', async () => {
  const values = parseValues(JSON.stringify({
    cluster: { name: 'c' },
    destinations: [{ name: 'prom', type: 'prometheus', url: 'https://prom.example.com/api/v1/write' }],
    clusterMetrics: { enabled: true },
    autoInstrumentation: {
      enabled: true, spanMetricsOnly: true,
      beyla: { resources: { requests: { cpu: '100m', memory: '128Mi' } }, tolerations: [{ key: 'protected-node', operator: 'Exists' }] },
    },
  }), 'inline.yaml');
  const result = importValues({ values, file: 'inline.yaml', from: 'k8s-monitoring-3' });
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  const beyla = (result.draft.data as any).beyla;
  assert.equal(beyla, { enabled: true, excludeNamespaces: [], metrics: { features: ['application_span'] }, resources: { requests: { cpu: '100m', memory: '128Mi' } } });
  assert.is(statusOf(result, 'autoInstrumentation.beyla.tolerations')?.status, 'ignored');
  const out = await renders('auto-instrumentation-preset', environmentText(result, 'inline.yaml', { libImport }));
  assert.equal(out.warnings, []);
  assert.is(out.config.beyla.namespaces, undefined, 'every namespace');
});

test('autoInstrumentation: a regular expression, several rules or raw Beyla settings stay unsupported; no rules at all too', () => {
  const values = (auto: unknown) => parseValues(JSON.stringify({ cluster: { name: 'c' }, autoInstrumentation: auto }), 'inline.yaml');
  const unsupported = (auto: unknown) => importValues({ values: values(auto), file: 'inline.yaml', from: 'k8s-monitoring-3' }).records.byStatus('unsupported').map((r) => formatPath(r.path));
  const data = (d: unknown) => ({ enabled: true, spanMetricsOnly: true, beyla: { config: { data: d } } });
  // No discovery and no metric families: the preset's families (application_host among them) have no equivalent.
  assert.equal(unsupported({ enabled: true }), ['autoInstrumentation.spanMetricsOnly']);
  // Discovery settings without services, or another preset: the chart's selection is not the preset's every namespace.
  assert.equal(unsupported(data({ discovery: { exclude_services: [{ k8s_namespace: 'a' }] } })), ['autoInstrumentation']);
  assert.equal(unsupported({ enabled: true, spanMetricsOnly: true, preset: 'network' }), ['autoInstrumentation']);
  assert.equal(unsupported(data({ discovery: { services: [{ k8s_pod_labels: { app: 'shop-.*' } }] } })), ['autoInstrumentation.beyla.config.data.discovery.services']);
  assert.equal(unsupported(data({ discovery: { services: [{ k8s_namespace: 'a' }, { k8s_namespace: 'b' }] } })), ['autoInstrumentation.beyla.config.data.discovery.services']);
  assert.equal(unsupported(data({ discovery: { services: [{ k8s_namespace: 'a' }] }, routes: { unmatched: 'heuristic' } })), ['autoInstrumentation.beyla.config.data.routes']);
  // Without spanMetricsOnly or named families the chart's preset decides, and that has no equivalent.
  assert.equal(unsupported({ enabled: true, beyla: { config: { data: { discovery: { services: [{ k8s_namespace: 'a' }] } } } } }), ['autoInstrumentation.spanMetricsOnly']);
});


test('profiling: each source with its targeting, namespaces and settings; Pyroscope destinations without their credentials', async () => {
  const { result, text } = load('profiling.yaml');
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.profiling, {
    // The chart's targetingScheme: all here, its default (annotation: opt in) for Java.
    ebpf: { enabled: true, targeting: 'all', namespaces: { exclude: ['kube-system'] }, sampleRate: 49, demangle: 'full' },
    java: { enabled: true, targeting: 'annotation', namespaces: { include: ['payments'] }, interval: '30s', alloc: '1m', cpu: false },
    pprof: { enabled: true, namespaces: { include: ['shop'] } },
  });
  assert.equal(data.profiles.destinations[0], { name: 'local-pyroscope', url: 'http://pyroscope.pyroscope.svc:4040', tenantId: '7' });
  assert.is(data.profiles.destinations[1].name, 'cloud-profiles');
  assert.ok(data.profiles.destinations[1].auth?.secret, JSON.stringify(data.profiles.destinations[1]));
  assert.not.match(text, 'not-a-real-token');
  assert.is(result.secrets.length, 1);
  assert.is(unsupportedCount(result), 0, importReport(result).join('\n'));
  assert.is(statusOf(result, 'profiling.java.profilingConfig.sampleRate')?.status, 'ignored');
  const out = await renders('profiling', text);
  assert.match([...out.files.keys()].join('\n'), 'alloy-profiles');
  // A language the chart switches off has no field here: unsupported, with the reason.
  const off = importValues({ values: { cluster: { name: 'c' }, profiling: { enabled: true, ebpf: { rubyEnabled: false } }, destinations: [{ name: 'p', type: 'pyroscope', url: 'http://p:4040' }] }, file: 'v.yaml' });
  assert.match(statusOf(off, 'profiling.ebpf.rubyEnabled')!.detail, 'no field here');
});

test('kube-state-metrics replicas and autosharding map to the same fields; a bad count stays unsupported', () => {
  const values = (ksm: Record<string, unknown>) => ({ cluster: { name: 'c' }, clusterMetrics: { enabled: true, 'kube-state-metrics': ksm } });
  const sharded = importValues({ values: values({ replicas: 4, autosharding: { enabled: true } }), file: 'v.yaml' });
  const data = sharded.draft.data as Record<string, any>;
  assert.equal(data.kubeStateMetrics, { replicas: 4, autosharding: true });
  assert.is(statusOf(sharded, 'clusterMetrics.kube-state-metrics.autosharding.enabled')?.status, 'mapped');
  const bad = importValues({ values: values({ replicas: 40 }), file: 'v.yaml' });
  assert.is(statusOf(bad, 'clusterMetrics.kube-state-metrics.replicas')?.status, 'unsupported');
});

test.run();
