// Prometheus Operator objects: one clustered component per kind that is on, namespace and label selection, the
// cloud path (target health only until names are included), and RBAC for monitoring.coreos.com only when on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../../lib/config/environment.ts';
import type { KubeObject } from '../../../lib/core/flatten.ts';
import { render } from '../../../lib/render.ts';

type Obj = Record<string, any>;
const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'c' };
const out = (spec: Partial<EnvironmentInput>) => render({ spec: environment({ ...base, ...spec }), file, allowLists: {} });
const text = (objects: readonly KubeObject[]) => (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy-stack-alloy-metrics') as Obj).data['operator-objects.alloy'] as string | undefined;
const rules = (objects: readonly KubeObject[]) => (objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'monitoring-alloy-stack-alloy-metrics') as Obj).rules as Obj[];

test('off by default: no file, no monitoring.coreos.com access', () => {
  const { objects } = out({});
  assert.is(text(objects), undefined);
  assert.not.ok(rules(objects).some((r) => r.apiGroups.includes('monitoring.coreos.com')));
});

test('on: ServiceMonitors (through EndpointSlices), PodMonitors and Probes, clustered; ScrapeConfigs only when asked', () => {
  const alloy = text(out({ metrics: { operatorObjects: { enabled: true } } }).objects)!;
  for (const kind of ['servicemonitors "service_monitors"', 'podmonitors "pod_monitors"', 'probes "probes"']) assert.match(alloy, `prometheus.operator.${kind}`);
  assert.not.match(alloy, /scrapeconfigs/);
  assert.match(alloy, /kubernetes_role = "endpointslice"/);
  assert.is(alloy.match(/clustering \{\s*enabled = true/g)?.length, 3);
  const withScrapeConfigs = out({ metrics: { operatorObjects: { enabled: true, scrapeConfigs: true, serviceMonitors: false } } });
  assert.match(text(withScrapeConfigs.objects)!, /prometheus\.operator\.scrapeconfigs "scrape_configs"/);
  assert.ok(withScrapeConfigs.warnings.some((w) => w.includes('experimental')), 'ScrapeConfigs raise the stability level, and the export says so');
});

test('namespaces: include watches only those, exclude drops by rule; labels select objects', () => {
  const alloy = text(out({ metrics: { operatorObjects: { enabled: true, podMonitors: false, probes: false, namespaces: { include: ['a', 'b'], exclude: ['b-system'] }, labels: { team: 'x' } } } }).objects)!;
  assert.match(alloy, /namespaces\s+= \["a", "b"\]/);
  assert.match(alloy, /selector \{\s*match_labels = \{\s*team = "x",?\s*\}/);
  assert.match(alloy, /source_labels = \["__meta_kubernetes_namespace"\]\s*regex\s*= "b-system"\s*action\s*= "drop"/);
});

test('RBAC: the object kinds that are on, and what their targets need', () => {
  const granted = rules(out({ metrics: { operatorObjects: { enabled: true, probes: false } } }).objects);
  const monitoring = granted.find((r) => r.apiGroups.includes('monitoring.coreos.com'))!;
  assert.equal(monitoring.resources, ['servicemonitors', 'podmonitors']);
  assert.equal(monitoring.verbs, ['get', 'list', 'watch']);
  assert.ok(granted.some((r) => r.apiGroups.includes('discovery.k8s.io') && r.resources.includes('endpointslices')));
  assert.not.ok(granted.some((r) => r.resources.includes('ingresses')), 'Ingresses only for Probes');
  assert.not.ok(granted.some((r) => r.resources.includes('secrets')), 'no Secrets');
});

test('cloud: only target health until metricsTuning["operator-objects"] includes names', () => {
  const cloud = { enableCloudWrite: true, cloud: { metrics: { url: 'https://prom.example.com/api/prom/push', auth: { secret: 's', usernameKey: 'u', passwordKey: 'p' } } } };
  const alloy = text(out({ ...cloud, metrics: { operatorObjects: { enabled: true } } }).objects)!;
  assert.match(alloy, /prometheus\.relabel "operator_objects_remote"[\s\S]*regex\s*= "up\|scrape_samples_scraped"/);
  const tuned = text(out({ ...cloud, metrics: { operatorObjects: { enabled: true } }, metricsTuning: { 'operator-objects': { includeMetrics: ['http_requests_total'] } } }).objects)!;
  assert.match(tuned, /http_requests_total/);
});

test.run();
