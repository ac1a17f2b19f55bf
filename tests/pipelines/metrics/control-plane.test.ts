// The control plane: each source, given the objects a kubeadm cluster has, becomes exactly the
// expected target, with the expected scheme, credentials and job; all behind one switch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { validateEnvironment } from '../../../lib/config/validate.ts';
import { isUserError } from '../../../lib/errors.ts';
import { attribute, calls, components, fileNames, prodSpec, render, subBlocks, text } from './support.ts';
import { endpointSliceTargets, podTargets, relabel, rulesOf, scraped, type Target } from './targets.ts';

const files = ['kube-apiserver.alloy', 'kube-controller-manager.alloy', 'kube-scheduler.alloy', 'kube-proxy.alloy', 'coredns.alloy', 'etcd.alloy'];
const etcdCert = { enabled: true, clientCertificate: { secret: 'etcd-client' } };

function rendered(controlPlane: Record<string, unknown> = {}) {
  const config = render({ metrics: { controlPlane: { enabled: true, ...controlPlane } } });
  const find = (id: string) => components(config).find((c) => c.id === id)?.block;
  return { config, find };
}

const all = rendered({ etcd: etcdCert });
const relabelOf = (label: string) => all.find(`discovery.relabel.${label}`)!;
const scrapeOf = (label: string) => all.find(`prometheus.scrape.${label}`)!;
const run = (rules: Block, targets: Target[]) => targets.map((t) => scraped(relabel(rulesOf(rules), t))).filter((t) => t !== undefined);

// A static pod on the host network: the pod IP is the node's, no ports declared.
const staticPod = (name: string, labels: Record<string, string>) =>
  podTargets({ name, namespace: 'kube-system', ip: '192.168.1.10', labels, containers: [{ name: name.split('-node')[0]! }] });

test('off by default; one switch renders every component file, each with its own switch', () => {
  assert.equal(fileNames(render()).filter((n) => files.includes(n)), []);
  assert.equal(fileNames(all.config).filter((n) => files.includes(n)), files);
  assert.equal(checkGraph(all.config.files), []);
  assert.equal(fileNames(rendered().config).filter((n) => files.includes(n)), files.slice(0, 5), 'etcd is off unless asked for');
  assert.not.ok(fileNames(rendered({ kubeScheduler: { enabled: false } }).config).includes('kube-scheduler.alloy'));
  assert.equal(fileNames(render({ metrics: { controlPlane: { enabled: false, etcd: etcdCert } } })).filter((n) => files.includes(n)), []);
});

test('job names', () => {
  const jobs = Object.fromEntries(['kube_apiserver', 'kube_controller_manager', 'kube_scheduler', 'kube_proxy', 'coredns', 'etcd']
    .map((label) => [label, text(attribute(scrapeOf(label), 'job_name'))]));
  assert.equal(jobs, {
    kube_apiserver: 'integrations/kubernetes/kube-apiserver',
    kube_controller_manager: 'kube-controller-manager',
    kube_scheduler: 'kube-scheduler',
    kube_proxy: 'integrations/kubernetes/kube-proxy',
    coredns: 'integrations/kubernetes/kube-dns',
    etcd: 'integrations/etcd',
  });
});

test('API server: the ready https endpoints of default/kubernetes, verified against the cluster CA with the token', () => {
  const targets = endpointSliceTargets({
    name: 'kubernetes', labels: { component: 'apiserver' }, ports: [{ name: 'https', port: 6443 }],
    pods: [{ namespace: 'default', ip: '192.168.1.10' }, { namespace: 'default', ip: '192.168.1.11' }, { namespace: 'default', ip: '192.168.1.12', ready: false }],
  }).map((t) => ({ ...t, __meta_kubernetes_endpointslice_label_kubernetes_io_service_name: 'kubernetes' }));
  const other = endpointSliceTargets({ name: 'web', pods: [{ namespace: 'default' }] })
    .map((t) => ({ ...t, __meta_kubernetes_endpointslice_label_kubernetes_io_service_name: 'web' }));
  const got = run(relabelOf('kube_apiserver'), [...targets, ...other]);
  assert.equal(got.map((t) => t!.__address__), ['192.168.1.10:6443', '192.168.1.11:6443']);
  assert.equal(got[0]!.service, 'kubernetes');
  const s = scrapeOf('kube_apiserver');
  assert.is(text(attribute(s, 'scheme')), 'https');
  assert.is(text(attribute(s, 'bearer_token_file')), '/var/run/secrets/kubernetes.io/serviceaccount/token');
  const tls = subBlocks(s, 'tls_config')[0]!;
  assert.is(text(attribute(tls, 'ca_file')), '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt');
  assert.is(text(attribute(tls, 'server_name')), 'kubernetes');
  assert.is(attribute(tls, 'insecure_skip_verify'), undefined, 'the API server certificate is verified');
});

for (const [label, name, labels, port] of [
  ['kube_controller_manager', 'kube-controller-manager-node1', { component: 'kube-controller-manager', tier: 'control-plane' }, 10257],
  ['kube_scheduler', 'kube-scheduler-node1', { component: 'kube-scheduler', tier: 'control-plane' }, 10259],
] as const) {
  test(`${label}: its static pod on the secure port ${port}, https with the token, unverified (self-signed)`, () => {
    const got = run(relabelOf(label), [...staticPod(name, labels), ...staticPod('etcd-node1', { component: 'etcd' })]);
    assert.equal(got, [{ __address__: `192.168.1.10:${port}`, namespace: 'kube-system', pod: name }]);
    const s = scrapeOf(label);
    assert.is(text(attribute(s, 'scheme')), 'https');
    assert.ok(attribute(s, 'bearer_token_file'));
    assert.equal(attribute(subBlocks(s, 'tls_config')[0]!, 'insecure_skip_verify'), { kind: 'bool', value: true });
  });
}

test('kube-proxy: every node\'s pod, http on 10249, no credentials', () => {
  const pods = [
    ...podTargets({ name: 'kube-proxy-a', namespace: 'kube-system', ip: '192.168.1.10', labels: { 'k8s-app': 'kube-proxy' }, containers: [{ name: 'kube-proxy' }] }),
    ...podTargets({ name: 'kube-proxy-b', namespace: 'kube-system', ip: '192.168.1.11', labels: { 'k8s-app': 'kube-proxy' }, containers: [{ name: 'kube-proxy' }] }),
    ...podTargets({ name: 'kube-proxy-x', namespace: 'shop', labels: { 'k8s-app': 'kube-proxy' } }),
  ];
  assert.equal(run(relabelOf('kube_proxy'), pods).map((t) => t!.__address__), ['192.168.1.10:10249', '192.168.1.11:10249']);
  const s = scrapeOf('kube_proxy');
  assert.is(attribute(s, 'scheme'), undefined);
  assert.is(attribute(s, 'bearer_token_file'), undefined);
});

test('CoreDNS: the ready endpoints of kube-system/kube-dns on the port named metrics', () => {
  const targets = endpointSliceTargets({
    name: 'kube-dns', ports: [{ name: 'dns', port: 53 }, { name: 'metrics', port: 9153 }],
    pods: [{ name: 'coredns-a', namespace: 'kube-system', ip: '10.0.0.2' }, { name: 'coredns-b', namespace: 'kube-system', ip: '10.0.0.3', ready: false }],
  }).map((t) => ({ ...t, __meta_kubernetes_endpointslice_label_kubernetes_io_service_name: 'kube-dns' }));
  assert.equal(run(relabelOf('coredns'), targets), [{ __address__: '10.0.0.2:9153', namespace: 'kube-system', pod: 'coredns-a' }]);
  const custom = rendered({ coreDns: { namespace: 'dns', service: 'coredns', portName: 'prom' } }).find('discovery.relabel.coredns')!;
  const renamed = endpointSliceTargets({ name: 'coredns', ports: [{ name: 'prom', port: 9153 }], pods: [{ namespace: 'dns' }] })
    .map((t) => ({ ...t, __meta_kubernetes_endpointslice_label_kubernetes_io_service_name: 'coredns' }));
  assert.is(run(custom, renamed).length, 1);
});

test('etcd: https on 2379 with the client certificate from a Secret, through environment variables', () => {
  const got = run(relabelOf('etcd'), staticPod('etcd-node1', { component: 'etcd', tier: 'control-plane' }));
  assert.equal(got, [{ __address__: '192.168.1.10:2379', namespace: 'kube-system', pod: 'etcd-node1' }]);
  const tls = subBlocks(scrapeOf('etcd'), 'tls_config')[0]!;
  for (const field of ['ca_pem', 'cert_pem', 'key_pem']) assert.is(attribute(tls, field)?.kind, 'call', field);
  assert.ok(calls(all.config).includes('sys.env'));
  assert.equal(all.config.secretEnv.filter((e) => e.name.startsWith('ETCD_')), [
    { name: 'ETCD_CA_CERT', secret: 'etcd-client', key: 'ca.crt' },
    { name: 'ETCD_CLIENT_CERT', secret: 'etcd-client', key: 'tls.crt' },
    { name: 'ETCD_CLIENT_KEY', secret: 'etcd-client', key: 'tls.key' },
  ]);
  const http = rendered({ etcd: { enabled: true, scheme: 'http', port: 2381 } });
  assert.is(subBlocks(http.find('prometheus.scrape.etcd')!, 'tls_config').length, 0);
  assert.equal(http.config.secretEnv.filter((e) => e.name.startsWith('ETCD_')), []);
});

test('etcd over https without a client certificate is a config error naming the field', () => {
  try {
    validateEnvironment({ ...structuredClone(prodSpec), metrics: { controlPlane: { enabled: true, etcd: { enabled: true } } } }, 'environments/x.ts');
    assert.unreachable('expected an error');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(String(error.problems), 'environments/x.ts: metrics.controlPlane.etcd.clientCertificate: etcd over https needs a client certificate');
  }
});

test('podLabels, namespace and port are configurable (e.g. a distribution\'s own labels)', () => {
  const { find } = rendered({ kubeScheduler: { podLabels: { app: 'scheduler' }, namespace: 'openshift-kube-scheduler', port: 10251 } });
  const pods = podTargets({ name: 's', namespace: 'openshift-kube-scheduler', ip: '192.168.1.10', labels: { app: 'scheduler' }, containers: [{ name: 's' }] });
  assert.equal(run(find('discovery.relabel.kube_scheduler')!, pods).map((t) => t!.__address__), ['192.168.1.10:10251']);
});

test('the default allow-lists keep what the mixin queries, and tuning is per component', async () => {
  const { loadAllowLists } = await import('../../../lib/cli/environments.ts');
  const lists = await loadAllowLists();
  for (const [component, names] of Object.entries({
    'kube-apiserver': ['apiserver_request_total', 'apiserver_request_sli_duration_seconds_bucket', 'aggregator_unavailable_apiservice'],
    'kube-controller-manager': ['workqueue_depth', 'rest_client_requests_total'],
    'kube-scheduler': ['scheduler_scheduling_attempt_duration_seconds_bucket'],
    'kube-proxy': ['kubeproxy_sync_proxy_rules_duration_seconds_bucket'],
    coredns: ['coredns_dns_responses_total'],
    etcd: ['etcd_server_has_leader', 'etcd_disk_wal_fsync_duration_seconds_bucket'],
  })) {
    for (const name of names) assert.ok(lists[component]?.includes(name), `${component}: ${name}`);
  }
  const tuned = render({ metrics: { controlPlane: { enabled: true } }, metricsTuning: { 'kube-proxy': { includeMetrics: ['kubeproxy_x'] } } });
  const cloud = components(tuned).find((c) => c.id === 'prometheus.relabel.kube_proxy_remote')!.block;
  assert.match(text(attribute(subBlocks(cloud, 'rule')[0]!, 'regex'))!, 'kubeproxy_x');
});

test.run();
