// clusterMetrics.kepler, .opencost and .windows-exporter: the chart's optional exporters, each a subchart
// it deploys -> the kepler, opencost and windowsExporter workloads here, with their sizing, placement,
// name and allow-list tuning. Settings of the subcharts beyond those stay unsupported (the final pass).
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';
import { images } from '../../workloads/images.ts';
import { resourcesOf, tuning } from './cluster-metrics.ts';
import { dnsSubdomain, registryPattern } from './cluster.ts';
import { daemonSetTolerations, fullnameOverride, nodeSelector, tolerations } from './scheduling.ts';

const repository = /^[a-z0-9]([a-z0-9.:-]*[a-z0-9])?(\/[a-z0-9._-]+)+$/;

interface Exporter {
  key: 'kepler' | 'opencost' | 'windows-exporter';
  field: 'kepler' | 'opencost' | 'windowsExporter';
  /** Where the subchart keeps its container's image and resources. */
  container: ValuePath;
  daemonSet: boolean;
}

const exporters: Exporter[] = [
  { key: 'kepler', field: 'kepler', container: [], daemonSet: true },
  // The OpenCost chart nests its exporter container under opencost.exporter.
  { key: 'opencost', field: 'opencost', container: ['opencost', 'exporter'], daemonSet: false },
  { key: 'windows-exporter', field: 'windowsExporter', container: [], daemonSet: true },
];

export function optionalExporters(context: ImportContext): void {
  for (const exporter of exporters) optionalExporter(context, exporter);
}

function optionalExporter(context: ImportContext, exporter: Exporter): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['clusterMetrics', exporter.key];
  if (!read.has(at)) return;
  if (read.bool([...at, 'enabled']) !== true) {
    records.ignored(at, 'off in the chart, and not rendered here either');
    return;
  }
  const { field } = exporter;
  draft.set([field, 'enabled'], true);
  draft.from([field], `clusterMetrics.${exporter.key}.enabled`);
  records.mapped([...at, 'enabled'], `${field}.enabled`);
  fullnameOverride(context, [...at, 'fullnameOverride'], field);
  const container = [...at, ...exporter.container];
  if (read.has([...container, 'resources'])) {
    const out = resourcesOf(context, [...container, 'resources']);
    if (out !== undefined) {
      draft.set([field, 'resources'], out);
      draft.from([field], `clusterMetrics.${exporter.key}.${[...exporter.container, 'resources'].join('.')}`);
    }
  }
  image(context, exporter, [...container, 'image']);
  pullSecrets(context, [...at, 'imagePullSecrets']);
  if (exporter.daemonSet) daemonSetTolerations(context, [...at, 'tolerations'], exporter.key);
  else {
    tolerations(context, [...at, 'tolerations'], field);
    nodeSelector(context, [...at, 'nodeSelector'], field);
  }
  tuning(context, { key: exporter.key, settings: field, component: exporter.key }, at);
  if (exporter.key === 'opencost') opencost(context, at);
}

/**
 * The subchart's image (registry / repository / tag) -> <field>.image, the pinned tag kept: the
 * configuration written here is that version's. A registry equal to images.registry is already applied.
 */
function image(context: ImportContext, exporter: Exporter, at: ValuePath): void {
  const { read, records, draft } = context;
  if (!read.has(at)) return;
  const pinned = images[exporter.field];
  const [pinnedRepository, pinnedTag] = [pinned.slice(0, pinned.lastIndexOf(':')), pinned.slice(pinned.lastIndexOf(':') + 1)];
  const registry = read.string([...at, 'registry']);
  const repo = read.string([...at, 'repository']);
  const tag = read.string([...at, 'tag']);
  for (const key of Object.keys(read.map(at) ?? {})) {
    if (!['registry', 'repository', 'tag'].includes(key)) records.unsupported([...at, key], 'no field here for this image setting', [exporter.field]);
  }
  if (tag !== undefined && tag !== pinnedTag) {
    records.unsupported([...at, 'tag'], `${exporter.key} ${tag}: the configuration written here is ${pinnedTag}'s (lib/workloads/images.ts); a digest or mirror of that version goes in ${exporter.field}.image`, [exporter.field]);
    return;
  }
  if (tag !== undefined) records.mapped([...at, 'tag'], `${exporter.field}.image (the pinned tag)`);
  if (registry !== undefined && !registryPattern.test(registry)) {
    records.unsupported([...at, 'registry'], `"${registry}" is not a registry host like "registry.example.com"`, [exporter.field]);
    return;
  }
  if (repo !== undefined && !repository.test(repo) && !/^[a-z0-9._-]+(\/[a-z0-9._-]+)*$/.test(repo)) {
    records.unsupported([...at, 'repository'], `"${repo}" is not an image repository`, [exporter.field]);
    return;
  }
  if (repo === undefined && registry !== undefined && registry === draft.get(['images', 'registry'])) {
    records.mapped([...at, 'registry'], 'images.registry (the same mirror)');
    return;
  }
  // A repository without a registry in front (no dot or port in its first part) is on the subchart's registry.
  const pinnedPath = pinnedRepository.slice(pinnedRepository.indexOf('/') + 1);
  const path = repo ?? pinnedPath;
  const hasHost = /^[^/]*[.:][^/]*\//.test(path);
  const reference = `${registry !== undefined ? `${registry}/` : hasHost ? '' : `${pinnedRepository.slice(0, pinnedRepository.indexOf('/'))}/`}${path}:${pinnedTag}`;
  draft.set([exporter.field, 'image'], reference);
  draft.from([exporter.field], at.join('.'));
  draft.note([exporter.field], `image: the chart's repository with the pinned tag ${pinnedTag}`);
  for (const key of ['registry', 'repository']) if (read.has([...at, key])) records.mapped([...at, key], `${exporter.field}.image`);
}

/** A subchart's imagePullSecrets join images.pullSecrets: every pod here gets the same list. */
function pullSecrets(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const list = read.list(at);
  if (list === undefined) return;
  const current = draft.get(['images', 'pullSecrets']);
  const names: string[] = Array.isArray(current) ? current.filter((n): n is string => typeof n === 'string') : [];
  for (const [i, entry] of list.entries()) {
    const name = typeof entry === 'string' ? entry : read.string([...at, i, 'name']);
    if (name === undefined || !dnsSubdomain.test(name)) {
      records.unsupported([...at, i], 'not a Secret name (a string or { name: ... })', ['images']);
      return;
    }
    if (!names.includes(name)) names.push(name);
  }
  if (names.length > 0) draft.set(['images', 'pullSecrets'], names as DraftValue);
  draft.from(['images'], at.join('.'));
  records.mapped(at, 'images.pullSecrets (every pod: a Secret a pod does not need costs nothing)');
}

/**
 * OpenCost's Prometheus: the chart points it at a destination (metricsSource) or an external URL; here
 * opencost.prometheusUrl, by default the local Prometheus, which keeps every series OpenCost reads.
 */
function opencost(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  const cluster = read.string(['cluster', 'name']);
  const id = read.string([...at, 'opencost', 'exporter', 'defaultClusterId']);
  if (id !== undefined) {
    if (id === cluster) records.mapped([...at, 'opencost', 'exporter', 'defaultClusterId'], 'clusterName (OpenCost\'s CLUSTER_ID is the cluster name here)');
    else records.unsupported([...at, 'opencost', 'exporter', 'defaultClusterId'], `"${id}" is not cluster.name: OpenCost's cluster id is the cluster name here`, ['opencost']);
  }
  const external = read.string([...at, 'opencost', 'prometheus', 'external', 'url']);
  if (external !== undefined) {
    // OpenCost takes Prometheus' base URL; the chart's examples write its query path after it.
    const base = external.replace(/\/api\/v1\/query\/?$/, '').replace(/\/$/, '');
    if (!/^https?:\/\/[^\s/@"\\]+(\/[^\s"\\]*)?$/.test(base)) {
      records.unsupported([...at, 'opencost', 'prometheus', 'external', 'url'], `"${external}" is not an http(s) URL of a Prometheus`, ['opencost']);
    } else {
      draft.set(['opencost', 'prometheusUrl'], base);
      draft.from(['opencost'], 'clusterMetrics.opencost.opencost.prometheus.external.url');
      draft.note(['opencost'], 'the chart queries this Prometheus; left out, OpenCost here queries the local one, which keeps every series');
      records.mapped([...at, 'opencost', 'prometheus', 'external', 'url'], 'opencost.prometheusUrl');
    }
  }
  if (read.has([...at, 'metricsSource'])) {
    records.ignored([...at, 'metricsSource'], external !== undefined ? 'names the destination whose URL is opencost.prometheus.external.url, mapped to opencost.prometheusUrl' : 'OpenCost queries the local Prometheus here, which keeps every series the destinations get');
  }
}
