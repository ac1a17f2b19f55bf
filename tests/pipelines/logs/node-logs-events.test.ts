import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Block, Expr } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { eventsAlloyConfig, logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { unitMatches } from '../../../lib/pipelines/logs/node-logs.ts';
import { componentBlock } from '../../support/loki-process.ts';
import { render, prodLikeSpec, withLogs } from './configs.ts';
import { applyRules, rulesOf } from './relabel-run.ts';

const attrs = (b: Block) => Object.fromEntries(b.body.flatMap((s) => (s.kind === 'attribute' ? [[s.name, s.value]] : []))) as Record<string, Expr>;
const nodeFile = (config: ReturnType<typeof render>): AlloyFile => logsAlloyConfig(config).files.find((f) => f.name === 'node-logs.alloy')!.file;
const s = (value: string): Expr => ({ kind: 'string', value });

const entry = (priority: number, keyword: string) => ({
  __journal__systemd_unit: 'kubelet.service', __journal__hostname: 'node-a',
  __journal_priority: String(priority), __journal_priority_keyword: keyword, job: 'integrations/kubernetes/journal',
});

test('journal: path, max_age, job, unit matches and the relabel rules it reads', () => {
  const journal = componentBlock(nodeFile(render(prodLikeSpec())), 'loki.source.journal', 'node_logs');
  const a = attrs(journal);
  assert.equal(a.path, s('/var/log/journal'));
  assert.equal(a.max_age, s('8h'));
  assert.equal(a.matches, s('_SYSTEMD_UNIT=kubelet.service _SYSTEMD_UNIT=containerd.service'));
  assert.equal(a.labels, { kind: 'object', fields: [{ key: 'job', value: s('integrations/kubernetes/journal') }] });
  assert.equal(a.relabel_rules, { kind: 'ref', path: ['discovery', 'relabel', 'node_logs', 'rules'] });
  assert.is(unitMatches([]), undefined, 'no units: every unit');
});

test('journal relabel: unit, node and level labels; priority warning keeps warning and worse only', () => {
  const rules = rulesOf(componentBlock(nodeFile(render(prodLikeSpec())), 'discovery.relabel', 'node_logs'));
  const out = applyRules(rules, entry(3, 'err'))!;
  assert.equal({ unit: out.unit, node: out.node, level: out.level }, { unit: 'kubelet.service', node: 'node-a', level: 'err' });
  assert.ok(applyRules(rules, entry(4, 'warning')));
  assert.is(applyRules(rules, entry(5, 'notice')), undefined);
  assert.is(applyRules(rules, entry(6, 'info')), undefined);
});

test('journal relabel: maxPriority debug needs no priority rule', () => {
  const rules = rulesOf(componentBlock(nodeFile(withLogs((logs) => { logs.nodeLogs = { enabled: true, maxPriority: 'debug' }; })), 'discovery.relabel', 'node_logs'));
  assert.is(rules.length, 3);
  assert.ok(applyRules(rules, entry(7, 'debug')));
});

test('node logs off: no node-logs.alloy and no journal mount', () => {
  const daemon = logsAlloyConfig(withLogs((logs) => { logs.nodeLogs = { enabled: false }; }));
  assert.equal(daemon.files.map((f) => f.name), ['pod-logs.alloy', 'log-destinations.alloy']);
  assert.not.ok(daemon.hostMounts.some((m) => m.path === '/var/log/journal'));
});

test('events: job, logfmt, namespaces only when set; off or without a destination gives undefined', () => {
  const events = (config: ReturnType<typeof render>) =>
    componentBlock(eventsAlloyConfig(config)!.files[0]!.file, 'loki.source.kubernetes_events', 'cluster_events');
  const all = attrs(events(render(prodLikeSpec())));
  assert.equal(all.job_name, s('integrations/kubernetes/eventhandler'));
  assert.equal(all.log_format, s('logfmt'));
  assert.is(all.namespaces, undefined);
  const scoped = withLogs((logs) => { logs.events = { enabled: true, namespaces: ['shop'] }; });
  assert.equal(attrs(events(scoped)).namespaces, { kind: 'array', elements: [s('shop')] });
  assert.equal(checkGraph(eventsAlloyConfig(scoped)!.files), []);
  assert.is(eventsAlloyConfig(withLogs((logs) => { logs.events = { enabled: false }; })), undefined);
  assert.equal(eventsAlloyConfig(render(prodLikeSpec()))!.secretEnv.map((e) => e.name), ['LOKI_CLOUD_USERNAME', 'LOKI_CLOUD_PASSWORD']);
  assert.equal(eventsAlloyConfig(render(prodLikeSpec()))!.hostMounts, []);
});

test.run();
