// A Service's ports (named when several, unique) and, with a selector, the pods it selects and
// the container ports its targetPorts need.
import type { Context } from './context.ts';
import type { PodTemplate, Rendered } from './inventory.ts';
import { checkLabels } from './labels.ts';
import { nameRules } from './names.ts';
import { each, isObj, stringMap } from './read.ts';

/** Does the pod declare a container port the Service can target (by number or by name)? */
const podHasPort = (pod: PodTemplate, target: unknown, protocol: string) =>
  [...each(pod.spec.initContainers), ...each(pod.spec.containers)].some(([c]) =>
    each(c.ports).some(([p]) => (p.protocol ?? 'TCP') === protocol && (typeof target === 'number' ? p.containerPort === target : p.name === target)),
  );

export function checkService(ctx: Context, r: Rendered) {
  const spec = (r.object as { spec?: { selector?: unknown; ports?: { name?: string; port?: number; targetPort?: number | string; protocol?: string }[] } }).spec;
  if (!isObj(spec)) return;
  const ports = each(spec.ports);
  const seenNames = new Map<string, number>();
  const seenPorts = new Map<string, number>();
  for (const [p, i] of ports) {
    if (ports.length > 1 && typeof p.name !== 'string') ctx.report(r, ['spec', 'ports', i], 'missing required field name (required when a Service has more than one port)');
    if (typeof p.name === 'string') {
      const bad = nameRules.dnsLabel(p.name);
      if (bad) ctx.report(r, ['spec', 'ports', i, 'name'], `invalid port name ${JSON.stringify(p.name)}: ${bad}`);
      if (seenNames.has(p.name)) ctx.report(r, ['spec', 'ports', i, 'name'], `duplicate port name ${JSON.stringify(p.name)} (also ports[${seenNames.get(p.name)}])`);
      else seenNames.set(p.name, i);
    }
    const id = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (seenPorts.has(id)) ctx.report(r, ['spec', 'ports', i, 'port'], `duplicate port ${id} (also ports[${seenPorts.get(id)}])`);
    else seenPorts.set(id, i);
  }
  const selector = stringMap(spec.selector);
  checkLabels(ctx, r, ['spec', 'selector'], spec.selector, true);
  if (Object.keys(selector).length === 0) return; // no selector: endpoints are managed elsewhere
  const pods = ctx.requireSelected(r, ['spec', 'selector'], { matchLabels: selector });
  for (const [p, i] of ports) {
    const target = p.targetPort ?? p.port;
    for (const pod of pods) {
      if (podHasPort(pod, target, p.protocol ?? 'TCP')) continue;
      const what = typeof target === 'number' ? `port ${target}` : `port name ${JSON.stringify(target)}`;
      ctx.report(r, ['spec', 'ports', i, p.targetPort === undefined ? 'port' : 'targetPort'], `${what}/${p.protocol ?? 'TCP'} is not a container port of the selected ${pod.owner.label}`);
    }
  }
}
