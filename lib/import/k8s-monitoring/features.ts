// The chart's features that have no pipeline here yet. Each is unsupported while on (reported once, at
// the feature), and ignored while off: off is what this library does anyway.
import type { ImportContext } from '../context.ts';

const features: Record<string, string> = {
  profilesReceiver: 'profiling has no pipeline here',
  databaseObservability: 'database observability has no pipeline here',
};

export function otherFeatures(context: ImportContext): void {
  const { read, records } = context;
  for (const [key, why] of Object.entries(features)) {
    if (!read.has([key])) continue;
    const enabled = read.raw([key, 'enabled']) === true;
    if (enabled) records.unsupported([key], why);
    else records.ignored([key], 'off in the chart, and not rendered here either');
  }
}
