// integrations.mysql/postgresql of the k8s-monitoring chart -> exporter instances, one fixture per
// set of shapes (tests/fixtures/import/k8s-monitoring/database-integrations*.yaml): what each instance
// becomes, the Secrets asked for by key and values path only, no credential in the output, and that
// the imported file type-checks and renders.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kubectlCommand } from '../../lib/import/credentials.ts';
import { environmentText, importValues, unsupportedCount, type ImportResult } from '../../lib/import/import.ts';
import { formatPath, parseValues } from '../../lib/import/values.ts';
import { libImport, renderImported, root, typecheckImported, writeImported } from '../support/imported.ts';

const fixtures = path.join(root, 'tests/fixtures/import/k8s-monitoring');

function load(name: string): { result: ImportResult; text: string } {
  const file = `tests/fixtures/import/k8s-monitoring/${name}`;
  const result = importValues({ values: parseValues(readFileSync(path.join(fixtures, name), 'utf8'), file), file });
  return { result, text: environmentText(result, file, { libImport }) };
}

const statusOf = (result: ImportResult, key: string) => result.records.list.find((r) => formatPath(r.path) === key);

const fakeCredentials = ['orders_user', 'fake-dsn-password-1', 'carts-admin-fake', 'fake-literal-password-2', 'fake-dbo-password', 'fake-job-password', 'fake-collectors-password', 'fake-logs-password', 'fake-pg-user', 'fake-pg-password'];

test('each shape: literal DSN, literal credentials, the user\'s Secret elsewhere, postgresql with database and sslmode, logs by pod label', async () => {
  const { result, text } = load('database-integrations.yaml');
  assert.is(unsupportedCount(result), 0, JSON.stringify(result.records.byStatus('unsupported')));
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.integrations.mysql, {
    enabled: true,
    instances: [
      // The DSN goes to a Secret the import asks for, one key.
      { name: 'orders', exporter: { secret: 'orders-mysql-credentials', key: 'dsn' } },
      // Literal credentials: a Secret with the chart's key names (passwordKey renames one), the server written out.
      {
        name: 'carts',
        exporter: { secret: 'carts-mysql-credentials', dataSource: { host: 'carts.shop.svc', port: 3307, usernameKey: 'username', passwordKey: 'pw' } },
        podLabels: { 'app.kubernetes.io/instance': 'carts' },
        namespaces: ['shop'],
      },
      // The user's Secret in another namespace: by name, namespace and keys.
      {
        name: 'stock',
        scrapeInterval: '30s',
        exporter: { secret: 'stock-mysql', namespace: 'warehouse', dataSource: { host: 'stock.warehouse.svc', protocol: 'tcp', usernameKey: 'user', passwordKey: 'root-password' } },
      },
    ],
  });
  // In the stack's namespace: no namespace field; the chart's default scheme needs none either.
  assert.equal(data.integrations.postgresql, {
    enabled: true,
    instances: [{ name: 'billing', exporter: { secret: 'billing-pg', dataSource: { host: 'billing.finance.svc', database: 'ledger', sslmode: 'verify-full', usernameKey: 'pg-user', passwordKey: 'pg-password' } } }],
  });
  assert.equal(result.secrets, [
    { name: 'orders-mysql-credentials', namespace: 'monitoring', keys: [{ key: 'dsn', from: 'integrations.mysql.instances[0].exporter.dataSourceName' }] },
    { name: 'carts-mysql-credentials', namespace: 'monitoring', keys: [
      { key: 'username', from: 'integrations.mysql.instances[1].exporter.dataSource.auth.username' },
      { key: 'pw', from: 'integrations.mysql.instances[1].exporter.dataSource.auth.password' },
    ] },
  ]);
  assert.is(kubectlCommand(result.secrets[0]!), "kubectl create secret generic orders-mysql-credentials --namespace monitoring \\\n  --from-literal=dsn='<integrations.mysql.instances[0].exporter.dataSourceName>'");
  assert.is(statusOf(result, 'integrations.mysql.instances[0].exporter.dataSourceName')?.status, 'mapped');
  assert.is(statusOf(result, 'integrations.mysql.instances[2].secret.namespace')?.detail, 'exporter.namespace');
  assert.is(statusOf(result, 'integrations.mysql.instances[2].jobLabel')?.status, 'mapped');
  assert.is(statusOf(result, 'integrations.postgresql.instances[0].databaseObservability')?.status, 'ignored');
  for (const key of ['exporter.autoDiscovery.enabled', 'exporter.autoDiscovery', 'exporter.disableDefaultMetrics', 'metrics.maxCacheSize', 'metrics.tuning.includeMetrics']) {
    assert.is(statusOf(result, `integrations.postgresql.instances[0].${key}`)?.status, 'ignored', key);
  }
  assert.match(text, 'the chart\'s job is integration/mysql by default; here integrations/mysql');
  const out = await renderImported(writeImported('import-unit', 'database-integrations', text));
  assert.equal(out.warnings, []);
  const alloy = out.objects.filter((o) => o.kind === 'ConfigMap').map((o) => JSON.stringify((o as { data?: unknown }).data ?? {})).join('\n');
  assert.match(alloy, 'remote.kubernetes.secret');
  assert.match(alloy, 'INTEGRATION_MYSQL_CARTS_PASSWORD');
  const role = out.objects.find((o) => o.kind === 'Role' && (o as { metadata: { namespace?: string } }).metadata.namespace === 'warehouse');
  assert.ok(role !== undefined, 'RBAC get on the other namespace\'s Secret');
  const everything = text + JSON.stringify(out.objects) + result.secrets.map(kubectlCommand).join('\n');
  for (const secret of fakeCredentials) assert.not.ok(everything.includes(secret), `${secret} is not copied`);
  assert.is(typecheckImported('import-unit'), '');
});

test('unsupported, each with its reason: database observability, another job, collectors, logs without a selector, a DSN from an expression', () => {
  const { result, text } = load('database-integrations-unsupported.yaml');
  const unsupported = result.records.byStatus('unsupported').map((r) => [formatPath(r.path), r.detail]);
  assert.equal(unsupported.map(([p]) => p), [
    'integrations.mysql.instances[0].databaseObservability',
    'integrations.mysql.instances[1].jobLabel',
    'integrations.mysql.instances[2].exporter.collectors',
    'integrations.mysql.instances[3].logs',
    'integrations.postgresql.instances[0].exporter.dataSourceNameFrom',
    'integrations.postgresql.instances[1].exporter.autoDiscovery.enabled',
  ]);
  assert.match(unsupported[0]![1]!, 'database_observability.mysql');
  assert.match(unsupported[1]![1]!, 'integrations/mysql');
  assert.match(unsupported[3]![1]!, 'every pod');
  // No instance is written, so no Secret is asked for, and no credential is in the text.
  assert.equal(result.secrets, []);
  assert.is((result.draft.data as Record<string, any>).integrations, undefined);
  for (const secret of fakeCredentials) assert.not.ok(text.includes(secret), `${secret} is not copied`);
});

test.run();
