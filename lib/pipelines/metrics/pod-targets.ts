// Relabel rules that pick containers from the shared pod discovery, and that name their targets.
// Pod discovery yields one target per declared container port, so matching the port picks one
// target per pod.
import type { Block } from '../../alloy/ast.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import { rule } from '../../alloy/relabel.ts';

/** Go's regexp.QuoteMeta: the regex that matches exactly `text`. */
export function re2Literal(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `app.kubernetes.io/name` -> `app_kubernetes_io_name`, as Kubernetes discovery names meta labels. */
export function metaLabelName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}

export interface PodSelector {
  /** Every label must match. */
  labels: Readonly<Record<string, string>>;
  /** Empty or absent: every namespace. */
  namespaces?: readonly string[];
  port: { name: string } | { number: number };
}

export function podLabelRule(name: string, value: string): RuleArgs {
  const label = metaLabelName(name);
  // An absent label reads as "", so an empty wanted value also needs the label to be present.
  if (value === '') {
    return {
      source_labels: [`__meta_kubernetes_pod_labelpresent_${label}`, `__meta_kubernetes_pod_label_${label}`],
      regex: 'true;',
      action: 'keep',
    };
  }
  return { source_labels: [`__meta_kubernetes_pod_label_${label}`], regex: re2Literal(value), action: 'keep' };
}

/** Keep rules: namespace, labels, port, then only running app containers (not init containers). */
export function selectPodContainers(selector: PodSelector): RuleArgs[] {
  const rules: RuleArgs[] = [];
  const namespaces = selector.namespaces ?? [];
  if (namespaces.length > 0) {
    rules.push({ source_labels: ['__meta_kubernetes_namespace'], regex: namespaces.map(re2Literal).join('|'), action: 'keep' });
  }
  for (const [name, value] of Object.entries(selector.labels)) rules.push(podLabelRule(name, value));
  rules.push('name' in selector.port
    ? { source_labels: ['__meta_kubernetes_pod_container_port_name'], regex: re2Literal(selector.port.name), action: 'keep' }
    : { source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(selector.port.number), action: 'keep' });
  rules.push({ source_labels: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_container_init'], regex: 'Running;false', action: 'keep' });
  return rules;
}

/**
 * One drop rule for exactly the targets `selector` keeps (namespace, every label, the port), so a
 * pipeline that finds the same pods another way can leave them to the pipeline that selects them.
 * The conditions are joined with `;` into one value and matched in one anchored regex: an AND.
 */
export function dropSelected(selector: PodSelector): RuleArgs {
  const sources: string[] = [];
  const parts: string[] = [];
  const namespaces = selector.namespaces ?? [];
  if (namespaces.length > 0) {
    sources.push('__meta_kubernetes_namespace');
    parts.push(namespaces.length === 1 ? re2Literal(namespaces[0]!) : `(?:${namespaces.map(re2Literal).join('|')})`);
  }
  for (const [name, value] of Object.entries(selector.labels)) {
    const label = metaLabelName(name);
    sources.push(`__meta_kubernetes_pod_labelpresent_${label}`, `__meta_kubernetes_pod_label_${label}`);
    parts.push('true', re2Literal(value));
  }
  if ('name' in selector.port) {
    sources.push('__meta_kubernetes_pod_container_port_name');
    parts.push(re2Literal(selector.port.name));
  } else {
    sources.push('__meta_kubernetes_pod_container_port_number');
    parts.push(String(selector.port.number));
  }
  return { source_labels: sources, regex: parts.join(';'), action: 'drop' };
}

/** `namespace`, `pod` and `container` on every series of the target; rule() blocks, checked once. */
export const podIdentityLabels: readonly Block[] = Object.freeze([
  rule({ source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' }),
  rule({ source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' }),
  rule({ source_labels: ['__meta_kubernetes_pod_container_name'], target_label: 'container' }),
]);
