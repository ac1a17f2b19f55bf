// The double-scrape guard: every Prometheus Operator component drops the targets a built-in pipeline already
// scrapes (applied here to targets as Kubernetes discovery builds them), and the export warns about what no
// rule can tell apart: a second exporter of the kind the stack deploys.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { environment, type EnvironmentInput } from '../../../lib/config/environment.ts';
import { render as renderEnvironment } from '../../../lib/render.ts';
import { components, render, subBlocks } from './support.ts';
import { endpointSliceTargets, podTargets, relabel, type Target } from './targets.ts';

type Spec = Record<string, unknown>;

/** The rule blocks of each operator component the environment renders, by component. */
function guards(metrics: Spec = {}): Record<string, Block[]> {
  const config = render({ metrics: { operatorObjects: { enabled: true }, ...metrics } });
  return Object.fromEntries(components(config).filter((c) => c.block.name.startsWith('prometheus.operator.'))
    .map((c) => [c.block.name, subBlocks(c.block, 'rule')]));
}

const kept = (rules: readonly Block[], target: Target) => relabel(rules, target) !== undefined;

const ownKsm = podTargets({ namespace: 'monitoring', name: 'kube-state-metrics-0', labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/part-of': 'alloy-stack' }, containers: [{ name: 'kube-state-metrics', ports: [{ name: 'http-metrics', port: 8080 }, { name: 'telemetry', port: 8081 }] }] });
const appPod = podTargets({ namespace: 'shop', labels: { 'app.kubernetes.io/name': 'shop' } })[0]!;
// The operator's kubelet Service: endpoints that point at the nodes, one port for every kubelet path.
const kubeletTarget = (path: string): Target => ({
  __address__: '10.0.1.5:10250', __metrics_path__: path, __meta_kubernetes_namespace: 'kube-system', __meta_kubernetes_service_name: 'kubelet',
  __meta_kubernetes_endpointslice_address_target_kind: 'Node', __meta_kubernetes_endpointslice_address_target_name: 'node-a',
});
// metrics-server serves on 10250 too, from a pod: not the kubelet.
const metricsServer: Target = { ...podTargets({ namespace: 'kube-system', labels: { 'k8s-app': 'metrics-server' }, containers: [{ name: 'metrics-server', ports: [{ name: 'https', port: 10250 }] }] })[0]!, __metrics_path__: '/metrics', __meta_kubernetes_endpointslice_address_target_kind: 'Pod' };

test('every enabled operator kind carries the same guard', () => {
  const all = guards({ operatorObjects: { enabled: true, scrapeConfigs: true } });
  assert.equal(Object.keys(all).sort(), ['prometheus.operator.podmonitors', 'prometheus.operator.probes', 'prometheus.operator.scrapeconfigs', 'prometheus.operator.servicemonitors']);
  const first = JSON.stringify(Object.values(all)[0]);
  for (const rules of Object.values(all)) assert.is(JSON.stringify(rules), first);
});

test('the stack\'s own exporters and the apps are left to their pipelines; other pods are scraped', () => {
  const rules = guards()['prometheus.operator.podmonitors']!;
  assert.not.ok(kept(rules, ownKsm[0]!), 'kube-state-metrics metrics port: the built-in scrapes it');
  assert.ok(kept(rules, ownKsm[1]!), 'its telemetry port is no built-in\'s');
  const traefik = podTargets({ namespace: 'ingress', labels: { 'app.kubernetes.io/name': 'traefik' }, containers: [{ name: 'traefik', ports: [{ name: 'metrics', port: 9100 }] }] })[0]!;
  assert.not.ok(kept(rules, traefik), 'an app of metrics.apps');
  assert.ok(kept(rules, appPod));
  // Two replicas, scraped through the Service: a monitor of that Service is left to the built-in too.
  const viaService = endpointSliceTargets({ name: 'alloy-stack-kube-state-metrics', ports: [{ name: 'http-metrics', port: 8080 }], pods: [{ namespace: 'monitoring' }] })[0]!;
  assert.ok(kept(rules, viaService), 'one replica: the pod is claimed by its labels, this one has none');
  const twoReplicas = render({ metrics: { operatorObjects: { enabled: true } }, kubeStateMetrics: { replicas: 2 } });
  const serviceRules = subBlocks(components(twoReplicas).find((c) => c.id === 'prometheus.operator.servicemonitors.service_monitors')!.block, 'rule');
  assert.not.ok(kept(serviceRules, viaService));
  // Built-in off: a monitor is then the only scrape, and is kept.
  assert.ok(kept(guards({ kubeStateMetrics: { enabled: false } })['prometheus.operator.podmonitors']!, ownKsm[0]!));
});

test('kubelet monitors: each path the built-ins scrape is dropped, the others and pods on port 10250 are kept', () => {
  const rules = guards()['prometheus.operator.servicemonitors']!;
  for (const path of ['/metrics', '/metrics/cadvisor', '/metrics/resource']) assert.not.ok(kept(rules, kubeletTarget(path)), path);
  assert.ok(kept(rules, kubeletTarget('/metrics/probes')), 'probes are off by default, so the monitor is the only scrape');
  assert.not.ok(kept(guards({ kubeletProbes: { enabled: true } })['prometheus.operator.servicemonitors']!, kubeletTarget('/metrics/probes')));
  assert.ok(kept(guards({ cadvisor: { enabled: false } })['prometheus.operator.servicemonitors']!, kubeletTarget('/metrics/cadvisor')));
  assert.ok(kept(rules, metricsServer), 'metrics-server on 10250 is a pod, not a kubelet');
});

test('control plane: the API server, the scheduler pods and CoreDNS only while their pipelines are on', () => {
  const apiServer = endpointSliceTargets({ name: 'kubernetes', ports: [{ name: 'https', port: 6443 }], pods: [{ namespace: 'default' }] })[0]!;
  const scheduler: Target = { ...podTargets({ namespace: 'kube-system', ip: '10.0.1.5', labels: { component: 'kube-scheduler' }, containers: [{ name: 'kube-scheduler' }] })[0]!, __address__: '10.0.1.5:10259' };
  const coreDns = endpointSliceTargets({ name: 'kube-dns', ports: [{ name: 'metrics', port: 9153 }], pods: [{ namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } }] })[0]!;
  const off = guards()['prometheus.operator.servicemonitors']!;
  for (const t of [apiServer, scheduler, coreDns]) assert.ok(kept(off, t), 'control plane off: the monitors are the only scrape');
  const on = guards({ controlPlane: { enabled: true } })['prometheus.operator.servicemonitors']!;
  for (const t of [apiServer, scheduler, coreDns]) assert.not.ok(kept(on, t), JSON.stringify(t.__address__));
  assert.ok(kept(on, { ...scheduler, __address__: '10.0.1.5:9999' }), 'another port of the same pod');
});

const file = 'environments/test.ts';
const warnings = (spec: Partial<EnvironmentInput>) => renderEnvironment({ spec: environment({ name: 'test', clusterName: 'c', ...spec }), file, allowLists: {} }).warnings
  .filter((w) => w.includes('reported twice'));

test('export warning: monitors read while the stack deploys its own exporters, naming the file, field and fix', () => {
  assert.equal(warnings({}), [], 'operator objects off');
  const both = warnings({ metrics: { operatorObjects: { enabled: true } } });
  assert.is(both.length, 1);
  assert.match(both[0]!, /^environments\/test\.ts: metrics\.operatorObjects: .*its own kube-state-metrics and node-exporter/);
  assert.match(both[0]!, /kubeStateMetrics: \{ deploy: false, selector \}, nodeExporter: \{ deploy: false, selector \}/);
  assert.match(warnings({ metrics: { operatorObjects: { enabled: true } }, nodeExporter: { enabled: false } })[0]!, /its own kube-state-metrics;/);
  assert.equal(warnings({ metrics: { operatorObjects: { enabled: true, serviceMonitors: false, podMonitors: false } } }), [], 'Probes only: no exporter monitors');
  assert.equal(warnings({ metrics: { operatorObjects: { enabled: true } }, kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false } }), []);
  const existing = (namespace: string, name: string, portName: string) => ({ deploy: false, selector: { namespace, labels: { 'app.kubernetes.io/name': name }, portName } });
  assert.equal(warnings({ metrics: { operatorObjects: { enabled: true } }, kubeStateMetrics: existing('kube-system', 'kube-state-metrics', 'http'), nodeExporter: existing('kube-system', 'node-exporter', 'metrics') }), [],
    'both the cluster\'s own: the guard leaves them to the built-ins');
});

test.run();
