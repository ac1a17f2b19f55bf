// What an exporter inside Alloy connects with: one Secret key holding the whole data source name
// (redis: the password), or a DSN composed in Alloy with string.format from the server written in the
// environment and the username and password read from two keys of the Secret. Values are read by
// reference only (pod environment, or remote.kubernetes.secret for another namespace's Secret).
import type { Expr } from '../../alloy/ast.ts';
import { call } from '../../alloy/ast.ts';
import type { IntegrationDataSource, IntegrationExporter } from '../../config/config.gen.ts';
import type { ExporterKind, Integration } from '../../integrations/index.ts';
import type { CredentialReader } from '../destination-credentials.ts';

/** The environment variable that carries one Secret value of an exporter instance into the Alloy pod. */
export function exporterEnvName(integration: Integration, instanceName: string, what: 'DSN' | 'PASSWORD' | 'USERNAME'): string {
  return `INTEGRATION_${integration.name}_${instanceName}_${what}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

const defaultPorts: Partial<Record<ExporterKind, number>> = { mysql: 3306, postgres: 5432 };

/** The expression of the exporter's credential: a DSN, or redis' password. */
export function exporterCredential(integration: Integration, instanceName: string, exporter: IntegrationExporter, reader: CredentialReader): Expr {
  const kind = integration.exporter;
  const from = (key: string) => ({ secret: exporter.secret, namespace: exporter.namespace, key });
  if (exporter.dataSource === undefined) {
    // The config check requires key when dataSource is left out.
    if (exporter.key === undefined) throw new Error(`integrations.${integration.name}: exporter needs key or dataSource`);
    return reader.value(exporterEnvName(integration, instanceName, kind === 'redis' ? 'PASSWORD' : 'DSN'), from(exporter.key), true);
  }
  const source = exporter.dataSource;
  // string.format takes strings: a value of remote.kubernetes.secret is converted (sys.env is one already).
  const username = reader.value(exporterEnvName(integration, instanceName, 'USERNAME'), from(source.usernameKey), false);
  const password = source.passwordKey === undefined ? undefined
    : reader.value(exporterEnvName(integration, instanceName, 'PASSWORD'), from(source.passwordKey), false);
  const port = source.port ?? defaultPorts[kind!] ?? 0;
  if (kind === 'mysql') return mysqlDsn(source, username, password, port);
  if (kind === 'postgres') return postgresDsn(source, username, password, port);
  throw new Error(`integrations.${integration.name}: dataSource is for mysql and postgresql (the config check should have said so)`);
}

/** go-sql-driver's `user:password@protocol(host:port)/`; an empty protocol is the driver's tcp. */
function mysqlDsn(source: IntegrationDataSource, username: Expr, password: Expr | undefined, port: number): Expr {
  const auth = password === undefined ? '%s' : '%s:%s';
  const credentials = password === undefined ? [username] : [username, password];
  return call('string.format', `${auth}@${source.protocol ?? ''}(%s:%d)/`, ...credentials, source.host, port);
}

/** A libpq URL; user and password are URL-encoded, since any character may be in them. */
function postgresDsn(source: IntegrationDataSource, username: Expr, password: Expr | undefined, port: number): Expr {
  const auth = password === undefined ? '%s' : '%s:%s';
  const credentials = (password === undefined ? [username] : [username, password]).map((value) => call('encoding.url_encode', value));
  const query = source.sslmode === undefined ? '' : `?sslmode=${source.sslmode}`;
  return call('string.format', `postgresql://${auth}@%s:%d/${source.database ?? ''}${query}`, ...credentials, source.host, port);
}
