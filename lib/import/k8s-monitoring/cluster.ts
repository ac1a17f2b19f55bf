// cluster.name and global: the cluster label and the scrape defaults every source inherits.
import type { ImportContext } from '../context.ts';

const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export function cluster(context: ImportContext): void {
  const { read, records, draft } = context;
  const name = read.string(['cluster', 'name']);
  if (name !== undefined) {
    draft.set(['clusterName'], name);
    draft.from(['clusterName'], 'cluster.name');
    records.mapped(['cluster', 'name'], 'clusterName');
  }
  for (const [key, field] of [['scrapeInterval', 'scrapeInterval'], ['scrapeTimeout', 'scrapeTimeout']] as const) {
    const value = read.string(['global', key]);
    if (value === undefined) continue;
    if (!duration.test(value)) {
      records.unsupported(['global', key], `"${value}" is not a duration like "60s"`, ['metrics']);
      continue;
    }
    draft.set(['metrics', field], value);
    draft.from(['metrics'], `global.${key}`);
    records.mapped(['global', key], `metrics.${field}`);
  }
}

export const registryPattern = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9._-]+)*$/;
export const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * global.image (the chart's Alloy images) and global.imageRegistry / imagePullSecrets (its
 * kube-state-metrics and node-exporter) -> images.registry and images.pullSecrets, which here apply to
 * every image. A registry for only one of the two groups would move the other's images too, so it
 * maps only when both name the same registry.
 */
export function globalImages(context: ImportContext): void {
  const { read, records, draft } = context;
  const alloy = read.string(['global', 'image', 'registry']);
  const others = read.string(['global', 'imageRegistry']);
  if (alloy !== undefined || others !== undefined) {
    const paths = [['global', 'image', 'registry'], ['global', 'imageRegistry']].filter((p) => read.has(p));
    if (alloy === undefined || others === undefined || alloy !== others) {
      for (const p of paths) {
        records.unsupported(p, 'a registry for only some of the chart\'s images (global.image.registry: Alloy; global.imageRegistry: kube-state-metrics, node-exporter); images.registry here moves every image: set both to the same mirror', ['images']);
      }
    } else if (!registryPattern.test(alloy)) {
      for (const p of paths) records.unsupported(p, `"${alloy}" is not a registry host like "registry.example.com"`, ['images']);
    } else {
      draft.set(['images', 'registry'], alloy);
      draft.from(['images'], 'global.image.registry', 'global.imageRegistry');
      for (const p of paths) records.mapped(p, 'images.registry');
    }
  }
  // Pull secrets on every pod: a Secret a pod does not need costs nothing, so the two lists are joined.
  const secrets: string[] = [];
  for (const at of [['global', 'image', 'pullSecrets'], ['global', 'imagePullSecrets']]) {
    const list = read.list(at);
    if (list === undefined) continue;
    let ok = true;
    for (const [i, entry] of list.entries()) {
      const name = typeof entry === 'string' ? entry : read.string([...at, i, 'name']);
      if (name === undefined || !dnsSubdomain.test(name)) {
        records.unsupported([...at, i], 'not a Secret name (a string or { name: ... })', ['images']);
        ok = false;
      } else if (!secrets.includes(name)) secrets.push(name);
    }
    if (ok) {
      records.mapped(at, 'images.pullSecrets');
      draft.from(['images'], at.join('.'));
    }
  }
  if (secrets.length > 0) draft.set(['images', 'pullSecrets'], secrets);

  const platform = read.string(['global', 'platform']);
  if (platform !== undefined) {
    if (platform === '') records.ignored(['global', 'platform'], 'empty: a generic cluster, the default here');
    else if (platform === 'openshift') {
      draft.set(['platform'], 'openshift');
      draft.from(['platform'], 'global.platform');
      records.mapped(['global', 'platform'], 'platform');
    } else records.unsupported(['global', 'platform'], `platform "${platform}" has no preset here (openshift, eks-fargate, gke-autopilot, aks)`);
  }
}
