// A workload's pod template: volumes and what they reference, the ServiceAccount, and each
// container's name, ports, volume mounts and env references.
import type { Container } from '../types.gen.ts';
import { fieldPath } from '../schema-validate.ts';
import type { Context } from './context.ts';
import type { PodTemplate, Rendered } from './inventory.ts';
import { checkLabels } from './labels.ts';
import { nameRules } from './names.ts';
import { each, type Path } from './read.ts';

export function checkPod(ctx: Context, pod: PodTemplate) {
  const r = pod.owner;
  const at = [...pod.at, 'spec'];
  const ns = r.namespace;
  const spec = pod.spec;
  checkLabels(ctx, r, [...pod.at, 'metadata', 'labels'], pod.rawLabels, true);
  const volumes = checkVolumes(ctx, pod, at);
  ctx.requireObject(r, [...at, spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount'], 'ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount, ns);
  for (const [s, i] of each(spec.imagePullSecrets)) ctx.requireObject(r, [...at, 'imagePullSecrets', i, 'name'], 'Secret', s.name, ns);
  checkContainers(ctx, pod, at, volumes);
}

/** Reports duplicate volumes and missing referenced objects; returns the mountable volume names. */
function checkVolumes(ctx: Context, pod: PodTemplate, at: Path): Set<string> {
  const r = pod.owner;
  const ns = r.namespace;
  const volumes = new Set<string>(pod.claimTemplates);
  for (const [v, i] of each(pod.spec.volumes)) {
    const path = [...at, 'volumes', i];
    if (typeof v.name === 'string' && volumes.has(v.name) && !pod.claimTemplates.has(v.name)) ctx.report(r, [...path, 'name'], `duplicate volume name ${JSON.stringify(v.name)}`);
    if (typeof v.name === 'string') volumes.add(v.name);
    if (v.configMap && !v.configMap.optional) ctx.requireObject(r, [...path, 'configMap', 'name'], 'ConfigMap', v.configMap.name, ns);
    if (v.secret && !v.secret.optional) ctx.requireObject(r, [...path, 'secret', 'secretName'], 'Secret', v.secret.secretName, ns);
    if (v.persistentVolumeClaim) ctx.requireObject(r, [...path, 'persistentVolumeClaim', 'claimName'], 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName, ns);
    for (const [s, j] of each(v.projected?.sources)) {
      const p = [...path, 'projected', 'sources', j];
      if (s.configMap && !s.configMap.optional) ctx.requireObject(r, [...p, 'configMap', 'name'], 'ConfigMap', s.configMap.name, ns);
      if (s.secret && !s.secret.optional) ctx.requireObject(r, [...p, 'secret', 'name'], 'Secret', s.secret.name, ns);
    }
  }
  return volumes;
}

/** Container names and ports are unique across init and app containers (one network namespace). */
function checkContainers(ctx: Context, pod: PodTemplate, at: Path, volumes: ReadonlySet<string>) {
  const r = pod.owner;
  const containers: [Container, Path][] = [
    ...each(pod.spec.initContainers).map(([c, i]): [Container, Path] => [c, [...at, 'initContainers', i]]),
    ...each(pod.spec.containers).map(([c, i]): [Container, Path] => [c, [...at, 'containers', i]]),
  ];
  const names = new Map<string, Path>();
  const ports = new Map<string, Path>();
  const portNames = new Map<string, Path>();
  const where = (p: Path) => fieldPath(p.slice(at.length));
  for (const [c, path] of containers) {
    if (typeof c.name === 'string') {
      const bad = nameRules.dnsLabel(c.name);
      if (bad) ctx.report(r, [...path, 'name'], `invalid container name ${JSON.stringify(c.name)}: ${bad}`);
      const seen = names.get(c.name);
      if (seen) ctx.report(r, [...path, 'name'], `duplicate container name ${JSON.stringify(c.name)} (also ${where(seen)})`);
      else names.set(c.name, path);
    }
    for (const [port, i] of each(c.ports)) {
      const p = [...path, 'ports', i];
      const id = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      const seen = ports.get(id);
      if (seen) ctx.report(r, [...p, 'containerPort'], `duplicate port ${id} (also ${where(seen)})`);
      else ports.set(id, p);
      if (typeof port.name === 'string') {
        const bad = nameRules.portName(port.name);
        if (bad) ctx.report(r, [...p, 'name'], `invalid port name ${JSON.stringify(port.name)}: ${bad}`);
        const seenName = portNames.get(port.name);
        if (seenName) ctx.report(r, [...p, 'name'], `duplicate port name ${JSON.stringify(port.name)} (also ${where(seenName)})`);
        else portNames.set(port.name, p);
      }
    }
    for (const [m, i] of each(c.volumeMounts)) {
      if (typeof m.name === 'string' && !volumes.has(m.name)) {
        ctx.report(r, [...path, 'volumeMounts', i, 'name'], `no volume ${JSON.stringify(m.name)} in ${fieldPath([...at, 'volumes'])}${pod.claimTemplates.size || r.object.kind === 'StatefulSet' ? ' or spec.volumeClaimTemplates' : ''}`);
      }
    }
    checkEnvReferences(ctx, r, c, path);
  }
}

/** ConfigMaps and Secrets a container's env and envFrom read, unless optional. */
function checkEnvReferences(ctx: Context, r: Rendered, c: Container, path: Path) {
  const ns = r.namespace;
  for (const [e, i] of each(c.env)) {
    const from = e.valueFrom;
    const p = [...path, 'env', i, 'valueFrom'];
    if (from?.configMapKeyRef && !from.configMapKeyRef.optional) ctx.requireObject(r, [...p, 'configMapKeyRef', 'name'], 'ConfigMap', from.configMapKeyRef.name, ns);
    if (from?.secretKeyRef && !from.secretKeyRef.optional) ctx.requireObject(r, [...p, 'secretKeyRef', 'name'], 'Secret', from.secretKeyRef.name, ns);
  }
  for (const [e, i] of each(c.envFrom)) {
    const p = [...path, 'envFrom', i];
    if (e.configMapRef && !e.configMapRef.optional) ctx.requireObject(r, [...p, 'configMapRef', 'name'], 'ConfigMap', e.configMapRef.name, ns);
    if (e.secretRef && !e.secretRef.optional) ctx.requireObject(r, [...p, 'secretRef', 'name'], 'Secret', e.secretRef.name, ns);
  }
}
