import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Attribute, Block, Expr } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import type { AlloyConfig } from '../../../lib/pipelines/alloy-config.ts';
import { eventsAlloyConfig, logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { componentBlock } from '../../support/loki-process.ts';
import { prodLikeSpec, render, withLogs } from './configs.ts';
import { applyRules, rulesOf } from './relabel-run.ts';

const fileOf = (config: AlloyConfig, name: string): AlloyFile => {
  const found = config.files.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name}; files: ${config.files.map((f) => f.name).join(', ')}`);
  return found.file;
};
const blocks = (b: Block | AlloyFile) => b.body.filter((s): s is Block => s.kind === 'block');
const stageNames = (process: Block) => blocks(process).map((s) => s.name);
const attr = (b: Block, name: string): Expr | undefined => b.body.find((s): s is Attribute => s.kind === 'attribute' && s.name === name)?.value;
const refs = (e: Expr | undefined): string[] => (e?.kind === 'array' ? e.elements.flatMap((x) => (x.kind === 'ref' ? [x.path.join('.')] : [])) : []);

/** Follows forward_to from every component that has it; returns the writers each one ends in. */
function reachedWriters(files: readonly { file: AlloyFile }[]): Map<string, Set<string>> {
  const byId = new Map<string, Block>();
  for (const { file } of files) for (const b of blocks(file)) byId.set(`${b.name}.${b.label}`, b);
  const ends = (id: string, seen = new Set<string>()): string[] => {
    if (id.startsWith('loki.write.')) return [id];
    if (seen.has(id)) return [];
    seen.add(id);
    const b = byId.get(id);
    if (!b) return [];
    return refs(attr(b, 'forward_to')).flatMap((r) => ends(r.split('.').slice(0, -1).join('.'), seen));
  };
  const out = new Map<string, Set<string>>();
  for (const [id, b] of byId) if (attr(b, 'forward_to')) out.set(id, new Set(ends(id)));
  return out;
}

test('prod-like: pod logs, node logs and destinations pass the graph check; every source reaches a loki.write', () => {
  const config = render(prodLikeSpec());
  const daemon = logsAlloyConfig(config);
  assert.equal(daemon.files.map((f) => f.name), ['pod-logs.alloy', 'node-logs.alloy', 'log-destinations.alloy']);
  assert.equal(checkGraph(daemon.files), []);
  const reached = reachedWriters(daemon.files);
  for (const source of ['loki.source.file.pod_logs', 'loki.source.journal.node_logs', 'loki.process.pod_logs']) {
    assert.equal([...reached.get(source)!], ['loki.write.cloud'], source);
  }
  const events = eventsAlloyConfig(config)!;
  assert.equal(events.files.map((f) => f.name), ['events.alloy', 'log-destinations.alloy']);
  assert.equal(checkGraph(events.files), []);
  assert.equal([...reachedWriters(events.files).get('loki.source.kubernetes_events.cluster_events')!], ['loki.write.cloud']);
});

test('a second destination: every source fans out to both writers', () => {
  const config = withLogs((logs) => { logs.destinations = [{ name: 'local-loki', url: 'http://loki.logging.svc:3100/loki/api/v1/push' }]; });
  const daemon = logsAlloyConfig(config);
  assert.equal(checkGraph(daemon.files), []);
  for (const [id, writers] of reachedWriters(daemon.files)) assert.equal([...writers], ['loki.write.cloud', 'loki.write.local_loki'], id);
});

test('no destination: no files, no RBAC, no mounts, and no events Deployment', () => {
  const spec = prodLikeSpec();
  spec.enableCloudWrite = false;
  const config = render(spec);
  assert.equal(logsAlloyConfig(config), { files: [], rbac: [], secretEnv: [], hostMounts: [] });
  assert.is(eventsAlloyConfig(config), undefined);
  // Cloud write on but no cloud.logs endpoint is also no destination.
  const noCloudLogs = prodLikeSpec();
  delete (noCloudLogs.cloud as Record<string, unknown>).logs;
  assert.equal(logsAlloyConfig(render(noCloudLogs)).files, []);
});

test('every log source off: no files', () => {
  const config = withLogs((logs) => { logs.enabled = false; logs.nodeLogs = { enabled: false }; });
  assert.equal(logsAlloyConfig(config).files, []);
});

test('containerd and CRI-O: stage.cri and only the /var/log/pods mount', () => {
  for (const runtime of ['containerd', 'cri-o']) {
    const daemon = logsAlloyConfig(withLogs((logs) => { logs.containerRuntime = runtime; logs.nodeLogs = { enabled: false }; }));
    const process = componentBlock(fileOf(daemon, 'pod-logs.alloy'), 'loki.process', 'pod_logs');
    assert.is(stageNames(process)[0], 'stage.cri');
    assert.not.ok(stageNames(process).includes('stage.docker'));
    assert.equal(daemon.hostMounts, [{ name: 'pod-logs', path: '/var/log/pods' }]);
  }
});

test('docker: stage.docker and the docker containers mount (the /var/log/pods files link into it)', () => {
  const daemon = logsAlloyConfig(withLogs((logs) => { logs.containerRuntime = 'docker'; logs.nodeLogs = { enabled: false }; }));
  const process = componentBlock(fileOf(daemon, 'pod-logs.alloy'), 'loki.process', 'pod_logs');
  assert.is(stageNames(process)[0], 'stage.docker');
  assert.not.ok(stageNames(process).includes('stage.cri'));
  assert.equal(daemon.hostMounts, [
    { name: 'pod-logs', path: '/var/log/pods' },
    { name: 'docker-containers', path: '/var/lib/docker/containers' },
  ]);
});

test('RBAC: pods only for the DaemonSet (no nodes, no namespaces), events only for the Deployment', () => {
  const config = render(prodLikeSpec());
  assert.equal(logsAlloyConfig(config).rbac, [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
  assert.equal(eventsAlloyConfig(config)!.rbac, [{ apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch'] }]);
  // Node logs alone read the journal from disk: no API access at all.
  const journalOnly = logsAlloyConfig(withLogs((logs) => { logs.enabled = false; }));
  assert.equal(journalOnly.rbac, []);
  assert.equal(journalOnly.hostMounts, [{ name: 'journal', path: '/var/log/journal' }]);
});

test('discovery: node-local selector on HOSTNAME; namespaces block only when logs.namespaces.include is set', () => {
  const pods = (config: ReturnType<typeof render>) => componentBlock(fileOf(logsAlloyConfig(config), 'pod-logs.alloy'), 'discovery.kubernetes', 'pod_logs');
  const base = pods(render(prodLikeSpec()));
  assert.equal(blocks(base).map((b) => b.name), ['selectors']);
  assert.equal(attr(blocks(base)[0]!, 'field'), {
    kind: 'binary', op: '+', left: { kind: 'string', value: 'spec.nodeName=' },
    right: { kind: 'call', fn: ['sys', 'env'], args: [{ kind: 'string', value: 'HOSTNAME' }] },
  });
  const scoped = pods(withLogs((logs) => { logs.namespaces = { include: ['shop', 'payments'] }; }));
  const namespaces = blocks(scoped).find((b) => b.name === 'namespaces')!;
  assert.equal(attr(namespaces, 'names'), { kind: 'array', elements: [{ kind: 'string', value: 'shop' }, { kind: 'string', value: 'payments' }] });
});

const pod = (extra: Record<string, string> = {}) => ({
  __meta_kubernetes_namespace: 'shop',
  __meta_kubernetes_pod_name: 'cart-7d9f8-abcde',
  __meta_kubernetes_pod_uid: '0b6c1c1e-1111-2222-3333-444455556666',
  __meta_kubernetes_pod_container_name: 'cart',
  __meta_kubernetes_pod_label_app: 'cart-legacy',
  __meta_kubernetes_pod_label_app_kubernetes_io_name: 'cart',
  ...extra,
});

test('relabel: labels, job and the file glob of a real pod target', () => {
  const relabel = componentBlock(fileOf(logsAlloyConfig(render(prodLikeSpec())), 'pod-logs.alloy'), 'discovery.relabel', 'pod_logs');
  const out = applyRules(rulesOf(relabel), pod())!;
  assert.is(out.namespace, 'shop');
  assert.is(out.pod, 'cart-7d9f8-abcde');
  assert.is(out.container, 'cart');
  assert.is(out.app, 'cart', 'app.kubernetes.io/name wins over app');
  assert.is(out.job, 'shop/cart');
  assert.is(out.__path__, '/var/log/pods/*0b6c1c1e-1111-2222-3333-444455556666/cart/*.log');
  // Fallbacks: app, then k8s-app; none of them leaves app unset.
  const legacy = applyRules(rulesOf(relabel), pod({ __meta_kubernetes_pod_label_app_kubernetes_io_name: '' }))!;
  assert.is(legacy.app, 'cart-legacy');
  const k8sApp = applyRules(rulesOf(relabel), { ...pod(), __meta_kubernetes_pod_label_app: '', __meta_kubernetes_pod_label_app_kubernetes_io_name: '', __meta_kubernetes_pod_label_k8s_app: 'kube-dns' })!;
  assert.is(k8sApp.app, 'kube-dns');
  const none = applyRules(rulesOf(relabel), { ...pod(), __meta_kubernetes_pod_label_app: '', __meta_kubernetes_pod_label_app_kubernetes_io_name: '' })!;
  assert.is(none.app, undefined);
  // A static pod's files live under the kubelet's config hash.
  const mirror = applyRules(rulesOf(relabel), pod({ __meta_kubernetes_pod_annotation_kubernetes_io_config_mirror: 'f00dcafe' }))!;
  assert.is(mirror.__path__, '/var/log/pods/*f00dcafe/cart/*.log');
});

test('relabel: the autogather "false" annotation and excluded namespaces drop the target', () => {
  const relabel = componentBlock(fileOf(logsAlloyConfig(render(prodLikeSpec())), 'pod-logs.alloy'), 'discovery.relabel', 'pod_logs');
  assert.is(applyRules(rulesOf(relabel), pod({ __meta_kubernetes_pod_annotation_k8s_grafana_com_logs_autogather: 'false' })), undefined);
  assert.ok(applyRules(rulesOf(relabel), pod({ __meta_kubernetes_pod_annotation_k8s_grafana_com_logs_autogather: 'true' })));
  assert.is(applyRules(rulesOf(relabel), pod({ __meta_kubernetes_namespace: 'kube-node-lease' })), undefined);
  assert.ok(applyRules(rulesOf(relabel), pod({ __meta_kubernetes_namespace: 'kube-node-lease-2' })), 'exclusion is exact, not a prefix');
});

test('tail_from_end follows logs.tailFromEnd', () => {
  for (const tailFromEnd of [true, false]) {
    const source = componentBlock(fileOf(logsAlloyConfig(withLogs((logs) => { logs.tailFromEnd = tailFromEnd; })), 'pod-logs.alloy'), 'loki.source.file', 'pod_logs');
    assert.equal(attr(source, 'tail_from_end'), { kind: 'bool', value: tailFromEnd });
  }
});

test('stage order: format, probe drop, user stages, structured metadata, label_keep', () => {
  const process = componentBlock(fileOf(logsAlloyConfig(render(prodLikeSpec())), 'pod-logs.alloy'), 'loki.process', 'pod_logs');
  assert.equal(stageNames(process), ['stage.cri', 'stage.drop', 'stage.json', 'stage.labels', 'stage.structured_metadata', 'stage.label_keep']);
  const off = componentBlock(fileOf(logsAlloyConfig(withLogs((logs) => {
    logs.dropProbeLogs = { enabled: false }; logs.structuredMetadata = false; logs.stages = [];
  })), 'pod-logs.alloy'), 'loki.process', 'pod_logs');
  assert.equal(stageNames(off), ['stage.cri', 'stage.label_keep']);
});

test.run();
