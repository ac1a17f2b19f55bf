// Every image the stack runs, pinned to an exact tag in one place (kube-prometheus' versions.json
// idea), so an upgrade is one reviewed diff. Fully qualified (docker.io/...) because CRI-O and
// Podman refuse or prompt on short names. An environment may replace any of them (config.*.image).
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
} as const;

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
