// Credentials of a destination, by reference only: a Secret in the stack's namespace becomes an
// environment variable of the Alloy pod (secretKeyRef) read with sys.env; a Secret in another
// namespace is read with remote.kubernetes.secret, which needs RBAC `get` on exactly that Secret.
// Either way no credential value is ever in an environment file or in the output.
import type { Block, Expr } from '../alloy/ast.ts';
import { call } from '../alloy/ast.ts';
import { remote } from '../alloy/components/index.ts';
import type { OAuth2Args, TlsConfigArgs, BasicAuthArgs, AuthorizationArgs } from '../alloy/components/shared.ts';
import type { SigV4Args } from '../alloy/components/prometheus.ts';
import { sanitizeLabel } from '../alloy/ident.ts';
import type { Proxy, SecretAuth, TlsFromSecret } from '../config/config.gen.ts';
import type { SecretEnv, SecretRead } from './alloy-config.ts';

export interface SecretSource {
  secret: string;
  namespace?: string;
  key: string;
}

/** The auth arguments an HTTP destination can take, as the constructors spell them. */
export interface AuthArgs {
  basic_auth?: BasicAuthArgs;
  authorization?: AuthorizationArgs;
  oauth2?: OAuth2Args;
  sigv4?: SigV4Args;
}

/**
 * Collects what one workload's destinations read. `value()` returns the expression for one Secret
 * value; `sensitive: false` is for string arguments (username, URL, CA): remote.kubernetes.secret
 * exports secrets, which Alloy refuses there unless converted with convert.nonsensitive.
 */
export class CredentialReader {
  readonly secretEnv: SecretEnv[] = [];
  readonly secretReads: SecretRead[] = [];
  readonly blocks: Block[] = [];
  private readonly readers = new Map<string, ReturnType<typeof remote.kubernetes.secret>>();

  /** `labelPrefix` keeps readers of one Secret in several files (one per exporter instance) apart. */
  constructor(private readonly stackNamespace: string, private readonly labelPrefix = '') {}

  value(envName: string, source: SecretSource, sensitive: boolean): Expr {
    if (source.namespace === undefined || source.namespace === this.stackNamespace) {
      if (!this.secretEnv.some((e) => e.name === envName)) this.secretEnv.push({ name: envName, secret: source.secret, key: source.key });
      return call('sys.env', envName);
    }
    const id = `${source.namespace}/${source.secret}`;
    let reader = this.readers.get(id);
    if (reader === undefined) {
      reader = remote.kubernetes.secret(sanitizeLabel(`${this.labelPrefix}${source.namespace}__${source.secret}`), { namespace: source.namespace, name: source.secret });
      this.readers.set(id, reader);
      this.blocks.push(reader.block);
      this.secretReads.push({ namespace: source.namespace, name: source.secret });
    }
    const data = reader.exports.data(source.key);
    return sensitive ? data : call('convert.nonsensitive', data);
  }

  /** The auth sub-block of one destination; `prefix` names its environment variables (`CLOUD_METRICS`). */
  auth(prefix: string, auth: SecretAuth | undefined): AuthArgs {
    if (auth === undefined) return {};
    const from = (key: string): SecretSource => ({ secret: auth.secret!, namespace: auth.namespace, key });
    switch (auth.type) {
      case 'bearer':
        // authorization{} is bearer_token by another name, and it also works on loki.write.
        return { authorization: { type: 'Bearer', credentials: this.value(`${prefix}_TOKEN`, from(auth.tokenKey), true) } };
      case 'oauth2':
        return {
          oauth2: {
            client_id: auth.clientId,
            client_secret: this.value(`${prefix}_CLIENT_SECRET`, from(auth.clientSecretKey), true),
            token_url: auth.tokenUrl,
            scopes: auth.scopes,
            endpoint_params: auth.endpointParams,
          },
        };
      case 'sigv4': {
        const keys = auth.secret !== undefined && auth.accessKeyIdKey !== undefined && auth.secretAccessKeyKey !== undefined;
        return {
          sigv4: {
            region: auth.region,
            access_key: keys ? this.value(`${prefix}_AWS_ACCESS_KEY_ID`, from(auth.accessKeyIdKey!), false) : undefined,
            secret_key: keys ? this.value(`${prefix}_AWS_SECRET_ACCESS_KEY`, from(auth.secretAccessKeyKey!), true) : undefined,
            role_arn: auth.roleArn,
          },
        };
      }
      default:
        return {
          basic_auth: {
            username: this.value(`${prefix}_USERNAME`, from(auth.usernameKey), false),
            password: this.value(`${prefix}_PASSWORD`, from(auth.passwordKey), true),
          },
        };
    }
  }

  tls(prefix: string, tls: TlsFromSecret | undefined): TlsConfigArgs | undefined {
    if (tls === undefined) return undefined;
    const from = (key: string): SecretSource => ({ secret: tls.secret, namespace: tls.namespace, key });
    return {
      ca_pem: tls.caKey === undefined ? undefined : this.value(`${prefix}_TLS_CA`, from(tls.caKey), false),
      cert_pem: tls.certKey === undefined ? undefined : this.value(`${prefix}_TLS_CERT`, from(tls.certKey), false),
      key_pem: tls.keyKey === undefined ? undefined : this.value(`${prefix}_TLS_KEY`, from(tls.keyKey), true),
      server_name: tls.serverName,
      min_version: tls.minVersion,
    };
  }

  /** The URL: written, or read from a Secret. */
  url(prefix: string, destination: { url?: string; urlFrom?: SecretSource }): Expr | string {
    if (destination.urlFrom !== undefined) return this.value(`${prefix}_URL`, destination.urlFrom, false);
    if (destination.url === undefined) throw new Error(`${prefix}: a destination needs url or urlFrom (the config check should have said so)`);
    return destination.url;
  }
}

/** The proxy arguments of a destination (proxy_connect_header takes a list of values per header). */
export function proxyArgs(proxy: Proxy | undefined): { proxy_url?: string; no_proxy?: string; proxy_connect_header?: Record<string, string[]> } {
  if (proxy === undefined) return {};
  const headers = proxy.connectHeaders ?? {};
  return {
    proxy_url: proxy.url,
    no_proxy: proxy.noProxy === undefined || proxy.noProxy.length === 0 ? undefined : proxy.noProxy.join(','),
    proxy_connect_header: Object.keys(headers).length === 0 ? undefined : Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
  };
}

/** `LOKI_TEAM_A`, `METRICS_MIMIR_EU`: an environment-variable prefix from a destination name. */
export function envPrefix(signal: 'LOKI' | 'METRICS' | 'PYROSCOPE', name: string): string {
  return `${signal}_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
