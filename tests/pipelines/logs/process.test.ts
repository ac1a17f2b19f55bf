// Real CRI and Docker json-file lines through the rendered loki.process of the pod logs pipeline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config } from '../../../lib/config/config.gen.ts';
import { logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { componentBlock, runLokiProcess } from '../../support/loki-process.ts';
import type { InputLine } from '../../support/loki-process.ts';
import { withLogs } from './configs.ts';

const podLogsProcess = (config: Config) => {
  const file = logsAlloyConfig(config).files.find((f) => f.name === 'pod-logs.alloy')!.file;
  return componentBlock(file, 'loki.process', 'pod_logs');
};

// What loki.source.file hands on: the target's labels (the __ ones are gone) plus filename.
const labels = {
  namespace: 'shop', pod: 'cart-7d9f8-abcde', container: 'cart', app: 'cart', service_name: 'cart', job: 'shop/cart',
  filename: '/var/log/pods/shop_cart-7d9f8-abcde_0b6c1c1e/cart/0.log',
};
const at = (line: string): InputLine => ({ line, labels });

// The default probe expression, structured metadata on, and a JSON stage with a level label.
const defaults = (runtime: string) => withLogs((logs) => { logs.containerRuntime = runtime; });

test('CRI: probe lines dropped, JSON fields extracted, stream set, pod in structured metadata, only kept labels', () => {
  const result = runLokiProcess(podLogsProcess(defaults('containerd')), [
    at('2024-05-01T10:00:00.123456789Z stdout F GET /healthz 200'),
    at('2024-05-01T10:00:01.000000000Z stdout F 10.1.2.3 - - [01/May/2024:10:00:01 +0000] "GET /ready HTTP/1.1" 200 2 "-" "kube-probe/1.29"'),
    at('2024-05-01T10:00:02.000000000Z stdout F {"level":"error","message":"payment declined","order":42}'),
    at('2024-05-01T10:00:03.000000000Z stderr F plain text warning'),
  ]);
  assert.equal(result.dropped.map((d) => d.reason), ['health_probe', 'health_probe']);
  assert.is(result.entries.length, 2);
  const [json, plain] = result.entries as [typeof result.entries[0], typeof result.entries[0]];
  assert.is(json.line, '{"level":"error","message":"payment declined","order":42}');
  assert.is(json.timestamp, '2024-05-01T10:00:02.000000000Z');
  assert.is(json.extracted.level, 'error');
  assert.is(json.extracted.msg, 'payment declined');
  assert.equal(json.labels, { namespace: 'shop', container: 'cart', app: 'cart', service_name: 'cart', job: 'shop/cart', stream: 'stdout', level: 'error' });
  assert.equal(json.structuredMetadata, { pod: 'cart-7d9f8-abcde' });
  assert.equal(plain.labels, { namespace: 'shop', container: 'cart', app: 'cart', service_name: 'cart', job: 'shop/cart', stream: 'stderr' });
  assert.equal(plain.structuredMetadata, { pod: 'cart-7d9f8-abcde' });
});

test('CRI: a partial (P) line is joined with the full (F) line that ends it', () => {
  const result = runLokiProcess(podLogsProcess(defaults('cri-o')), [
    at('2024-05-01T10:00:00.000000001Z stdout P {"level":"info","message":"a very long '),
    at('2024-05-01T10:00:00.000000002Z stdout F line split by the runtime"}'),
  ]);
  assert.equal(result.dropped, []);
  assert.is(result.entries.length, 1);
  assert.is(result.entries[0]!.line, '{"level":"info","message":"a very long line split by the runtime"}');
  assert.is(result.entries[0]!.extracted.msg, 'a very long line split by the runtime');
  // The rendered stage keeps Alloy's joining defaults (max_partial_lines = 100).
  const cri = podLogsProcess(defaults('containerd')).body.find((s) => s.name === 'stage.cri')!;
  assert.equal(cri.kind === 'block' ? cri.body : undefined, []);
});

test('Docker json-file: the log field becomes the line, stream becomes a label, probes are dropped', () => {
  const result = runLokiProcess(podLogsProcess(defaults('docker')), [
    at('{"log":"GET /healthz 200\\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}'),
    at('{"log":"{\\"level\\":\\"warn\\",\\"message\\":\\"slow query\\"}\\n","stream":"stderr","time":"2024-05-01T10:00:01.5Z"}'),
  ]);
  assert.equal(result.dropped.map((d) => d.reason), ['health_probe']);
  assert.is(result.entries.length, 1);
  const entry = result.entries[0]!;
  assert.is(entry.line, '{"level":"warn","message":"slow query"}\n');
  assert.is(entry.timestamp, '2024-05-01T10:00:01.5Z');
  assert.equal(entry.labels, { namespace: 'shop', container: 'cart', app: 'cart', service_name: 'cart', job: 'shop/cart', stream: 'stderr', level: 'warn' });
  assert.equal(entry.structuredMetadata, { pod: 'cart-7d9f8-abcde' });
});

test('probe dropping off: probe lines reach Loki', () => {
  const process = podLogsProcess(withLogs((logs) => { logs.dropProbeLogs = { enabled: false }; }));
  const result = runLokiProcess(process, [at('2024-05-01T10:00:00.1Z stdout F GET /healthz 200')]);
  assert.equal(result.dropped, []);
  assert.is(result.entries[0]!.line, 'GET /healthz 200');
});

test('the environment\'s own probe expression replaces the default one', () => {
  const process = podLogsProcess(withLogs((logs) => { logs.dropProbeLogs = { enabled: true, expression: '(?i)GET /actuator/health' }; }));
  const result = runLokiProcess(process, [
    at('2024-05-01T10:00:00.1Z stdout F get /ACTUATOR/health 200'),
    at('2024-05-01T10:00:00.2Z stdout F GET /healthz 200'),
  ]);
  assert.equal(result.dropped.map((d) => d.reason), ['health_probe']);
  assert.equal(result.entries.map((e) => e.line), ['GET /healthz 200']);
});

test('structured metadata off: a label labelsToKeep does not list (pod) is dropped; listing it keeps it a stream label', () => {
  const line = at('2024-05-01T10:00:00.1Z stdout F hello');
  const dropped = runLokiProcess(podLogsProcess(withLogs((logs) => { logs.structuredMetadata = false; })), [line]).entries[0]!;
  assert.is(dropped.labels.pod, undefined);
  assert.equal(dropped.structuredMetadata, {});
  assert.equal(Object.keys(dropped.labels).sort(), ['app', 'container', 'job', 'namespace', 'service_name', 'stream']);
  const kept = runLokiProcess(podLogsProcess(withLogs((logs) => {
    logs.structuredMetadata = false;
    logs.labelsToKeep = ['app', 'container', 'job', 'namespace', 'pod', 'stream'];
  })), [line]).entries[0]!;
  assert.is(kept.labels.pod, 'cart-7d9f8-abcde');
  assert.is(kept.labels.service_name, undefined, 'not listed, so dropped');
});

test('user stages: match, regex, logfmt, static labels, drop and multiline run in the user\'s order', () => {
  const process = podLogsProcess(withLogs((logs) => {
    logs.stages = [
      { multiline: { firstLine: '^\\d{4}-\\d{2}-\\d{2}' } },
      { match: { selector: '{container="cart"}', stages: [
        { regex: { expression: '^(?P<date>\\S+) (?P<severity>[A-Z]+) ' } },
        { labels: { level: 'severity' } },
      ] } },
      { match: { selector: '{container="cart"} |= "DEBUG"', action: 'drop' } },
      { logfmt: { mapping: { user: '' }, source: 'date' } },
      { staticLabels: { team: 'checkout' } },
      { drop: { source: 'severity', value: 'TRACE', reason: 'trace' } },
    ];
  }));
  const result = runLokiProcess(process, [
    at('2024-05-01T10:00:00.1Z stdout F 2024-05-01 ERROR checkout failed'),
    at('2024-05-01T10:00:00.2Z stdout F \tat Cart.pay(Cart.java:42)'),
    at('2024-05-01T10:00:00.3Z stdout F 2024-05-01 DEBUG noisy'),
    at('2024-05-01T10:00:00.4Z stdout F 2024-05-01 TRACE noisier'),
    at('2024-05-01T10:00:00.5Z stdout F 2024-05-01 INFO done'),
  ]);
  assert.equal(result.dropped.map((d) => d.reason), ['match_stage', 'trace']);
  assert.equal(result.entries.map((e) => e.line), ['2024-05-01 ERROR checkout failed\n\tat Cart.pay(Cart.java:42)', '2024-05-01 INFO done']);
  assert.equal(result.entries.map((e) => [e.labels.level, e.labels.team]), [['ERROR', 'checkout'], ['INFO', 'checkout']]);
});

test.run();
