// tsx scripts/bench.ts [--runs N] [--json FILE] [--fleet 10,100,1000] [--apps 1,10,100,1000] [--fleet-out DIR]
// Render cost per environment and at fleet scale, as ratios to a tsx baseline of the same run (bench/suite.ts);
// exits 1 when a target is missed, so it can gate a change. What each figure means: bench/README.md.
import { parseArgs } from 'node:util';
import { runBench } from '../bench/suite.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    json: { type: 'string' },
    fleet: { type: 'string', default: '10,100,1000' },
    apps: { type: 'string', default: '1,10,100,1000' },
    'fleet-out': { type: 'string' },
  },
});
const sizes = (list: string) => list.split(',').filter(Boolean).map(Number);
process.exitCode = await runBench({
  runs: Math.max(1, Number(values.runs)), json: values.json, fleet: sizes(values.fleet), apps: sizes(values.apps), fleetOut: values['fleet-out'],
});
