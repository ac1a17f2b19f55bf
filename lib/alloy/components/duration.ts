// Go `time.ParseDuration`, which is how Alloy reads every duration argument: no `d` or `w` units,
// unlike Prometheus flags, so "1d" is a load error in Alloy.

const units: Readonly<Record<string, number>> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};
const whole = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;

// Environments spell the same few durations ("30s", "1m") over and over; a number is immutable, so
// sharing a parsed value is safe. Cleared when full, which bounds it whatever the input.
const parsed = new Map<string, number | undefined>();
const parsedLimit = 1024;

/** Nanoseconds, or undefined when Go would refuse the text. */
export function parseDuration(text: string): number | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const value = parseUncached(text);
  if (parsed.size >= parsedLimit) parsed.clear();
  parsed.set(text, value);
  return value;
}

function parseUncached(text: string): number | undefined {
  if (/^[-+]?0$/.test(text)) return 0;
  if (!whole.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(part)) total += Number(amount) * units[unit!]!;
  return text.startsWith('-') ? -total : total;
}

/** undefined when valid, else why not (with the Go spelling to use for days and weeks). */
export function checkDuration(text: string): string | undefined {
  if (parseDuration(text) !== undefined) return undefined;
  const days = /^(\d+)([dw])$/.exec(text);
  if (days) {
    const hours = Number(days[1]) * (days[2] === 'd' ? 24 : 168);
    return `${JSON.stringify(text)} is not a Go duration: Alloy has no "${days[2]}" unit, write "${hours}h"`;
  }
  return `${JSON.stringify(text)} is not a Go duration (a number with a unit: ns, us, ms, s, m or h, e.g. "1m30s")`;
}
