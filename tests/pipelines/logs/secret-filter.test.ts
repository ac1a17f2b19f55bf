// The secret filter by what it does: lines holding credentials of each shape, through the rendered pod log
// loki.process (stage.replace with our RE2 rules, run by the RE2 interpreter), come out redacted with the
// rest of the line intact; lines without one pass unchanged. Off, nothing changes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config } from '../../../lib/config/config.gen.ts';
import { checkRe2 } from '../../../lib/alloy/re2.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { secretRules } from '../../../lib/pipelines/logs/secret-filter.ts';
import { componentBlock, runLokiProcess } from '../../support/loki-process.ts';
import { withLogs } from './configs.ts';

const labels = { namespace: 'shop', pod: 'cart-0', container: 'cart', app: 'cart', service_name: 'cart', job: 'shop/cart', filename: '/var/log/pods/x/cart/0.log' };
const cri = (text: string) => ({ line: `2024-05-01T10:00:00.000000000Z stdout F ${text}`, labels });
const podProcess = (config: Config) => componentBlock(logsAlloyConfig(config).files.find((f) => f.name === 'pod-logs.alloy')!.file, 'loki.process', 'pod_logs');
const run = (config: Config, texts: string[]) => runLokiProcess(podProcess(config), texts.map(cri)).entries.map((e) => e.line);

// Fake credentials of each documented shape (none is or was a real one).
const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const samples: [string, string, string][] = [
  ['aws-access-key', 'uploading with key AKIAIOSFODNN7EXAMPLE to s3', 'uploading with key <REDACTED> to s3'],
  ['jwt', `session token=${jwt} user=42`, 'session token=<REDACTED> user=42'],
  ['github-token', 'cloning with ghp_abcdefghijklmnopqrstuvwxyz0123456789 ok', 'cloning with <REDACTED> ok'],
  ['grafana-token', 'push glc_eyJvIjoiMTIzNDU2IiwibiI6InRlc3QifQ== done', 'push <REDACTED> done'],
  ['slack-token', 'notify xoxb-123456789012-abcdefghijkl', 'notify <REDACTED>'],
  ['authorization-header', 'request headers: Authorization: Bearer abc.def-123 path=/api', 'request headers: Authorization: Bearer <REDACTED> path=/api'],
  ['private-key', 'key=-----BEGIN RSA PRIVATE KEY-----MIIEpAIBAAKCAQEA-----END RSA PRIVATE KEY----- loaded', 'key=<REDACTED> loaded'],
];

test('every rule is RE2 (Alloy compiles stage expressions with Go\'s regexp)', () => {
  for (const [rule, pattern] of Object.entries(secretRules)) assert.is(checkRe2(pattern), undefined, rule);
});

const on = withLogs((logs) => { logs.secretFilter = { enabled: true }; });

for (const [rule, line, redacted] of samples) {
  test(`${rule}: redacted, the rest of the line kept`, () => {
    assert.equal(run(on, [line]), [`2024-05-01T10:00:00.000000000Z stdout F ${redacted}`.replace(/^\S+ \S+ F /, '')]);
  });
}

test('a line without credentials passes unchanged; off, a credential passes too', () => {
  assert.equal(run(on, ['GET /cart 200 12ms AKIA-not-a-key']), ['GET /cart 200 12ms AKIA-not-a-key']);
  const off = withLogs(() => {});
  assert.equal(run(off, ['key AKIAIOSFODNN7EXAMPLE']), ['key AKIAIOSFODNN7EXAMPLE']);
});

test('only the chosen rules, with the chosen text', () => {
  const some = withLogs((logs) => { logs.secretFilter = { enabled: true, rules: ['jwt'], redactWith: '***' }; });
  assert.equal(run(some, [`AKIAIOSFODNN7EXAMPLE ${jwt}`]), ['AKIAIOSFODNN7EXAMPLE ***']);
});

test('engine secretfilter: loki.secretfilter between the pod logs and the destinations', () => {
  const config = withLogs((logs) => { logs.secretFilter = { enabled: true, engine: 'secretfilter' }; });
  const alloy = logsAlloyConfig(config);
  assert.equal(checkGraph(alloy.files), []);
  const filter = componentBlock(alloy.files.find((f) => f.name === 'secret-filter.alloy')!.file, 'loki.secretfilter', 'default');
  assert.match(JSON.stringify(filter), /"loki","write"/);
  assert.match(JSON.stringify(podProcess(config)), /"loki","secretfilter"/);
  assert.not.match(JSON.stringify(podProcess(config)), /stage\.replace/);
});

test.run();
