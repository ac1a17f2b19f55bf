// discovery.kubernetes, discovery.relabel and local.file_match (which turns path globs into file targets).
import type { Block, Ref } from '../ast.ts';
import type { Component } from '../component.ts';
import { body, draft, opt, within } from '../component.ts';
import type { RuleArgs } from '../relabel.ts';
import { ruleBlocks } from '../relabel.ts';
import { duration, oneOf } from './checks.ts';
import { sub } from './shared.ts';
import type { Str } from './values.ts';
import type { DiscoveryRelabelArguments, KubernetesAttachMetadataConfig, KubernetesNamespaceDiscovery, KubernetesSelectorConfig, LocalFileMatchArguments } from './arguments.gen.ts';

export const kubernetesRoles = ['node', 'pod', 'service', 'endpoints', 'endpointslice', 'ingress'] as const;
export type KubernetesRole = (typeof kubernetesRoles)[number];

export interface DiscoveryKubernetesArgs {
  role: KubernetesRole | Str;
  namespaces?: Pick<KubernetesNamespaceDiscovery, 'names' | 'own_namespace'>;
  selectors?: readonly (Omit<KubernetesSelectorConfig, 'role'> & { role: KubernetesRole | Str })[];
  attach_metadata?: Pick<KubernetesAttachMetadataConfig, 'node' | 'namespace'>;
}

function kubernetes(label: string, args: DiscoveryKubernetesArgs): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('discovery.kubernetes', label);
  oneOf(d.report, 'role', args.role, kubernetesRoles);
  (args.selectors ?? []).forEach((s, i) => oneOf(within(d.report, `selectors ${i + 1}`), 'role', s.role, kubernetesRoles));
  const { namespaces, attach_metadata: meta } = args;
  return d.finish(body(
    opt('role', args.role),
    sub('namespaces', namespaces, opt('names', namespaces?.names), opt('own_namespace', namespaces?.own_namespace)),
    (args.selectors ?? []).map((s) => sub('selectors', s, opt('role', s.role), opt('label', s.label), opt('field', s.field))!),
    sub('attach_metadata', meta, opt('node', meta?.node), opt('namespace', meta?.namespace)),
  ), { targets: d.ref<'Targets'>('targets') });
}

export interface DiscoveryRelabelArgs extends Pick<DiscoveryRelabelArguments, 'targets'> {
  rule?: readonly (Block | RuleArgs)[];
}

function relabel(label: string, args: DiscoveryRelabelArgs): Component<{ output: Ref<'Targets'>; rules: Ref<'RelabelRules'> }> {
  const d = draft('discovery.relabel', label);
  return d.finish(body(
    opt('targets', args.targets),
    ruleBlocks(args.rule, 'rule', d.report),
  ), { output: d.ref<'Targets'>('output'), rules: d.ref<'RelabelRules'>('rules') });
}

export interface LocalFileMatchArgs extends Pick<LocalFileMatchArguments, 'sync_period' | 'ignore_older_than'> {
  /** Each target needs `__path__` (a doublestar glob); `__path_exclude__` is optional. */
  path_targets: LocalFileMatchArguments['path_targets'];
}

export function fileMatch(label: string, args: LocalFileMatchArgs): Component<{ targets: Ref<'Targets'> }> {
  const d = draft('local.file_match', label);
  duration(d.report, 'sync_period', args.sync_period);
  duration(d.report, 'ignore_older_than', args.ignore_older_than);
  return d.finish(body(
    opt('path_targets', args.path_targets),
    opt('sync_period', args.sync_period),
    opt('ignore_older_than', args.ignore_older_than),
  ), { targets: d.ref<'Targets'>('targets') });
}

export const discovery = { kubernetes, relabel } as const;
