// Does a Prometheus retention plausibly fit its volume? A rough, documented estimate that catches
// order-of-magnitude mistakes (a year on 1Gi) at render time; it is not capacity planning.

/** Assumed ingest: about 120k active series written every 60s, a mid-sized cluster. */
export const assumedSamplesPerSecond = 2000;
/** Prometheus' docs give 1-2 bytes per compressed sample; take the upper end. */
export const assumedBytesPerSample = 2;
/** The WAL, the head block and compaction need headroom; plan blocks into 80% of the volume. */
export const usableFraction = 0.8;

const durationUnits: Record<string, number> = { y: 365 * 86400, w: 7 * 86400, d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };

/** Seconds of a Prometheus duration such as `15d` or `1w2d`. */
export function durationSeconds(duration: string): number {
  const parts = [...duration.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== duration) throw new Error(`"${duration}" is not a Prometheus duration like 15d`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * durationUnits[p[2]!]!, 0);
}

const quantityUnits: Record<string, number> = {
  '': 1, m: 0.001, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Bytes of a Kubernetes quantity such as `50Gi` or `1.5T`. */
export function quantityBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(quantity);
  if (match === null) throw new Error(`"${quantity}" is not a Kubernetes quantity like 50Gi`);
  return Number(match[1]) * quantityUnits[match[2] ?? '']!;
}

/** A warning when the retention needs more than the usable part of the volume, else undefined. */
export function retentionFits(retention: string, storage: string): string | undefined {
  const needed = durationSeconds(retention) * assumedSamplesPerSecond * assumedBytesPerSample;
  const usable = quantityBytes(storage) * usableFraction;
  if (needed <= usable) return undefined;
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)}Gi`;
  return `prometheus: retention ${retention} needs about ${gib(needed)} at ${assumedSamplesPerSecond} samples/s and ${assumedBytesPerSample} bytes/sample, `
    + `but ${storage} leaves about ${gib(usable)} for blocks; raise prometheus.storage or lower prometheus.retention `
    + `(the size cap will delete old blocks before the time does)`;
}

/**
 * The --storage.tsdb.retention.size cap: the usable part of the volume, in Prometheus' MB (base
 * 1024). A full volume crash-loops Prometheus; the cap deletes the oldest blocks first.
 */
export function retentionSize(storage: string): string {
  return `${Math.floor((quantityBytes(storage) * usableFraction) / 2 ** 20)}MB`;
}
