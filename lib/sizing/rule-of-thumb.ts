// Resources from expected load, by the rule of thumb of Alloy's maintainers ("Estimate Grafana Alloy resource usage",
// https://grafana.com/docs/alloy/latest/introduction/estimate-resource-usage/; the k8s-monitoring chart's maintainers
// give the same figures in k8s-monitoring-helm #541). It is a starting point, not a measurement: the export only warns.

/** Per million active series, clustered, default scrape interval. */
export const perMillionSeries = { cpu: 0.4, memoryBytes: 11 * 2 ** 30 } as const;
/** Per MiB/s of logs tailed by one DaemonSet pod. */
export const perMiBPerSecondOfLogs = { cpu: 1, memoryBytes: 120 * 2 ** 20 } as const;
/** What an idle collector needs anyway: the requests alloy-metrics and alloy-logs get by default. */
export const floor = { cpu: 0.1, memoryBytes: 512 * 2 ** 20 } as const;
/** Limit over need: the rule is an average, and scrapes, WAL replay and re-sharding peak above it. */
export const limitHeadroom = 1.5;
/**
 * WAL per series: prometheus.remote_write truncates its WAL every 2h (wal.truncate_frequency's default), so it holds
 * about 2h of samples; Prometheus' storage docs give 1-2 bytes per compressed sample, and WAL records are not block
 * compressed, so take 2 bytes and double it.
 */
export const walBytesPerSample = 4;
export const walSeconds = 2 * 3600;

export interface Need {
  cpu: number;
  memoryBytes: number;
}

export interface MetricsProposal {
  replicas: number;
  /** Requests of each replica: its share of the load, never below the floor. */
  requests: { cpu: string; memory: string };
  limits: { memory: string };
  /** WAL volume of each replica (alloyMetrics.storageSize), at least 10Gi. */
  storageSize: string;
}

/** The whole load of `activeSeries`, before it is split among replicas. */
export function metricsNeed(activeSeries: number): Need {
  const millions = activeSeries / 1e6;
  return { cpu: millions * perMillionSeries.cpu, memoryBytes: millions * perMillionSeries.memoryBytes };
}

export function logsNeed(bytesPerSecond: number): Need {
  const mib = bytesPerSecond / 2 ** 20;
  return { cpu: mib * perMiBPerSecondOfLogs.cpu, memoryBytes: mib * perMiBPerSecondOfLogs.memoryBytes };
}

const withFloor = (need: Need): Need => ({ cpu: Math.max(need.cpu, floor.cpu), memoryBytes: Math.max(need.memoryBytes, floor.memoryBytes) });

/** Millicores, rounded up: `400m`. */
export const cpuQuantity = (cores: number) => `${Math.ceil(cores * 1000)}m`;
/** Mebibytes, rounded up: `5632Mi`. */
export const memoryQuantity = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)}Mi`;
/** `5.5Gi` for a person. */
export const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)}Gi`;

/**
 * Replicas and resources for `activeSeries`. Without `replicas`, enough that no replica needs more than 8 GiB (a size
 * most node pools fit with room left), and at least two so one can restart while the other scrapes.
 */
export function proposeMetrics(activeSeries: number, scrapeIntervalSeconds: number, replicas?: number): MetricsProposal {
  const need = metricsNeed(activeSeries);
  const count = replicas ?? Math.max(2, Math.ceil(need.memoryBytes / (8 * 2 ** 30)));
  const each = withFloor({ cpu: need.cpu / count, memoryBytes: need.memoryBytes / count });
  const samplesPerSecond = activeSeries / count / scrapeIntervalSeconds;
  const wal = Math.max(10 * 2 ** 30, samplesPerSecond * walSeconds * walBytesPerSample);
  return {
    replicas: count,
    requests: { cpu: cpuQuantity(each.cpu), memory: memoryQuantity(each.memoryBytes) },
    limits: { memory: memoryQuantity(each.memoryBytes * limitHeadroom) },
    storageSize: `${Math.ceil(wal / 2 ** 30)}Gi`,
  };
}

export function proposeLogs(bytesPerSecond: number): Pick<MetricsProposal, 'requests' | 'limits'> {
  const each = withFloor(logsNeed(bytesPerSecond));
  return { requests: { cpu: cpuQuantity(each.cpu), memory: memoryQuantity(each.memoryBytes) }, limits: { memory: memoryQuantity(each.memoryBytes * limitHeadroom) } };
}
