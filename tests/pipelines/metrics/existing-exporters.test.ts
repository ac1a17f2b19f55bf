// kube-state-metrics and node-exporter: the stack's own, or the cluster's (deploy: false) found by a selector
// and reached over https with Alloy's token as on OpenShift; kube-state-metrics with several replicas scraped
// through its Service, so the replicas' identical series are stored once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { file, type Block } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { print } from '../../../lib/alloy/print.ts';
import { environment, type EnvironmentInput } from '../../../lib/config/environment.ts';
import type { KubeObject } from '../../../lib/core/flatten.ts';
import { isUserError } from '../../../lib/errors.ts';
import { render as renderEnvironment } from '../../../lib/render.ts';
import { attribute, components, fileNamed, render, subBlocks, text } from './support.ts';
import { podTargets, relabel } from './targets.ts';

type Spec = Record<string, unknown>;
const envFile = 'environments/test.ts';
const out = (spec: Partial<EnvironmentInput>) => renderEnvironment({ spec: environment({ name: 'test', clusterName: 'c', ...spec }), file: envFile, allowLists: {} });
const named = (objects: readonly KubeObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === `alloy-stack-${name}`) as Record<string, any> | undefined;

function refused(spec: Partial<EnvironmentInput>): string {
  try {
    out(spec);
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return error.problems.join('\n');
  }
  assert.unreachable('expected a refusal');
  return '';
}

const openshiftKsm = {
  namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, portName: 'https-main', scheme: 'https' as const, bearerToken: true,
  tls: { caFile: '/var/run/secrets/kubernetes.io/serviceaccount/service-ca.crt', serverName: 'kube-state-metrics.openshift-monitoring.svc' },
};
const block = (patch: Spec, id: string): Block => components(render(patch)).find((c) => c.id === id)!.block;

test('deploy false: nothing of kube-state-metrics is rendered, and its scrape finds the cluster\'s pods', () => {
  const { objects } = out({ kubeStateMetrics: { deploy: false, selector: openshiftKsm } });
  for (const kind of ['Deployment', 'Service', 'ServiceAccount', 'NetworkPolicy']) assert.is(named(objects, kind, 'kube-state-metrics'), undefined, kind);
  assert.not.ok(objects.some((o) => o.metadata.name?.endsWith('alloy-stack-kube-state-metrics')), 'no ClusterRole or binding');
  const rules = subBlocks(block({ kubeStateMetrics: { deploy: false, selector: openshiftKsm } }, 'discovery.relabel.kube_state_metrics'), 'rule');
  const cluster = podTargets({ namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, containers: [{ name: 'kube-rbac-proxy-main', ports: [{ name: 'https-main', port: 8443 }, { name: 'https-self', port: 9443 }] }] });
  assert.ok(relabel(rules, cluster[0]!), 'its metrics port');
  assert.is(relabel(rules, cluster[1]!), undefined, 'its self-metrics port');
  const elsewhere = podTargets({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, containers: [{ name: 'kube-state-metrics', ports: [{ name: 'https-main', port: 8443 }] }] });
  assert.is(relabel(rules, elsewhere[0]!), undefined, 'the same labels in another namespace');
});

test('https and the token as on OpenShift: scheme, bearer token file, the service CA and server name', () => {
  const scrape = block({ kubeStateMetrics: { deploy: false, selector: openshiftKsm } }, 'prometheus.scrape.kube_state_metrics');
  assert.is(text(attribute(scrape, 'scheme')), 'https');
  assert.is(text(attribute(scrape, 'bearer_token_file')), '/var/run/secrets/kubernetes.io/serviceaccount/token');
  const tls = subBlocks(scrape, 'tls_config')[0]!;
  assert.is(text(attribute(tls, 'ca_file')), openshiftKsm.tls.caFile);
  assert.is(text(attribute(tls, 'server_name')), openshiftKsm.tls.serverName);
  assert.is(attribute(tls, 'insecure_skip_verify'), undefined);
  // Plain http, no token: none of these arguments.
  const plain = block({ kubeStateMetrics: { deploy: false, selector: { namespace: 'kube-system', labels: { app: 'ksm' }, portName: 'http' } } }, 'prometheus.scrape.kube_state_metrics');
  for (const name of ['scheme', 'bearer_token_file']) assert.is(attribute(plain, name), undefined, name);
  assert.equal(subBlocks(plain, 'tls_config'), []);
});

test('replicas: the Deployment runs them, and the pipeline scrapes the Service, one target, no discovery', () => {
  const { objects } = out({ kubeStateMetrics: { replicas: 3 } });
  assert.is(named(objects, 'Deployment', 'kube-state-metrics')!.spec.replicas, 3);
  assert.equal(named(objects, 'PodDisruptionBudget', 'kube-state-metrics')!.spec, { maxUnavailable: 1, selector: named(objects, 'Deployment', 'kube-state-metrics')!.spec.selector });
  assert.is(named(out({}).objects, 'PodDisruptionBudget', 'kube-state-metrics'), undefined, 'one replica: no budget');
  const config = render({ kubeStateMetrics: { replicas: 3 } });
  const alloy = print(fileNamed(config, 'kube-state-metrics.alloy'));
  assert.not.match(alloy, /discovery\.relabel/);
  assert.match(alloy, /targets = \[\s*\{\s*__address__ = "alloy-stack-kube-state-metrics\.monitoring\.svc:8080",\s*\},\s*\]/);
  assert.equal(checkGraph(config.files).map((p) => p.message), []);
  // One replica: pod by pod, as before.
  assert.match(print(fileNamed(render(), 'kube-state-metrics.alloy')), /discovery\.relabel "kube_state_metrics"/);
  // The Service the pipeline names is the one rendered, on the port it names.
  const service = named(objects, 'Service', 'kube-state-metrics')!;
  assert.ok(service.spec.ports.some((p: { port: number }) => p.port === 8080));
});

test('an existing kube-state-metrics with several replicas: through the Service named in its selector', () => {
  const selector = { ...openshiftKsm, service: { name: 'kube-state-metrics', port: 8443 } };
  const scrape = block({ kubeStateMetrics: { deploy: false, selector } }, 'prometheus.scrape.kube_state_metrics');
  assert.match(print(file([scrape])), /__address__ = "kube-state-metrics\.openshift-monitoring\.svc:8443"/);
  assert.is(text(attribute(scrape, 'scheme')), 'https');
});

test('node-exporter deploy false: no DaemonSet, the cluster\'s pods, one target per node named by the node', () => {
  const selector = { namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'node-exporter' }, portName: 'https', scheme: 'https' as const, bearerToken: true, tls: { insecureSkipVerify: true } };
  const { objects } = out({ nodeExporter: { deploy: false, selector } });
  assert.is(named(objects, 'DaemonSet', 'node-exporter'), undefined);
  const rules = subBlocks(block({ nodeExporter: { deploy: false, selector } }, 'discovery.relabel.node_exporter'), 'rule');
  const pod = podTargets({ namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'node-exporter' }, containers: [{ name: 'kube-rbac-proxy', ports: [{ name: 'https', port: 9100 }] }] })[0]!;
  const target = relabel(rules, { ...pod, __meta_kubernetes_pod_node_name: 'node-a' });
  assert.is(target?.instance, 'node-a');
  const scrape = block({ nodeExporter: { deploy: false, selector } }, 'prometheus.scrape.node_exporter');
  assert.equal(attribute(subBlocks(scrape, 'tls_config')[0]!, 'insecure_skip_verify'), { kind: 'bool', value: true });
});

test('annotation autodiscovery leaves the existing exporters to their pipelines', () => {
  const selector = { namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, portName: 'http' };
  const rules = subBlocks(block({ kubeStateMetrics: { deploy: false, selector }, metrics: { autodiscovery: { enabled: true, services: false } } }, 'discovery.relabel.autodiscovery_pods'), 'rule');
  const pod = podTargets({ namespace: 'kube-system', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, annotations: { 'k8s.grafana.com/scrape': 'true' }, containers: [{ name: 'ksm', ports: [{ name: 'http', port: 8080 }] }] })[0]!;
  assert.is(relabel(rules, pod), undefined);
  assert.ok(relabel(rules, { ...pod, __meta_kubernetes_namespace: 'shop' }), 'the same pod elsewhere is autodiscovered');
});

test('bad input is refused with the file and the field', () => {
  assert.match(refused({ kubeStateMetrics: { deploy: false } }), /^environments\/test\.ts: kubeStateMetrics\.selector: required with deploy: false/m);
  assert.match(refused({ nodeExporter: { deploy: false } }), /nodeExporter\.selector: required with deploy: false/);
  assert.match(refused({ kubeStateMetrics: { selector: { namespace: 'a', labels: { app: 'x' }, portName: 'http' } } }), /kubeStateMetrics\.selector: only read with deploy: false/);
  assert.match(refused({ kubeStateMetrics: { deploy: false, selector: { namespace: 'a', labels: { app: 'x' }, portName: 'http', bearerToken: true } } }), /kubeStateMetrics\.selector\.bearerToken: would send Alloy's ServiceAccount token in clear text/);
  assert.match(refused({ nodeExporter: { deploy: false, selector: { namespace: 'a', labels: { app: 'x' }, portName: 'http', tls: { insecureSkipVerify: true } } } }), /nodeExporter\.selector\.tls: only read with scheme "https"/);
  assert.match(refused({ kubeStateMetrics: { deploy: false, replicas: 2, selector: { namespace: 'a', labels: { app: 'x' }, portName: 'http' } } }), /kubeStateMetrics\.replicas: only for the kube-state-metrics the stack deploys/);
  assert.match(refused({ nodeExporter: { deploy: false, selector: { namespace: 'a', labels: { app: 'x' }, portName: 'http', service: { name: 'ne', port: 9100 } } } }), /nodeExporter\.selector\.service: a node-exporter per node must each be scraped/);
  assert.match(refused({ kubeStateMetrics: { deploy: false, selector: { namespace: 'a', labels: {}, portName: 'http' } } }), /kubeStateMetrics\.selector\.labels/);
  // Scraping turned off: no selector needed.
  assert.ok(out({ kubeStateMetrics: { deploy: false }, metrics: { kubeStateMetrics: { enabled: false } } }));
});

test('rbac.mode namespaced: an existing kube-state-metrics in a watched namespace is scraped, elsewhere refused', () => {
  const rbac = { mode: 'namespaced' as const, namespaces: ['team-a'] };
  const selector = { namespace: 'team-a', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, portName: 'http' };
  const { objects } = out({ rbac, metrics: { kubeStateMetrics: { enabled: true } }, kubeStateMetrics: { deploy: false, selector } });
  assert.match((named(objects, 'ConfigMap', 'alloy-metrics')!.data['kube-state-metrics.alloy'] as string), /"team-a"/);
  assert.match(refused({ rbac, metrics: { kubeStateMetrics: { enabled: true } }, kubeStateMetrics: { deploy: false, selector: { ...selector, namespace: 'kube-system' } } }),
    /kubeStateMetrics\.selector\.namespace: kube-system not in rbac\.namespaces/);
  // The stack's own kube-state-metrics works namespaced: Roles in the watched namespaces, namespaced objects only.
  const own = out({ rbac, metrics: { kubeStateMetrics: { enabled: true } } }).objects;
  const ksm = named(own, 'Deployment', 'kube-state-metrics') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
  const args = ksm.spec.template.spec.containers[0]!.args;
  assert.ok(args.includes('--namespaces=monitoring,team-a'), args.join(' '));
  const resources = args.find((a) => a.startsWith('--resources='))!;
  for (const clusterScoped of ['nodes', 'namespaces', 'persistentvolumes', 'storageclasses']) assert.not.ok(resources.split(/[=,]/).includes(clusterScoped), clusterScoped);
  assert.ok(resources.split(/[=,]/).includes('pods'));
  assert.not.ok(own.some((o) => o.kind === 'ClusterRole'));
  const roles = own.filter((o) => o.kind === 'Role' && o.metadata.name!.includes('kube-state-metrics')).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
  assert.equal(roles, ['monitoring/monitoring-alloy-stack-kube-state-metrics-in-monitoring', 'team-a/monitoring-alloy-stack-kube-state-metrics-in-team-a']);
  assert.match(refused({ rbac, metrics: { kubeStateMetrics: { enabled: true, namespaces: { include: ['kube-system'] } } } }), /metrics\.kubeStateMetrics\.namespaces\.include: kube-system not in rbac\.namespaces/);
});

test.run();
