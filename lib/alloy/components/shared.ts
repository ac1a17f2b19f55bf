// Sub-blocks several components share: tls_config, basic_auth, authorization, oauth2, the proxy
// arguments, clustering.
import type { Block } from '../ast.ts';
import { block } from '../ast.ts';
import type { Item, Report } from '../component.ts';
import { body, opt, within } from '../component.ts';
import { atMostOne, nonEmpty, oneOf } from './checks.ts';
import type { ClusterComponentBlock, ConfigAuthorization, ConfigBasicAuth, ConfigHTTPClientConfig, ConfigOAuth2Config, ConfigTLSConfig } from './arguments.gen.ts';
import type { Secret, Str } from './values.ts';

// The argument types are the generated ones (arguments.gen.ts), narrowed to what the stack sets: a name
// Alloy does not have fails tsc here, not Alloy at load time.
export interface TlsConfigArgs extends Pick<ConfigTLSConfig,
  'ca_file' | 'ca_pem' | 'cert_file' | 'cert_pem' | 'key_file' | 'key_pem' | 'server_name' | 'insecure_skip_verify'> {
  min_version?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13' | Str;
}

export type BasicAuthArgs = Pick<ConfigBasicAuth, 'username' | 'password' | 'password_file'>;

export interface AuthorizationArgs extends Pick<ConfigAuthorization, 'credentials' | 'credentials_file'> {
  /** Defaults to "Bearer". */
  type?: Str;
}

/** OAuth2 client credentials: Alloy fetches (and refreshes) a token from token_url. */
export type OAuth2Args = Pick<ConfigOAuth2Config, 'client_id' | 'client_secret' | 'client_secret_file' | 'scopes' | 'token_url' | 'endpoint_params'>;

/** The proxy arguments of an HTTP client (squashed into the block that holds them). */
export interface ProxyArgs extends Pick<ConfigOAuth2Config, 'proxy_url' | 'no_proxy' | 'proxy_from_environment'> {
  /** Header name to its values, sent on CONNECT to the proxy. */
  proxy_connect_header?: { readonly [name: string]: readonly Secret[] };
}

export type ClusteringArgs = Pick<ClusterComponentBlock, 'enabled'>;

/** The auth arguments of an HTTP client; Alloy refuses more than one. */
export interface HttpAuthArgs extends Pick<ConfigHTTPClientConfig, 'bearer_token_file'> {
  basic_auth?: BasicAuthArgs;
  authorization?: AuthorizationArgs;
  oauth2?: OAuth2Args;
}

/** A sub-block, or nothing when its arguments are unset. */
export function sub(name: string, args: object | undefined, ...items: Item[]): Block | undefined {
  return args === undefined ? undefined : block(name, undefined, body(...items));
}

export function tlsConfig(args: TlsConfigArgs | undefined, report: Report): Block | undefined {
  if (args === undefined) return undefined;
  const r = within(report, 'tls_config');
  atMostOne(r, 'CA source', { ca_file: args.ca_file, ca_pem: args.ca_pem });
  atMostOne(r, 'certificate source', { cert_file: args.cert_file, cert_pem: args.cert_pem });
  atMostOne(r, 'key source', { key_file: args.key_file, key_pem: args.key_pem });
  oneOf(r, 'min_version', args.min_version, ['TLS10', 'TLS11', 'TLS12', 'TLS13']);
  return sub('tls_config', args,
    opt('ca_file', args.ca_file), opt('ca_pem', args.ca_pem),
    opt('cert_file', args.cert_file), opt('cert_pem', args.cert_pem),
    opt('key_file', args.key_file), opt('key_pem', args.key_pem),
    opt('server_name', args.server_name), opt('insecure_skip_verify', args.insecure_skip_verify),
    opt('min_version', args.min_version));
}

/** Checks one-auth-method, then returns the auth sub-blocks in a fixed order. */
export function httpAuth(args: HttpAuthArgs, report: Report): Item[] {
  atMostOne(report, 'auth method', {
    bearer_token_file: args.bearer_token_file, basic_auth: args.basic_auth, authorization: args.authorization, oauth2: args.oauth2,
  });
  const basic = args.basic_auth;
  if (basic) atMostOne(within(report, 'basic_auth'), 'password source', { password: basic.password, password_file: basic.password_file });
  const authz = args.authorization;
  if (authz) {
    atMostOne(within(report, 'authorization'), 'credentials source', { credentials: authz.credentials, credentials_file: authz.credentials_file });
  }
  const o = args.oauth2;
  if (o) {
    const ro = within(report, 'oauth2');
    atMostOne(ro, 'client secret source', { client_secret: o.client_secret, client_secret_file: o.client_secret_file });
    nonEmpty(ro, 'token_url', o.token_url);
  }
  return [
    sub('basic_auth', basic, opt('username', basic?.username), opt('password', basic?.password), opt('password_file', basic?.password_file)),
    sub('authorization', authz, opt('type', authz?.type), opt('credentials', authz?.credentials), opt('credentials_file', authz?.credentials_file)),
    sub('oauth2', o,
      opt('client_id', o?.client_id), opt('client_secret', o?.client_secret), opt('client_secret_file', o?.client_secret_file),
      opt('scopes', o?.scopes), opt('token_url', o?.token_url), opt('endpoint_params', o?.endpoint_params)),
  ];
}

/** The proxy attributes, with the combinations Alloy refuses (common/config ProxyConfig.Validate) reported. */
export function proxy(args: ProxyArgs, report: Report): Item[] {
  const hasUrl = args.proxy_url !== undefined;
  const fromEnv = args.proxy_from_environment === true;
  if (args.proxy_connect_header !== undefined && !hasUrl && !fromEnv) report('proxy_connect_header needs proxy_url or proxy_from_environment');
  if (fromEnv && hasUrl) report('proxy_from_environment and proxy_url cannot both be set');
  if (fromEnv && args.no_proxy !== undefined) report('proxy_from_environment and no_proxy cannot both be set');
  if (args.no_proxy !== undefined && !hasUrl) report('no_proxy needs proxy_url');
  return [
    opt('proxy_url', args.proxy_url),
    opt('no_proxy', args.no_proxy),
    opt('proxy_from_environment', args.proxy_from_environment),
    opt('proxy_connect_header', args.proxy_connect_header),
  ];
}

export function clustering(args: ClusteringArgs | undefined): Block | undefined {
  return sub('clustering', args, opt('enabled', args?.enabled));
}
