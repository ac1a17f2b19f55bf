// Go's time.ParseDuration units, the only ones Alloy accepts (no `d` or `w`).
const units: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const part = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g;

/** Seconds in a Go duration string already checked by the schema. */
export function goDurationSeconds(duration: string): number {
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(part)) total += Number(amount) * units[unit!]!;
  return total;
}
