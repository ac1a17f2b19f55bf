// Every image the stack runs, pinned to an exact tag in one place (kube-prometheus' versions.json
// idea), so an upgrade is one reviewed diff. Fully qualified (docker.io/...) because CRI-O and
// Podman refuse or prompt on short names. An environment may replace any of them (images.*, config.*.image).
import type { Config } from '../config/config.gen.ts';

export const images = {
  // Alloy 1.18: the pipelines use only generally-available components of this release.
  alloy: 'docker.io/grafana/alloy:v1.18.1',
  // Prometheus >= 3.8: remote-write receiver, out-of-order ingestion and native histograms are
  // stable. Retention is still passed as flags (deprecated, still supported), see prometheus.ts.
  prometheus: 'docker.io/prom/prometheus:v3.14.0',
  // kube-state-metrics follows client-go; a current 2.x release covers the Kubernetes minors we
  // validate against (1.28 to 1.36, vendor/kubernetes).
  kubeStateMetrics: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.19.1',
  // node-exporter 1.x: the flags used here (--path.*, mount-points-exclude) are stable across 1.x.
  nodeExporter: 'quay.io/prometheus/node-exporter:v1.12.1',
  // Kepler 0.11: the rewrite that reads RAPL and /proc only (no eBPF, no kernel modules); the flags and
  // config keys used in kepler.ts are 0.11's (config/config.go at v0.11.4).
  kepler: 'quay.io/sustainable_computing_io/kepler:v0.11.4',
  // OpenCost 1.121, as Grafana's k8s-monitoring chart 3.8 runs it.
  opencost: 'ghcr.io/opencost/opencost:1.121.0',
  // windows_exporter 0.31: its config file takes `collectors.enabled`, as windows-exporter.ts writes it.
  windowsExporter: 'ghcr.io/prometheus-community/windows-exporter:0.31.8',
} as const;

export type ImageName = keyof typeof images;

/**
 * The image a workload runs: its own setting (`alloyMetrics.image`...) exactly as written, else the environment's
 * `images.<name>`, else the pinned default; those two are moved to `images.registry` when it is set. A mirror (Harbor's
 * proxy cache, Artifactory, ECR pull-through) keeps the repository path, so only the registry host is replaced:
 * `docker.io/grafana/alloy:v1.18.1` -> `registry.example.com/mirror/grafana/alloy:v1.18.1`.
 */
export function imageFor(config: Pick<Config, 'images'>, name: ImageName, explicit?: string): string {
  if (explicit !== undefined) return explicit;
  const chosen = config.images[name] ?? images[name];
  const registry = config.images.registry;
  return registry === undefined ? chosen : `${registry.replace(/\/$/, '')}/${chosen.slice(chosen.indexOf('/') + 1)}`;
}

/** `imagePullSecrets` for every pod, when the environment names any (a private registry or mirror). */
export function pullSecrets(config: Pick<Config, 'images'>): { imagePullSecrets?: { name: string }[] } {
  const names = config.images.pullSecrets;
  return names.length === 0 ? {} : { imagePullSecrets: names.map((name) => ({ name })) };
}

const labelValue = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;

/**
 * The version of an image for the `app.kubernetes.io/version` label: its tag without a leading
 * `v`, or undefined when there is no tag (digest only) or the tag is not a valid label value.
 */
export function imageVersion(image: string): string | undefined {
  if (versions.has(image)) return versions.get(image);
  const version = parseVersion(image);
  if (versions.size >= versionsLimit) versions.clear();
  versions.set(image, version);
  return version;
}

// Every workload of every environment asks for the version of the same few images; strings are
// immutable, so a remembered answer is safe to share. Cleared when full, which bounds it.
const versions = new Map<string, string | undefined>();
const versionsLimit = 256;

function parseVersion(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  if (colon < 0) return undefined;
  const version = withoutDigest.slice(colon + 1).replace(/^v(?=\d)/, '');
  return labelValue.test(version) ? version : undefined;
}
