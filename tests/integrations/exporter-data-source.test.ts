// An exporter's data source composed in Alloy: the server from the environment, the username and
// password from two keys of a Secret (the stack's, through the pod environment; another namespace's,
// through remote.kubernetes.secret and RBAC on that Secret only), never a value in the output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkAlloy } from '../../lib/alloy/check/check.ts';
import { checkGraph } from '../../lib/alloy/graph.ts';
import { print } from '../../lib/alloy/print.ts';
import { loadAllowLists } from '../../lib/cli/environments.ts';
import type { Config } from '../../lib/config/config.gen.ts';
import { validateEnvironment } from '../../lib/config/validate.ts';
import { isUserError } from '../../lib/errors.ts';
import { metricsAlloyConfig } from '../../lib/pipelines/metrics/index.ts';

const allowLists = await loadAllowLists();

function environment(integrationsSpec: Record<string, unknown>): unknown {
  return { name: 'prod', clusterName: 'prod', namespace: 'monitoring', integrations: integrationsSpec };
}

function config(integrationsSpec: Record<string, unknown>): Config {
  return validateEnvironment(environment(integrationsSpec), 'test.ts');
}

function problems(integrationsSpec: Record<string, unknown>): string[] {
  try {
    validateEnvironment(environment(integrationsSpec), 'test.ts');
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return (error as { problems: string[] }).problems;
  }
  return [];
}

function fileText(rendered: ReturnType<typeof metricsAlloyConfig>, name: string): string {
  const found = rendered.files.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no ${name} among ${rendered.files.map((f) => f.name).join(', ')}`);
  return print(found.file);
}

test('mysql: user and password from two keys of the stack\'s Secret, composed with string.format', () => {
  const rendered = metricsAlloyConfig(config({
    mysql: { enabled: true, instances: [{ name: 'orders', exporter: { secret: 'orders-mysql', dataSource: { host: 'mysql.shop.svc', protocol: 'tcp', usernameKey: 'user', passwordKey: 'pass' } } }] },
  }), allowLists);
  assert.equal(checkGraph(rendered.files), []);
  assert.equal(checkAlloy(rendered.files), []);
  assert.equal(rendered.secretEnv.filter((e) => e.name.startsWith('INTEGRATION_')), [
    { name: 'INTEGRATION_MYSQL_ORDERS_USERNAME', secret: 'orders-mysql', key: 'user' },
    { name: 'INTEGRATION_MYSQL_ORDERS_PASSWORD', secret: 'orders-mysql', key: 'pass' },
  ]);
  assert.equal(rendered.secretReads, undefined);
  const text = fileText(rendered, 'integration-mysql-orders.alloy');
  assert.match(text, 'string.format("%s:%s@tcp(%s:%d)/", sys.env("INTEGRATION_MYSQL_ORDERS_USERNAME"), sys.env("INTEGRATION_MYSQL_ORDERS_PASSWORD"), "mysql.shop.svc", 3306)');
});

test('postgresql: a Secret in another namespace through remote.kubernetes.secret, user and password URL-encoded', () => {
  const rendered = metricsAlloyConfig(config({
    postgresql: { enabled: true, instances: [
      { name: 'billing', exporter: { secret: 'pg', namespace: 'billing', dataSource: { host: 'pg.billing.svc', database: 'postgres', sslmode: 'disable', usernameKey: 'u', passwordKey: 'p' } } },
      { name: 'ledger', exporter: { secret: 'pg', namespace: 'billing', dataSource: { host: 'ledger.billing.svc', port: 6432, usernameKey: 'u' } } },
    ] },
  }), allowLists);
  assert.equal(checkGraph(rendered.files), []);
  assert.equal(checkAlloy(rendered.files), []);
  assert.equal(rendered.secretEnv.filter((e) => e.name.startsWith('INTEGRATION_')), []);
  // One Secret, read by two instances: one `get` on it.
  assert.equal(rendered.secretReads, [{ namespace: 'billing', name: 'pg' }]);
  const billing = fileText(rendered, 'integration-postgresql-billing.alloy');
  assert.match(billing, 'remote.kubernetes.secret "integration_postgresql_billing_billing__pg"');
  assert.match(billing, 'string.format("postgresql://%s:%s@%s:%d/postgres?sslmode=disable", encoding.url_encode(convert.nonsensitive(remote.kubernetes.secret.integration_postgresql_billing_billing__pg.data["u"])), encoding.url_encode(convert.nonsensitive(remote.kubernetes.secret.integration_postgresql_billing_billing__pg.data["p"])), "pg.billing.svc", 5432)');
  // No password key: the user alone; the second file has its own reader, so no label is taken twice.
  const ledger = fileText(rendered, 'integration-postgresql-ledger.alloy');
  assert.match(ledger, 'string.format("postgresql://%s@%s:%d/", encoding.url_encode(convert.nonsensitive(remote.kubernetes.secret.integration_postgresql_ledger_billing__pg.data["u"])), "ledger.billing.svc", 6432)');
});

test('refused: key and dataSource together or neither, dataSource on redis, the other driver\'s fields', () => {
  const mysql = (exporter: Record<string, unknown>) => problems({ mysql: { enabled: true, instances: [{ name: 'a', exporter }] } });
  assert.match(mysql({ secret: 's', key: 'dsn', dataSource: { host: 'h', usernameKey: 'u' } })[0]!, 'not both');
  assert.match(mysql({ secret: 's' })[0]!, 'set key');
  assert.match(mysql({ secret: 's', dataSource: { host: 'h', usernameKey: 'u', database: 'x' } })[0]!, 'postgresql only');
  assert.match(problems({ postgresql: { enabled: true, instances: [{ name: 'a', exporter: { secret: 's', dataSource: { host: 'h', usernameKey: 'u', protocol: 'tcp' } } }] } })[0]!, 'mysql only');
  assert.match(problems({ redis: { enabled: true, instances: [{ name: 'a', exporter: { secret: 's', address: 'r:6379', dataSource: { host: 'h', usernameKey: 'u' } } }] } })[0]!, 'not dataSource');
});

test.run();
