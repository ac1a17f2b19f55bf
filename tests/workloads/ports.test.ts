// The labels and named ports the scrape pipelines discover pods by, and the Service Alloy writes to.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Container, PodTemplateSpec, Service } from '../../lib/k8s/types.gen.ts';
import { localWriteUrl } from '../../lib/pipelines/metrics/destinations.ts';
import { tree } from './fixture.ts';

const podOf = (w: { spec: { template: PodTemplateSpec } }) => w.spec.template;
const portsOf = (c: Container) => (c.ports ?? []).map((p) => `${p.name}:${p.containerPort}`);

test('pods carry app.kubernetes.io/name and the named container ports the pipelines scrape', () => {
  const t = tree();
  const expected: [string, PodTemplateSpec, string, string[]][] = [
    ['alloy-metrics', podOf(t.alloyMetrics!.statefulSet), 'alloy', ['http-metrics:12345']],
    ['alloy-logs', podOf(t.alloyLogs!.daemonSet!), 'alloy', ['http-metrics:12345']],
    ['alloy-events', podOf(t.alloyEvents!.deployment), 'alloy', ['http-metrics:12345']],
    ['kube-state-metrics', podOf(t.kubeStateMetrics!.deployment!), 'kube-state-metrics', ['http-metrics:8080', 'telemetry:8081']],
    ['node-exporter', podOf(t.nodeExporter!.daemonSet), 'node-exporter', ['metrics:9100']],
    ['prometheus', podOf(t.prometheus!.statefulSet), 'prometheus', ['http-web:9090']],
  ];
  for (const [workload, template, name, ports] of expected) {
    assert.is(template.metadata!.labels!['app.kubernetes.io/name'], name, workload);
    assert.equal(template.spec!.containers.flatMap(portsOf), ports, workload);
  }
});

const servicePorts = (s: Service) => s.spec!.ports!.map((p) => `${p.name}:${p.port}->${p.targetPort}`);

test('Services: alloy-metrics, its headless cluster Service, prometheus, kube-state-metrics', () => {
  const t = tree();
  assert.equal(servicePorts(t.alloyMetrics!.service), ['http-metrics:12345->http-metrics']);
  const cluster = t.alloyMetrics!.clusterService;
  assert.is(cluster.metadata.name, 'alloy-stack-alloy-metrics-cluster');
  assert.is(cluster.spec!.clusterIP, 'None');
  assert.is(cluster.spec!.publishNotReadyAddresses, true);
  // Named `http`, not *-metrics, so it is not scraped twice.
  assert.equal(servicePorts(cluster), ['http:12345->http-metrics']);
  assert.equal(servicePorts(t.prometheus!.service), ['http-web:9090->http-web']);
  assert.equal(servicePorts(t.kubeStateMetrics!.service), ['http-metrics:8080->http-metrics', 'telemetry:8081->telemetry']);
  assert.equal(servicePorts(t.nodeExporter!.service), ['metrics:9100->metrics']);
});

test('the Prometheus Service is where Alloy metrics remote-writes', () => {
  for (const [naming, url] of [
    [{ instance: 'alloy-stack', names: {} }, 'http://alloy-stack-prometheus.obs.svc:9090/api/v1/write'],
    [{ instance: 'team-a', names: {} }, 'http://team-a-prometheus.obs.svc:9090/api/v1/write'],
    [{ instance: 'team-a', names: { prometheus: 'metrics-store' } }, 'http://metrics-store.obs.svc:9090/api/v1/write'],
  ] as const) {
    const t = tree({ namespace: 'obs', ...naming });
    const s = t.prometheus!.service;
    assert.is(`http://${s.metadata.name}.${s.metadata.namespace}.svc:${s.spec!.ports![0]!.port}/api/v1/write`, localWriteUrl({ namespace: 'obs', ...naming }));
    assert.is(localWriteUrl({ namespace: 'obs', ...naming }), url);
  }
});

test('alloy-metrics joins its peers through the headless Service it renders', () => {
  const t = tree();
  const args = t.alloyMetrics!.statefulSet.spec.template.spec!.containers[0]!.args!;
  assert.ok(args.includes(`--cluster.join-addresses=${t.alloyMetrics!.clusterService.metadata.name}`));
  assert.is(t.alloyMetrics!.statefulSet.spec.serviceName, t.alloyMetrics!.clusterService.metadata.name);
});

test.run();
