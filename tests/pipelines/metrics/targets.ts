// Kubernetes discovery targets as Prometheus' pod and endpointslice roles build them from an object,
// and the rendered relabel rules applied to them with Alloy's semantics (replace, keep, drop from
// the logs runner; keepequal, labelmap here), then the target a scrape would see.
import type { Block, Expr } from '../../../lib/alloy/ast.ts';
import { ruleArgsOf } from '../../../lib/alloy/relabel.ts';
import { RE2JS } from 're2js';
import { applyRules, rulesOf } from '../logs/relabel-run.ts';

export type Target = Record<string, string>;

const sanitize = (name: string) => name.replace(/[^a-zA-Z0-9_]/g, '_');
const text = (e: Expr | undefined) => (e?.kind === 'string' ? e.value : undefined);

function meta(kind: 'pod' | 'service', labels: Record<string, string>, annotations: Record<string, string>): Target {
  const out: Target = {};
  for (const [k, v] of Object.entries(labels)) {
    out[`__meta_kubernetes_${kind}_label_${sanitize(k)}`] = v;
    out[`__meta_kubernetes_${kind}_labelpresent_${sanitize(k)}`] = 'true';
  }
  for (const [k, v] of Object.entries(annotations)) {
    out[`__meta_kubernetes_${kind}_annotation_${sanitize(k)}`] = v;
    out[`__meta_kubernetes_${kind}_annotationpresent_${sanitize(k)}`] = 'true';
  }
  return out;
}

export interface PodFixture {
  name?: string;
  namespace?: string;
  ip?: string;
  phase?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers?: { name: string; ports?: { name?: string; port: number }[] }[];
}

/** One target per declared container port (or per container without ports), as the pod role does. */
export function podTargets(pod: PodFixture): Target[] {
  const ip = pod.ip ?? '10.0.0.7';
  const base: Target = {
    __meta_kubernetes_namespace: pod.namespace ?? 'shop',
    __meta_kubernetes_pod_name: pod.name ?? 'web-0',
    __meta_kubernetes_pod_ip: ip,
    __meta_kubernetes_pod_phase: pod.phase ?? 'Running',
    __meta_kubernetes_pod_ready: 'true',
    ...meta('pod', pod.labels ?? {}, pod.annotations ?? {}),
  };
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return (pod.containers ?? [{ name: 'web', ports: [{ name: 'http', port: 8080 }] }]).flatMap((c) => {
    const container = { ...base, __meta_kubernetes_pod_container_name: c.name, __meta_kubernetes_pod_container_init: 'false' };
    if ((c.ports ?? []).length === 0) return [{ ...container, __address__: ip }];
    return c.ports!.map((p) => ({
      ...container,
      __address__: `${host}:${p.port}`,
      __meta_kubernetes_pod_container_port_name: p.name ?? '',
      __meta_kubernetes_pod_container_port_number: String(p.port),
      __meta_kubernetes_pod_container_port_protocol: 'TCP',
    }));
  });
}

export interface ServiceFixture {
  name?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ports?: { name?: string; port: number }[];
  /** The pods behind the Service (one endpoint each, ready unless said). */
  pods?: (PodFixture & { ready?: boolean })[];
}

/**
 * One target per endpoint and port of the Service's EndpointSlice, with the pod's metadata. The
 * slice's port is the container's port here, so the role adds the container port labels too.
 */
export function endpointSliceTargets(service: ServiceFixture): Target[] {
  const ports = service.ports ?? [{ name: 'http', port: 8080 }];
  return (service.pods ?? [{}]).flatMap((pod) => ports.map((p) => ({
    ...podTargets({ ...pod, containers: [{ name: pod.containers?.[0]?.name ?? 'web', ports: [p] }] })[0]!,
    __meta_kubernetes_service_name: service.name ?? 'web',
    ...meta('service', service.labels ?? {}, service.annotations ?? {}),
    __meta_kubernetes_endpointslice_name: `${service.name ?? 'web'}-abcde`,
    __meta_kubernetes_endpointslice_port: String(p.port),
    __meta_kubernetes_endpointslice_port_name: p.name ?? '',
    __meta_kubernetes_endpointslice_port_protocol: 'TCP',
    __meta_kubernetes_endpointslice_endpoint_conditions_ready: String(pod.ready ?? true),
  })));
}

/** The target after the rules (undefined when dropped), with Alloy's keepequal and labelmap too. */
export function relabel(rules: readonly Block[], input: Target): Target | undefined {
  let target: Target | undefined = { ...input };
  for (const block of rules) {
    const a = ruleArgsOf(block).args as Record<string, Expr | undefined>;
    const action = text(a.action) ?? 'replace';
    if (action === 'keepequal') {
      const sources = a.source_labels?.kind === 'array' ? a.source_labels.elements.map((e) => text(e)!) : [];
      const value = sources.map((name) => target![name] ?? '').join(';');
      if (value !== (target[text(a.target_label)!] ?? '')) return undefined;
    } else if (action === 'labelmap') {
      const re = RE2JS.compile(`^(?s:${text(a.regex) ?? '(.*)'})$`);
      for (const [name, value] of Object.entries(target)) {
        const m = re.matcher(name);
        if (m.matches()) target[(text(a.replacement) ?? '$1').replace(/\$(\d+)/g, (_, n) => m.group(Number(n)) ?? '')] = value;
      }
    } else {
      target = applyRules([block], target);
      if (target === undefined) return undefined;
    }
  }
  return target;
}

/** What a scrape does with a relabelled target: `__`-labels but the scrape settings are gone. */
export function scraped(target: Target | undefined): Target | undefined {
  if (target === undefined) return undefined;
  const keep = (name: string) => !name.startsWith('__') || ['__address__', '__metrics_path__', '__scheme__', '__scrape_interval__', '__scrape_timeout__'].includes(name) || name.startsWith('__param_');
  return Object.fromEntries(Object.entries(target).filter(([name]) => keep(name)));
}

export { rulesOf };
