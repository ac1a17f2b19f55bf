import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Block } from '../../lib/alloy/ast.ts';
import { attr, block, call, file, ref } from '../../lib/alloy/ast.ts';
import type { Component } from '../../lib/alloy/component.ts';
import { discovery, local, loki, prometheus, remote, stage } from '../../lib/alloy/components/index.ts';
import type { ConfigFile } from '../../lib/alloy/graph.ts';
import { assertGraph, checkGraph } from '../../lib/alloy/graph.ts';
import { parse } from '../../lib/alloy/parse.ts';
import { print } from '../../lib/alloy/print.ts';
import { splitComponentPath } from '../../lib/alloy/registry.ts';

const f = (name: string, ...items: (Component | Block)[]): ConfigFile =>
  ({ name, file: file(items.map((c) => ('block' in c ? c.block : c))) });
const messages = (files: ConfigFile[]) => checkGraph(files).map((p) => p.message);

// A complete metrics pipeline: discovery -> relabel -> scrape -> relabel -> remote_write.
const rw = prometheus.remote_write('local', { endpoint: [{ url: 'http://prometheus:9090/api/v1/write' }] });
const nodes = discovery.kubernetes('nodes', { role: 'node' });
const kubeletTargets = discovery.relabel('kubelet', { targets: nodes.exports.targets, rule: [{ target_label: '__address__', replacement: 'kubernetes.default.svc:443' }] });
const kubeletRemote = prometheus.relabel('kubelet_remote', { forward_to: [rw.exports.receiver], rule: [{ source_labels: ['__name__'], regex: 'up|kubelet_.*', action: 'keep' }] });
const kubelet = prometheus.scrape('kubelet', { targets: kubeletTargets.exports.output, forward_to: [kubeletRemote.exports.receiver] });

// A complete logs pipeline.
const lw = loki.write('local', { endpoint: [{ url: 'http://loki:3100/loki/api/v1/push', basic_auth: { username: 'u', password: call('sys.env', 'LOKI_PASSWORD') } }] });
const podFiles = local.file_match('pods', { path_targets: [{ __path__: '/var/log/pods/*/*/*.log' }] });
const podProcess = loki.process('pods', { forward_to: [lw.exports.receiver], stages: [stage.cri(), stage.regex({ expression: '(?P<level>\\w+)' })] });
const podLogs = loki.source.file('pods', { targets: podFiles.exports.targets, forward_to: [podProcess.exports.receiver] });

test('valid pipelines across several files pass', () => {
  const files = [
    f('outputs.alloy', rw, lw),
    f('kubelet.alloy', nodes, kubeletTargets, kubeletRemote, kubelet),
    f('logs.alloy', podFiles, podProcess, podLogs),
  ];
  assert.equal(checkGraph(files), []);
  assertGraph(files);
});

test('a built pipeline prints, parses back to the same tree, and passes the check as text', () => {
  const built = f('kubelet.alloy', rw, nodes, kubeletTargets, kubeletRemote, kubelet);
  const text = print(built.file);
  assert.match(text, /prometheus\.scrape "kubelet" \{\n\ttargets    = discovery\.relabel\.kubelet\.output\n\tforward_to = \[prometheus\.relabel\.kubelet_remote\.receiver\]\n\}/);
  const parsed = parse(text, 'kubelet.alloy');
  assert.equal(parsed, built.file);
  assert.equal(checkGraph([{ name: 'kubelet.alloy', file: parsed }]), []);
  const broken = parse(text.replace('kubelet_remote.receiver', 'kubelet_remot.receiver'), 'kubelet.alloy');
  // A parsed file's messages name the line and column of the reference.
  assert.ok(messages([{ name: 'kubelet.alloy', file: broken }]).some((m) =>
    /^kubelet\.alloy:\d+:\d+: prometheus\.scrape\.kubelet forwards to prometheus\.relabel\.kubelet_remot, which is not defined/.test(m)));
});

test('stdlib references and calls are not component references', () => {
  const scrape = prometheus.scrape('self', {
    targets: [{ __address__: call('sys.env', 'POD_IP'), instance: ref<'String'>('constants', 'hostname') }],
    forward_to: [rw.exports.receiver],
  });
  assert.equal(messages([f('a.alloy', rw, scrape)]), []);
});

test('dangling reference', () => {
  const traefik = prometheus.scrape('traefik', {
    targets: [{ __address__: 'traefik:9100' }],
    forward_to: [ref<'MetricsReceiver'>('prometheus', 'relabel', 'traefik_remote', 'receiver')],
  });
  const found = messages([f('outputs.alloy', rw), f('traefik.alloy', traefik)]);
  assert.ok(found.includes('traefik.alloy: prometheus.scrape.traefik forwards to prometheus.relabel.traefik_remote, which is not defined'), found.join('\n'));
  const useMissing = prometheus.scrape('x', { targets: ref<'Targets'>('discovery', 'relabel', 'nope', 'output'), forward_to: [rw.exports.receiver] });
  assert.ok(messages([f('outputs.alloy', rw), f('x.alloy', useMissing)]).includes('x.alloy: prometheus.scrape.x uses discovery.relabel.nope, which is not defined'));
});

test('a typo in a component type is not mistaken for the standard library', () => {
  const s = prometheus.scrape('x', { targets: [], forward_to: [ref<'MetricsReceiver'>('prometheus', 'remote_writ', 'local', 'receiver')] });
  assert.ok(messages([f('outputs.alloy', rw), f('x.alloy', s)]).includes(
    'x.alloy: prometheus.scrape.x forwards to prometheus.remote_writ.local.receiver, which does not name a known component type'));
});

test('missing writer', () => {
  const found = messages([f('kubelet.alloy', nodes, kubeletTargets, kubelet, kubeletRemote)]);
  assert.ok(found.includes('kubelet.alloy: prometheus.scrape.kubelet sends its metrics nowhere: no path from it reaches a prometheus.remote_write'), found.join('\n'));
  // The processor where the chain ends is named too.
  assert.ok(found.includes('kubelet.alloy: prometheus.relabel.kubelet_remote sends its metrics nowhere: no path from it reaches a prometheus.remote_write'));
});

test('a processor with an empty forward_to breaks the chain', () => {
  const parsed = block('prometheus.relabel', 'kubelet_remote', [attr('forward_to', [])]);
  const found = messages([f('outputs.alloy', rw), f('kubelet.alloy', nodes, kubeletTargets, kubelet, parsed)]);
  assert.ok(found.includes('kubelet.alloy: prometheus.scrape.kubelet sends its metrics nowhere: no path from it reaches a prometheus.remote_write'), found.join('\n'));
  assert.ok(found.includes('outputs.alloy: prometheus.remote_write.local is not used by any component'));
});

test('logs sources need a loki.write', () => {
  const found = messages([f('logs.alloy', podFiles, podProcess, podLogs)]);
  assert.ok(found.includes('logs.alloy: loki.source.file.pods sends its logs nowhere: no path from it reaches a loki.write'), found.join('\n'));
});

test('unused components', () => {
  const foo = discovery.relabel('foo', { targets: nodes.exports.targets });
  const found = messages([f('outputs.alloy', rw), f('kubelet.alloy', nodes, kubeletTargets, kubeletRemote, kubelet), f('x.alloy', foo)]);
  assert.equal(found, ['x.alloy: discovery.relabel.foo is not used by any component']);
  const orphan = prometheus.relabel('orphan', { forward_to: [rw.exports.receiver] });
  const w2 = prometheus.remote_write('spare', { endpoint: [{ url: 'http://x' }] });
  const found2 = messages([f('outputs.alloy', rw, w2), f('kubelet.alloy', nodes, kubeletTargets, kubeletRemote, kubelet, orphan)]);
  assert.equal(found2, [
    'outputs.alloy: prometheus.remote_write.spare is not used by any component',
    'kubelet.alloy: prometheus.relabel.orphan is not used by any component',
  ]);
});

test('a processor referenced only for its rules receives nothing', () => {
  const r = prometheus.relabel('rules_only', { forward_to: [rw.exports.receiver] });
  const journal = loki.source.journal('j', { forward_to: [lw.exports.receiver], relabel_rules: r.exports.rules });
  const found = messages([f('a.alloy', rw, lw, r, journal)]);
  assert.ok(found.includes('a.alloy: prometheus.relabel.rules_only receives nothing: no component forwards to it'), found.join('\n'));
});

test('duplicate IDs across files and within a file', () => {
  const x1 = prometheus.relabel('x', { forward_to: [rw.exports.receiver] });
  const scrape = prometheus.scrape('s', { targets: [], forward_to: [x1.exports.receiver] });
  assert.ok(messages([f('outputs.alloy', rw), f('a.alloy', x1, scrape), f('b.alloy', x1)]).includes('a.alloy and b.alloy both define prometheus.relabel.x'));
  assert.ok(messages([f('outputs.alloy', rw), f('a.alloy', x1, scrape, x1)]).includes('a.alloy defines prometheus.relabel.x twice'));
});

test('top-level config blocks may appear once', () => {
  const logging = block('logging', undefined, [attr('level', 'info')]);
  const found = messages([f('outputs.alloy', rw, logging), f('b.alloy', logging)]);
  assert.ok(found.includes('outputs.alloy and b.alloy both define logging; Alloy allows it once per configuration'), found.join('\n'));
});

test('lookahead regex in a rule', () => {
  const parsed = block('prometheus.relabel', 'kubelet_remote', [
    attr('forward_to', [ref('prometheus', 'remote_write', 'local', 'receiver')]),
    block('rule', undefined, [attr('source_labels', ['__name__']), attr('regex', 'up'), attr('action', 'keep')]),
    block('rule', undefined, [attr('source_labels', ['__name__']), attr('regex', '(?=x)'), attr('action', 'drop')]),
  ]);
  const found = checkGraph([f('outputs.alloy', rw), f('kubelet.alloy', nodes, kubeletTargets, kubelet, parsed)]);
  assert.is(found.length, 1);
  assert.is(found[0]!.kind, 'regex');
  assert.match(found[0]!.message, /^kubelet\.alloy: prometheus\.relabel\.kubelet_remote rule 2 regex "\(\?=x\)": not valid RE2: .*lookahead/);
});

test('bad regexes in write_relabel_config and loki.process stages', () => {
  const writer = block('prometheus.remote_write', 'w', [block('endpoint', undefined, [
    attr('url', 'http://x'),
    block('write_relabel_config', undefined, [attr('regex', 'a\\Z'), attr('action', 'labeldrop')]),
  ])]);
  const proc = block('loki.process', 'p', [
    attr('forward_to', [ref('loki', 'write', 'local', 'receiver')]),
    block('stage.cri', undefined, []),
    block('stage.match', undefined, [attr('selector', '{a="b"}'), block('stage.drop', undefined, [attr('expression', '(a)\\1')])]),
    block('stage.multiline', undefined, [attr('firstline', '(?<=x)')]),
  ]);
  const source = loki.source.kubernetes_events('events', { forward_to: [ref<'LogsReceiver'>('loki', 'process', 'p', 'receiver')] });
  const scrape = prometheus.scrape('s', { targets: [], forward_to: [ref<'MetricsReceiver'>('prometheus', 'remote_write', 'w', 'receiver')] });
  const found = messages([f('a.alloy', writer, scrape, lw, proc, source)]);
  assert.is(found.length, 3, found.join('\n'));
  assert.match(found[0]!, /^a\.alloy: prometheus\.remote_write\.w endpoint 1 write_relabel_config 1 regex "a\\\\Z": not valid RE2/);
  assert.match(found[1]!, /^a\.alloy: loki\.process\.p stage 2 \(stage\.match\) stage 1 \(stage\.drop\) expression "\(a\)\\\\1": not valid RE2: .*backreference/);
  assert.match(found[2]!, /^a\.alloy: loki\.process\.p stage 3 \(stage\.multiline\) firstline "\(\?<=x\)": not valid RE2: .*lookbehind/);
});

test('other rule mistakes in parsed files are reported too', () => {
  const parsed = block('prometheus.relabel', 'r', [
    attr('forward_to', [ref('prometheus', 'remote_write', 'local', 'receiver')]),
    block('rule', undefined, [attr('source_labels', ['a']), attr('action', 'Keep')]),
  ]);
  const scrape = prometheus.scrape('s', { targets: [], forward_to: [ref<'MetricsReceiver'>('prometheus', 'relabel', 'r', 'receiver')] });
  const found = checkGraph([f('a.alloy', rw, parsed, scrape)]);
  assert.equal(found.map((p) => p.kind), ['rule']);
  assert.match(found[0]!.message, /^a\.alloy: prometheus\.relabel\.r rule 1 action "Keep" is not a relabel action \(actions are lowercase: "keep"\)/);
});

test('cycle', () => {
  const a = block('prometheus.relabel', 'a', [attr('forward_to', [ref('prometheus', 'relabel', 'b', 'receiver')])]);
  const b = block('prometheus.relabel', 'b', [attr('forward_to', [ref('prometheus', 'relabel', 'a', 'receiver'), ref('prometheus', 'remote_write', 'local', 'receiver')])]);
  const scrape = prometheus.scrape('s', { targets: [], forward_to: [ref<'MetricsReceiver'>('prometheus', 'relabel', 'a', 'receiver')] });
  const found = checkGraph([f('outputs.alloy', rw), f('a.alloy', scrape, a), f('b.alloy', b)]);
  assert.equal(found.map((p) => p.message), ['a.alloy: prometheus.relabel.a is part of a reference cycle: prometheus.relabel.a -> prometheus.relabel.b (b.alloy) -> prometheus.relabel.a']);
});

test('self-reference', () => {
  const a = block('prometheus.relabel', 'a', [attr('forward_to', [ref('prometheus', 'relabel', 'a', 'receiver')])]);
  const found = checkGraph([f('a.alloy', a)]);
  assert.ok(found.some((p) => p.kind === 'self-reference' && p.message === 'a.alloy: prometheus.relabel.a refers to itself (prometheus.relabel.a.receiver); a component cannot read its own exports'));
});

test('wrong export name', () => {
  const s = prometheus.scrape('s', { targets: ref<'Targets'>('discovery', 'relabel', 'kubelet', 'targets'), forward_to: [rw.exports.receiver] });
  const found = messages([f('outputs.alloy', rw), f('a.alloy', nodes, kubeletTargets, s)]);
  assert.ok(found.includes('a.alloy: prometheus.scrape.s uses discovery.relabel.kubelet.targets, but discovery.relabel exports only output and rules'), found.join('\n'));
  const noExport = block('prometheus.scrape', 'n', [attr('targets', []), attr('forward_to', [ref('prometheus', 'remote_write', 'local')])]);
  assert.ok(messages([f('outputs.alloy', rw), f('a.alloy', noExport)]).includes(
    'a.alloy: prometheus.scrape.n forwards to prometheus.remote_write.local without naming an export (prometheus.remote_write exports only receiver)'));
});

test('forward_to of the wrong signal or kind', () => {
  const s = block('prometheus.scrape', 's', [attr('targets', []), attr('forward_to', [ref('loki', 'write', 'local', 'receiver')])]);
  const found = messages([f('a.alloy', lw, s)]);
  assert.ok(found.includes('a.alloy: prometheus.scrape.s forwards to loki.write.local.receiver, which takes logs, not metrics'), found.join('\n'));
  assert.ok(found.includes('a.alloy: prometheus.scrape.s sends its metrics nowhere: no path from it reaches a prometheus.remote_write'));
  const t = block('loki.source.file', 't', [attr('targets', ref('loki', 'write', 'local', 'receiver')), attr('forward_to', [ref('loki', 'write', 'local', 'receiver')])]);
  assert.ok(messages([f('a.alloy', lw, t)]).includes('a.alloy: loki.source.file.t targets = loki.write.local.receiver, which is a logs receiver, not a list of targets'));
});

test('unknown component types and missing labels', () => {
  const unix = block('prometheus.exporter.unixx', 'host', []);
  const scrape = prometheus.scrape('host', { targets: ref<'Targets'>('prometheus', 'exporter', 'unixx', 'host', 'targets'), forward_to: [rw.exports.receiver] });
  const found = checkGraph([f('a.alloy', rw, unix, scrape, block('prometheus.scrape', undefined, []))]);
  assert.equal(found.map((p) => p.kind), ['unknown-type', 'label']);
  assert.is(found[0]!.message, 'a.alloy: prometheus.exporter.unixx.host has unknown component type prometheus.exporter.unixx (did you mean prometheus.exporter.unix?)');
  assert.is(found[1]!.message, 'a.alloy: prometheus.scrape has no label; components are written prometheus.scrape "name" { ... }');
});

test('secrets by index and nested paths resolve', () => {
  const secret = remote.kubernetes.secret('cloud', { name: 'cloud', namespace: 'monitoring' });
  const token = local.file('token', { filename: '/t', is_secret: true });
  const w = prometheus.remote_write('cloud', { endpoint: [{ url: 'https://x', basic_auth: { username: call('convert.nonsensitive', secret.exports.data('user')), password: token.exports.content } }] });
  const s = prometheus.scrape('s', { targets: [], forward_to: [w.exports.receiver] });
  assert.equal(messages([f('a.alloy', secret, token, w, s)]), []);
  const bad = block('prometheus.remote_write', 'x', [block('endpoint', undefined, [attr('url', 'http://x'), block('basic_auth', undefined, [
    attr('password', ref('remote', 'kubernetes', 'secret', 'cloud', 'content')),
  ])])]);
  const s2 = prometheus.scrape('s2', { targets: [], forward_to: [ref<'MetricsReceiver'>('prometheus', 'remote_write', 'x', 'receiver')] });
  assert.ok(messages([f('a.alloy', secret, bad, s2)]).includes(
    'a.alloy: prometheus.remote_write.x uses remote.kubernetes.secret.cloud.content, but remote.kubernetes.secret exports only data'));
});

test('a writer without an endpoint drops everything', () => {
  const w = block('loki.write', 'empty', []);
  const src = loki.source.kubernetes_events('e', { forward_to: [ref<'LogsReceiver'>('loki', 'write', 'empty', 'receiver')] });
  assert.equal(messages([f('a.alloy', w, src)]), ['a.alloy: loki.write.empty has no endpoint block, so it drops everything it receives']);
});

test('top-level attributes are refused', () => {
  const parsed: AlloyFile = { kind: 'file', body: [attr('x', 1)] };
  assert.equal(messages([{ name: 'a.alloy', file: parsed }]), ['a.alloy: attribute x is outside any block; Alloy allows only blocks at the top level']);
});

test('assertGraph lists every problem in one error', () => {
  assert.throws(() => assertGraph([f('kubelet.alloy', nodes, kubeletTargets, kubelet, kubeletRemote)]),
    (e: Error) => e.message.startsWith('the Alloy configuration has 3 problems:\n  kubelet.alloy: prometheus.relabel.kubelet_remote forwards to prometheus.remote_write.local'));
});

// Speed is measured by scripts/bench.ts (growth with the number of apps), never by timing a test.
test('3000 pipelines sharing one allow-list check clean', () => {
  const items: (Component | Block)[] = [rw, nodes];
  for (let i = 0; i < 3000; i++) {
    const t = discovery.relabel(`t${i}`, { targets: nodes.exports.targets, rule: [{ target_label: 'job', replacement: `job${i}` }] });
    const r = prometheus.relabel(`r${i}`, { forward_to: [rw.exports.receiver], rule: [{ source_labels: ['__name__'], regex: 'up|node_.*|kube_.*', action: 'keep' }] });
    items.push(t, r, prometheus.scrape(`s${i}`, { targets: t.exports.output, forward_to: [r.exports.receiver] }));
  }
  assert.equal(checkGraph([f('big.alloy', ...items)]), []);
});

test('a long reference chain does not overflow the stack', () => {
  const items: Block[] = [];
  const n = 20000;
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? ref('prometheus', 'relabel', `r${i + 1}`, 'receiver') : ref('prometheus', 'relabel', 'r0', 'receiver');
    items.push(block('prometheus.relabel', `r${i}`, [attr('forward_to', [next])]));
  }
  const found = checkGraph([f('chain.alloy', ...items)]);
  assert.equal(found.map((p) => p.kind), ['cycle']);
});

test('component paths split on the longest known type', () => {
  assert.equal(splitComponentPath(['local', 'file_match', 'pods', 'targets']), { type: 'local.file_match', label: 'pods', export: 'targets' });
  assert.equal(splitComponentPath(['local', 'file', 'token', 'content']), { type: 'local.file', label: 'token', export: 'content' });
  assert.equal(splitComponentPath(['remote', 'kubernetes', 'secret', 'c', 'data', 'password']), { type: 'remote.kubernetes.secret', label: 'c', export: 'data' });
  assert.equal(splitComponentPath(['loki', 'source', 'kubernetes_events', 'e']), { type: 'loki.source.kubernetes_events', label: 'e' });
  assert.is(splitComponentPath(['constants', 'hostname']), undefined);
});

test.run();
