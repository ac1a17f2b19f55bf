import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block, Expr } from '../../../lib/alloy/ast.ts';
import { logDestinations, secretEnvName } from '../../../lib/pipelines/logs/destinations.ts';
import { prodLikeSpec, render, withLogs } from './configs.ts';

const blocks = (b: { body: readonly unknown[] }) => (b.body as Block[]).filter((s) => s.kind === 'block');
const attrs = (b: Block) => Object.fromEntries(b.body.flatMap((s) => (s.kind === 'attribute' ? [[s.name, s.value]] : []))) as Record<string, Expr>;
const env = (name: string): Expr => ({ kind: 'call', fn: ['sys', 'env'], args: [{ kind: 'string', value: name }] });

test('cloud first, then the environment\'s destinations: one loki.write each, cluster as an external label', () => {
  const config = withLogs((logs) => {
    logs.destinations = [
      { name: 'local-loki', url: 'http://loki.logging.svc:3100/loki/api/v1/push', tenantId: 'platform', headers: { 'X-Team': 'sre' } },
      { name: 'archive', url: 'https://archive.example.com/loki/api/v1/push', auth: { type: 'bearer', secret: 'archive-token', tokenKey: 'token' } },
    ];
  });
  const out = logDestinations(config);
  const writers = blocks(out.file!.file);
  assert.equal(writers.map((w) => `${w.name}.${w.label}`), ['loki.write.cloud', 'loki.write.local_loki', 'loki.write.archive']);
  assert.equal(out.receivers.map((r) => r.path.join('.')), ['loki.write.cloud.receiver', 'loki.write.local_loki.receiver', 'loki.write.archive.receiver']);
  for (const w of writers) {
    assert.equal(attrs(w).external_labels, { kind: 'object', fields: [{ key: 'cluster', value: { kind: 'string', value: 'prod-eu-west-1' } }] });
    assert.is(blocks(w).filter((b) => b.name === 'endpoint').length, 1);
  }
  const [cloud, local, archive] = writers.map((w) => blocks(w)[0]!) as [Block, Block, Block];
  assert.equal(attrs(blocks(cloud)[0]!), { username: env('LOKI_CLOUD_USERNAME'), password: env('LOKI_CLOUD_PASSWORD') });
  assert.equal(attrs(local).tenant_id, { kind: 'string', value: 'platform' });
  assert.equal(attrs(local).headers, { kind: 'object', fields: [{ key: 'X-Team', value: { kind: 'string', value: 'sre' } }] });
  assert.equal(blocks(local), [], 'no auth, no auth block');
  const authorization = blocks(archive)[0]!;
  assert.is(authorization.name, 'authorization');
  assert.equal(attrs(authorization), { type: { kind: 'string', value: 'Bearer' }, credentials: env('LOKI_ARCHIVE_TOKEN') });
  assert.equal(out.secretEnv, [
    { name: 'LOKI_CLOUD_USERNAME', secret: 'grafana-cloud', key: 'logs-username' },
    { name: 'LOKI_CLOUD_PASSWORD', secret: 'grafana-cloud', key: 'token' },
    { name: 'LOKI_ARCHIVE_TOKEN', secret: 'archive-token', key: 'token' },
  ]);
});

test('cloud write off: only the environment\'s destinations', () => {
  const spec = prodLikeSpec();
  spec.enableCloudWrite = false;
  (spec.logs as Record<string, unknown>).destinations = [{ name: 'local', url: 'http://loki:3100/loki/api/v1/push' }];
  const out = logDestinations(render(spec));
  assert.equal(blocks(out.file!.file).map((w) => w.label), ['local']);
  assert.equal(out.secretEnv, []);
});

test('no secret value and no Secret key reaches the rendered file', () => {
  const text = JSON.stringify(logDestinations(render(prodLikeSpec())).file);
  assert.not.ok(text.includes('grafana-cloud'));
  assert.not.ok(text.includes('logs-username'));
});

test('secret env names are upper-case and shell-safe', () => {
  assert.is(secretEnvName('local-loki', 'PASSWORD'), 'LOKI_LOCAL_LOKI_PASSWORD');
});

test('two destination names that sanitize to the same label are refused, naming both', () => {
  // Validation refuses such an environment at its field; this guards callers that build a Config directly.
  const config = withLogs(() => undefined);
  config.logs.destinations = [{ name: 'a-b', url: 'http://a/loki/api/v1/push' }, { name: 'a_b', url: 'http://b/loki/api/v1/push' }];
  assert.throws(() => logDestinations(config), /"a-b" and "a_b" both become loki.write "a_b"/);
});

test.run();
