// Proposes collector resources for an expected load, as an environment fragment (lib/sizing/).
//   tsx scripts/size.ts --series 2000000 [--interval 60] [--replicas 3] [--log-rate 1048576]
import { parseArgs } from 'node:util';
import { sizingSnippet } from '../lib/sizing/snippet.ts';

const usage = 'usage: tsx scripts/size.ts --series <active series> [--interval <scrape seconds, 60>] [--replicas <n>] [--log-rate <log bytes/s per node>]';
const number = (name: string, text: string | undefined, integer: boolean): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name}: expected a${integer ? ' whole' : ''} number, got ${JSON.stringify(text)}\n${usage}`);
    process.exit(2);
  }
  return n;
};

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({ options: { series: { type: 'string' }, interval: { type: 'string' }, replicas: { type: 'string' }, 'log-rate': { type: 'string' } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const activeSeries = number('series', values.series, true);
if (activeSeries === undefined) {
  console.error(usage);
  process.exit(2);
}
const replicas = number('replicas', values.replicas, true);
if (replicas === 0) {
  console.error(`--replicas: at least 1\n${usage}`);
  process.exit(2);
}
const logs = number('log-rate', values['log-rate'], false);
process.stdout.write(sizingSnippet({
  activeSeries,
  scrapeIntervalSeconds: number('interval', values.interval, false) ?? 60,
  ...(replicas === undefined ? {} : { replicas }),
  ...(logs === undefined ? {} : { logBytesPerSecondPerNode: logs }),
}));
