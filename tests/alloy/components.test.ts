import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block, Statement } from '../../lib/alloy/ast.ts';
import { call, concat, ref } from '../../lib/alloy/ast.ts';
import { sanitizeLabel } from '../../lib/alloy/ident.ts';
import { discovery, local, loki, prometheus, remote, stage } from '../../lib/alloy/components/index.ts';
import { checkDuration, parseDuration } from '../../lib/alloy/components/duration.ts';
import { rule } from '../../lib/alloy/relabel.ts';

const names = (statements: readonly Statement[]) => statements.map((s) => s.name);
const sub = (b: Block, name: string, n = 0) => b.body.filter((s): s is Block => s.kind === 'block' && s.name === name)[n]!;

const rw = prometheus.remote_write('local', { endpoint: [{ url: 'http://prometheus:9090/api/v1/write' }] });
const lw = loki.write('local', { endpoint: [{ url: 'http://loki:3100/loki/api/v1/push' }] });
const pods = discovery.kubernetes('pods', { role: 'pod' });

test('a component carries its ID, block and typed export references', () => {
  const r = prometheus.relabel('kubelet', { forward_to: [rw.exports.receiver] });
  assert.is(r.id, 'prometheus.relabel.kubelet');
  assert.is(r.block.name, 'prometheus.relabel');
  assert.is(r.block.label, 'kubelet');
  assert.equal(r.exports.receiver, { kind: 'ref', path: ['prometheus', 'relabel', 'kubelet', 'receiver'] });
  assert.equal(r.exports.rules.path, ['prometheus', 'relabel', 'kubelet', 'rules']);
  assert.equal(rw.exports.receiver.path, ['prometheus', 'remote_write', 'local', 'receiver']);
  assert.equal(prometheus.exporter.self('alloy').exports.targets.path, ['prometheus', 'exporter', 'self', 'alloy', 'targets']);
  assert.equal(lw.exports.receiver.path, ['loki', 'write', 'local', 'receiver']);
});

test('invalid labels are refused with the sanitized alternative', () => {
  assert.throws(() => prometheus.scrape('kube-state-metrics', { targets: [], forward_to: [rw.exports.receiver] }),
    /prometheus\.scrape label "kube-state-metrics" is not a valid Alloy identifier .*use "kube_state_metrics"/);
  assert.throws(() => discovery.kubernetes('1nodes', { role: 'node' }), /use "_1nodes"/);
  assert.is(discovery.kubernetes(sanitizeLabel('kube-state-metrics'), { role: 'pod' }).id, 'discovery.kubernetes.kube_state_metrics');
});

test('prometheus.scrape: attributes in a fixed order, then blocks; unset fields omitted', () => {
  const s = prometheus.scrape('cadvisor', {
    clustering: { enabled: true },
    tls_config: { ca_file: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt' },
    bearer_token_file: '/var/run/secrets/kubernetes.io/serviceaccount/token',
    scheme: 'https',
    job_name: 'integrations/kubernetes/cadvisor',
    forward_to: [rw.exports.receiver],
    targets: pods.exports.targets,
  });
  assert.equal(names(s.block.body), ['targets', 'forward_to', 'job_name', 'scheme', 'bearer_token_file', 'tls_config', 'clustering']);
  assert.equal(names(sub(s.block, 'tls_config').body), ['ca_file']);
  assert.equal(s.exports, {});
});

test('prometheus.scrape validates durations, timeout vs interval, scheme, protocols, forward_to', () => {
  const base = { targets: pods.exports.targets, forward_to: [rw.exports.receiver] };
  assert.throws(() => prometheus.scrape('a', { ...base, scrape_interval: '1d' }), /scrape_interval: "1d" is not a Go duration: Alloy has no "d" unit, write "24h"/);
  assert.throws(() => prometheus.scrape('a', { ...base, scrape_interval: '15s', scrape_timeout: '30s' }), /scrape_timeout "30s" is longer than scrape_interval "15s"/);
  assert.throws(() => prometheus.scrape('a', { ...base, scrape_interval: '5s' }), /scrape_timeout \(default\) "10s" is longer than scrape_interval "5s"/);
  assert.throws(() => prometheus.scrape('a', { ...base, scrape_timeout: '90s' }), /scrape_timeout "90s" is longer than scrape_interval \(default\) "60s"/);
  assert.throws(() => prometheus.scrape('a', { ...base, scheme: 'ftp' }), /scheme "ftp" must be one of "http", "https"/);
  assert.throws(() => prometheus.scrape('a', { ...base, scrape_protocols: ['PrometheusText0.0.4', 'Proto'] }), /scrape_protocols entry "Proto"/);
  assert.throws(() => prometheus.scrape('a', { ...base, forward_to: [] }), /forward_to is empty/);
  // Expressions are not checked: only Alloy can evaluate them.
  prometheus.scrape('a', { ...base, scrape_interval: call('sys.env', 'INTERVAL'), scrape_timeout: '10s' });
});

test('all problems of one component are reported together', () => {
  assert.throws(() => prometheus.scrape('a', { targets: [], forward_to: [], scheme: 'ftp' }), (e: Error) =>
    e.message.startsWith('prometheus.scrape.a has 2 problems:\n  forward_to is empty') && e.message.includes('scheme "ftp"'));
});

test('prometheus.remote_write: endpoint layout, one auth method, write_relabel_config', () => {
  const secret = remote.kubernetes.secret('cloud', { name: 'grafana-cloud', namespace: 'monitoring' });
  const w = prometheus.remote_write('cloud', {
    external_labels: { cluster: 'prod-eu1' },
    wal: { truncate_frequency: '2h' },
    endpoint: [{
      url: 'https://x.grafana.net/api/prom/push',
      basic_auth: { username: call('convert.nonsensitive', secret.exports.data('username')), password: secret.exports.data('password') },
      queue_config: { max_shards: 10 },
      headers: { 'X-Scope-OrgID': 'tenant-a' },
      write_relabel_config: [rule({ source_labels: ['__name__'], regex: 'up', action: 'keep' }), { regex: 'tmp_.*', action: 'labeldrop' }],
    }],
  });
  assert.equal(names(w.block.body), ['external_labels', 'endpoint', 'wal']);
  const e = sub(w.block, 'endpoint');
  assert.equal(names(e.body), ['url', 'headers', 'basic_auth', 'queue_config', 'write_relabel_config', 'write_relabel_config']);
  assert.equal(sub(e, 'basic_auth').body[1], {
    kind: 'attribute', name: 'password',
    value: { kind: 'index', target: { kind: 'ref', path: ['remote', 'kubernetes', 'secret', 'cloud', 'data'] }, index: { kind: 'string', value: 'password' } },
  });
  assert.throws(() => prometheus.remote_write('x', { endpoint: [{ url: 'http://a', bearer_token_file: '/t', basic_auth: { username: 'u', password: 'p' } }] }),
    /endpoint 1 sets bearer_token_file and basic_auth: only one auth method is allowed/);
  assert.throws(() => prometheus.remote_write('x', { endpoint: [{ url: 'http://a', basic_auth: { username: 'u', password: 'p', password_file: '/p' } }] }),
    /endpoint 1 basic_auth sets password and password_file/);
  assert.throws(() => prometheus.remote_write('x', { endpoint: [] }), /needs at least one endpoint/);
  assert.throws(() => prometheus.remote_write('x', { endpoint: [{ url: 'http://a', write_relabel_config: [{ regex: '(?=x)', action: 'labeldrop' }] }] }),
    /endpoint 1 write_relabel_config 1 regex "\(\?=x\)": not valid RE2/);
  assert.throws(() => prometheus.remote_write('x', { endpoint: [{ url: 'http://a', queue_config: { min_shards: 5, max_shards: 2 } }] }),
    /queue_config min_shards 5 is greater than max_shards 2/);
  assert.throws(() => prometheus.remote_write('x', { endpoint: [{ url: 'http://a', name: 'a' }, { url: 'http://b', name: 'a' }] }),
    /two endpoint blocks named "a"/);
});

test('discovery.kubernetes: role, namespaces, selectors, attach_metadata', () => {
  const d = discovery.kubernetes('local_pods', {
    attach_metadata: { node: true },
    selectors: [{ role: 'pod', field: concat('spec.nodeName=', call('sys.env', 'HOSTNAME')) }],
    namespaces: { names: ['a', 'b'] },
    role: 'pod',
  });
  assert.equal(names(d.block.body), ['role', 'namespaces', 'selectors', 'attach_metadata']);
  assert.throws(() => discovery.kubernetes('x', { role: 'pods' }), /role "pods" must be one of "node", "pod"/);
  assert.throws(() => discovery.kubernetes('x', { role: 'pod', selectors: [{ role: 'nodes' }] }), /selectors 1 role "nodes"/);
});

test('discovery.relabel takes rule() blocks or plain rule arguments', () => {
  const r = discovery.relabel('kubelet', {
    targets: pods.exports.targets,
    rule: [rule({ target_label: '__address__', replacement: 'kubernetes.default.svc:443' }), { source_labels: ['a'], regex: 'x', action: 'keep' }],
  });
  assert.equal(names(r.block.body), ['targets', 'rule', 'rule']);
  assert.throws(() => discovery.relabel('x', { targets: [], rule: [{ source_labels: ['a'] }] }), /rule 1 target_label is required for action "replace"/);
});

test('loki pipeline: file_match -> source.file -> process -> write', () => {
  const files = local.file_match('pods', { path_targets: [{ __path__: '/var/log/pods/*/*/*.log' }], sync_period: '10s' });
  const proc = loki.process('pods', {
    forward_to: [lw.exports.receiver],
    stages: [
      stage.cri(),
      stage.match({ selector: '{namespace="kube-system"}', stages: [stage.drop({ expression: 'level=debug' })] }),
      stage.structured_metadata({ values: { pod: '' } }),
    ],
  });
  const src = loki.source.file('pods', { targets: files.exports.targets, forward_to: [proc.exports.receiver], file_watch: { min_poll_frequency: '250ms' } });
  assert.equal(names(src.block.body), ['targets', 'forward_to', 'file_watch']);
  assert.equal(names(proc.block.body), ['forward_to', 'stage.cri', 'stage.match', 'stage.structured_metadata']);
  assert.equal(names(sub(proc.block, 'stage.match').body), ['selector', 'stage.drop']);
  assert.equal(sub(proc.block, 'stage.cri').body, []);
  assert.equal(proc.exports.receiver.path, ['loki', 'process', 'pods', 'receiver']);
});

test('loki stages validate their arguments', () => {
  assert.throws(() => stage.regex({ expression: '(?P<level>\\w+)(?=x)' }), /stage\.regex: expression ".*": not valid RE2/);
  assert.throws(() => stage.multiline({ firstline: '\\1' }), /stage\.multiline: firstline "\\\\1": not valid RE2/);
  assert.throws(() => stage.drop({ drop_counter_reason: 'x' }), /stage\.drop: has no condition/);
  assert.throws(() => stage.drop({ value: 'x' }), /value needs source/);
  assert.throws(() => stage.drop({ older_than: '1w' }), /older_than: "1w" is not a Go duration: .* write "168h"/);
  assert.throws(() => stage.match({ selector: '{a="b"}', action: 'drop', stages: [stage.docker()] }), /action "drop" cannot have nested stages/);
  assert.throws(() => stage.tenant({}), /needs one of value, source or label/);
  assert.throws(() => stage.tenant({ value: 'a', label: 'b' }), /only one tenant source/);
  assert.throws(() => stage.json({ expressions: {} }), /expressions must not be empty/);
  assert.throws(() => stage.timestamp({ source: 'ts', format: '' }), /format is required/);
  assert.throws(() => stage.labels({ values: { a: '' }, source_type: 'labels' }), /source_type "labels"/);
  assert.equal(names(stage.timestamp({ source: 'ts', format: 'RFC3339Nano', action_on_failure: 'skip' }).body), ['source', 'format', 'action_on_failure']);
});

test('loki sources, relabel and write', () => {
  const events = loki.source.kubernetes_events('events', { forward_to: [lw.exports.receiver], log_format: 'json', clustering: { enabled: true } });
  assert.equal(names(events.block.body), ['forward_to', 'log_format', 'clustering']);
  const journalRules = discovery.relabel('journal', { targets: [], rule: [{ source_labels: ['__journal__systemd_unit'], target_label: 'unit' }] });
  const journal = loki.source.journal('journal', { forward_to: [lw.exports.receiver], max_age: '12h', relabel_rules: journalRules.exports.rules });
  assert.equal(names(journal.block.body), ['forward_to', 'max_age', 'relabel_rules']);
  const k = loki.source.kubernetes('pods', { targets: pods.exports.targets, forward_to: [lw.exports.receiver] });
  assert.equal(names(k.block.body), ['targets', 'forward_to']);
  const r = loki.relabel('drop_tmp', { forward_to: [lw.exports.receiver], rule: [{ regex: 'tmp_.*', action: 'labeldrop' }] });
  assert.equal(names(r.block.body), ['forward_to', 'rule']);
  const w = loki.write('cloud', {
    external_labels: { cluster: 'c' },
    endpoint: [{ url: 'https://logs/loki/api/v1/push', tenant_id: 't', batch_wait: '1s', authorization: { type: 'Bearer', credentials_file: '/token' } }],
  });
  assert.equal(names(sub(w.block, 'endpoint').body), ['url', 'tenant_id', 'batch_wait', 'authorization']);
  assert.throws(() => loki.write('x', { endpoint: [{ url: 'http://a', min_backoff_period: '10m', max_backoff_period: '5m' }] }),
    /min_backoff_period "10m" is longer than max_backoff_period "5m"/);
  assert.throws(() => loki.source.kubernetes_events('x', { forward_to: [lw.exports.receiver], log_format: 'yaml' }), /log_format "yaml"/);
});

test('local.file and remote.kubernetes.secret', () => {
  const token = local.file('token', { filename: '/var/run/secrets/token', is_secret: true });
  assert.equal(token.exports.content.path, ['local', 'file', 'token', 'content']);
  assert.equal(names(token.block.body), ['filename', 'is_secret']);
  assert.throws(() => remote.kubernetes.secret('s', { name: 'Bad_Name', namespace: 'monitoring' }), /name "Bad_Name" is not a Kubernetes object name/);
});

test('durations follow Go time.ParseDuration', () => {
  assert.is(parseDuration('1m30s'), 90e9);
  assert.is(parseDuration('0.5s'), 0.5e9);
  assert.is(parseDuration('1h2m3.5s'), 3723.5e9);
  assert.is(parseDuration('250ms'), 250e6);
  assert.is(parseDuration('10µs'), 10e3);
  assert.is(parseDuration('0'), 0);
  for (const bad of ['', '1', '1d', '2w', 's', '.s', '1.5', '1hm', ' 1s', '1 s']) assert.is(parseDuration(bad), undefined, bad);
  assert.match(checkDuration('7d')!, /write "168h"/);
});

test('forward_to accepts only receivers of its own signal (checked by tsc)', () => {
  const metrics = rw.exports.receiver;
  const logs = lw.exports.receiver;
  const untyped = ref('prometheus', 'remote_write', 'x', 'receiver'); // Ref<'Any'>
  // Each line below must fail to type-check; tsc fails on an unused @ts-expect-error.
  // @ts-expect-error a logs receiver in a metrics forward_to
  prometheus.scrape('t1', { targets: pods.exports.targets, forward_to: [logs] });
  // @ts-expect-error a metrics receiver in a logs forward_to
  loki.process('t2', { forward_to: [metrics], stages: [] });
  // @ts-expect-error an untyped reference is not a receiver
  prometheus.relabel('t3', { forward_to: [untyped] });
  // @ts-expect-error targets are not a receiver
  loki.relabel('t4', { forward_to: [pods.exports.targets] });
  // @ts-expect-error a receiver is not a list of targets
  prometheus.scrape('t5', { targets: metrics, forward_to: [metrics] });
  // @ts-expect-error relabel_rules takes RelabelRules only
  loki.source.journal('t6', { forward_to: [logs], relabel_rules: pods.exports.targets });
  // Typed references built by hand are fine (inline, ref() infers its type from the argument).
  prometheus.relabel('t7', { forward_to: [ref<'MetricsReceiver'>('prometheus', 'remote_write', 'x', 'receiver')] });
});

test.run();
