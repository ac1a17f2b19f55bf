// local.file and remote.kubernetes.secret: components that read credentials for other components.
import type { IndexExpr, Ref } from '../ast.ts';
import { str } from '../ast.ts';
import type { Component } from '../component.ts';
import { body, draft, opt } from '../component.ts';
import { literalString } from './values.ts';
import type { ComponentArguments, LocalFileArguments } from './arguments.gen.ts';

export interface LocalFileArgs<S extends boolean> extends Pick<LocalFileArguments, 'filename'> {
  /** Makes `content` a secret, which Alloy hides in its UI and refuses in plain string arguments. */
  is_secret?: S;
}

function localFile<S extends boolean = false>(label: string, args: LocalFileArgs<S>): Component<{ content: Ref<S extends true ? 'Secret' : 'String'> }> {
  const d = draft('local.file', label);
  if (literalString(args.filename) === '') d.report('filename must not be empty');
  return d.finish(body(opt('filename', args.filename), opt('is_secret', args.is_secret)), { content: d.ref('content') });
}

export type RemoteKubernetesSecretArgs = Pick<ComponentArguments['remote.kubernetes.secret'], 'name' | 'namespace'>;

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** `data(key)` is `remote.kubernetes.secret.<label>.data["key"]`, a secret. */
function kubernetesSecret(label: string, args: RemoteKubernetesSecretArgs): Component<{ data: (key: string) => IndexExpr }> {
  const d = draft('remote.kubernetes.secret', label);
  const name = literalString(args.name);
  if (name !== undefined && !dnsSubdomain.test(name)) d.report(`name ${JSON.stringify(name)} is not a Kubernetes object name`);
  const namespace = literalString(args.namespace);
  if (namespace !== undefined && !dnsLabel.test(namespace)) d.report(`namespace ${JSON.stringify(namespace)} is not a Kubernetes namespace name`);
  const data = d.ref<'Secret'>('data');
  return d.finish(body(opt('name', args.name), opt('namespace', args.namespace)), {
    data: (key: string): IndexExpr => ({ kind: 'index', target: data, index: str(key) }),
  });
}

export const credentials = { localFile, kubernetesSecret } as const;
