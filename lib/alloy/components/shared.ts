// Sub-blocks several components share: tls_config, basic_auth, authorization, clustering.
import type { Block } from '../ast.ts';
import { block } from '../ast.ts';
import type { Item, Report } from '../component.ts';
import { body, opt, within } from '../component.ts';
import { atMostOne, oneOf } from './checks.ts';
import type { Bool, Secret, Str } from './values.ts';

export interface TlsConfigArgs {
  ca_file?: Str;
  ca_pem?: Str;
  cert_file?: Str;
  cert_pem?: Str;
  key_file?: Str;
  key_pem?: Secret;
  server_name?: Str;
  insecure_skip_verify?: Bool;
  min_version?: 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13' | Str;
}

export interface BasicAuthArgs {
  username?: Str;
  password?: Secret;
  password_file?: Str;
}

export interface AuthorizationArgs {
  /** Defaults to "Bearer". */
  type?: Str;
  credentials?: Secret;
  credentials_file?: Str;
}

export interface ClusteringArgs {
  enabled: Bool;
}

/** The auth arguments of an HTTP client; Alloy refuses more than one. */
export interface HttpAuthArgs {
  bearer_token_file?: Str;
  basic_auth?: BasicAuthArgs;
  authorization?: AuthorizationArgs;
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
    bearer_token_file: args.bearer_token_file, basic_auth: args.basic_auth, authorization: args.authorization,
  });
  const basic = args.basic_auth;
  if (basic) atMostOne(within(report, 'basic_auth'), 'password source', { password: basic.password, password_file: basic.password_file });
  const authz = args.authorization;
  if (authz) {
    atMostOne(within(report, 'authorization'), 'credentials source', { credentials: authz.credentials, credentials_file: authz.credentials_file });
  }
  return [
    sub('basic_auth', basic, opt('username', basic?.username), opt('password', basic?.password), opt('password_file', basic?.password_file)),
    sub('authorization', authz, opt('type', authz?.type), opt('credentials', authz?.credentials), opt('credentials_file', authz?.credentials_file)),
  ];
}

export function clustering(args: ClusteringArgs | undefined): Block | undefined {
  return sub('clustering', args, opt('enabled', args?.enabled));
}
