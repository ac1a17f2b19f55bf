// An integration instance picks pods by labels and a container port. Where the pods it picks are rendered here
// (the stack's own, or workloads added through overrides), their port names are known: an instance whose port
// no selected container declares would scrape nothing, with no error anywhere, so the export warns.
// Pods the cluster runs outside this output cannot be seen, and are not judged.
import type { Config } from '../config/config.gen.ts';
import { fieldPath } from '../config/field-path.ts';
import { partOfLabel } from '../config/names.ts';
import type { KubeObject } from '../core/flatten.ts';
import { integrations, integrationNames } from './index.ts';
import { resolveInstance } from './types.ts';

interface Template {
  label: string;
  namespace: string;
  labels: Readonly<Record<string, string>>;
  ports: string[];
}

function templates(objects: readonly KubeObject[], defaultNamespace: string): Template[] {
  return objects.flatMap((o) => {
    const pod = (o as { spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: { containers?: { ports?: { name?: string }[] }[] } } } }).spec?.template;
    if (pod?.spec?.containers === undefined) return [];
    const ports = pod.spec.containers.flatMap((c) => (c.ports ?? []).flatMap((p) => (p.name === undefined ? [] : [p.name])));
    return [{ label: `${o.kind}/${o.metadata.name}`, namespace: o.metadata.namespace ?? defaultNamespace, labels: pod.metadata?.labels ?? {}, ports }];
  });
}

export function integrationPortWarnings(config: Config, objects: readonly KubeObject[]): string[] {
  const pods = templates(objects, config.namespace);
  const out: string[] = [];
  for (const name of integrationNames) {
    const settings = config.integrations[name];
    if (!settings.enabled) continue;
    settings.instances.forEach((instance, i) => {
      if (instance.exporter !== undefined) return;
      const spec = resolveInstance(integrations[name], instance);
      if (!('name' in spec.port)) return;
      const portName = spec.port.name;
      // The alloy integration leaves the stack's own Alloy pods to the self-scrape.
      const selected = pods.filter((t) => (spec.namespaces.length === 0 || spec.namespaces.includes(t.namespace))
        && Object.entries(spec.podLabels).every(([k, v]) => t.labels[k] === v)
        && !(name === 'alloy' && t.labels[partOfLabel] === config.instance));
      if (selected.length === 0 || selected.some((t) => t.ports.includes(portName))) return;
      const declared = selected.map((t) => `${t.label}: ${t.ports.length === 0 ? 'no named ports' : t.ports.join(', ')}`).join('; ');
      out.push(`${fieldPath(['integrations', name, 'instances', i, 'portName'])}: the ${name} integration's instance "${instance.name}" scrapes port "${portName}", which no container of the pods it selects declares (${declared}); it would scrape nothing`);
    });
  }
  return out;
}
