// stage.metrics in logs.stages: rendered as Alloy's metric.* blocks, their series (loki_process_custom_*)
// kept on the alloy cloud path the log collector's metrics take, and what Alloy would refuse refused here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { print } from '../../../lib/alloy/print.ts';
import { file } from '../../../lib/alloy/ast.ts';
import { checkAlloy } from '../../../lib/alloy/check/check.ts';
import { logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';
import { componentBlock } from '../../support/loki-process.ts';
import { withLogs } from './configs.ts';

const stages = [
  { regex: { expression: 'status=(?P<status>\\d+) duration=(?P<duration>[0-9.]+)' } },
  {
    metrics: [
      { name: 'lines_total', type: 'counter', description: 'every line', matchAll: true },
      { name: 'errors_total', type: 'counter', source: 'status', value: '500' },
      { name: 'request_seconds', type: 'histogram', source: 'duration', buckets: [0.1, 0.5, 1] },
    ],
  },
];
const config = withLogs((logs) => { logs.stages = stages; });

test('rendered as metric.counter and metric.histogram blocks that pass the catalogue check', () => {
  const alloy = logsAlloyConfig(config);
  const process = componentBlock(alloy.files.find((f) => f.name === 'pod-logs.alloy')!.file, 'loki.process', 'pod_logs');
  const text = print(file([process]));
  assert.match(text, /stage\.metrics \{\n\t\tmetric\.counter \{\n\t\t\tname\s+= "lines_total"[\s\S]*match_all\s+= true/);
  assert.match(text, /metric\.histogram \{\n\t\t\tname\s+= "request_seconds"[\s\S]*buckets = \[0\.1, 0\.5, 1\]/);
  assert.equal(checkAlloy(alloy.files).map((p) => p.message), []);
});

test('their series join the alloy list on the cloud path; the local Prometheus gets everything anyway', () => {
  const metrics = metricsAlloyConfig(config, { alloy: ['alloy_build_info'] });
  const alloyFile = JSON.stringify(metrics.files.find((f) => f.name === 'alloy.alloy'));
  for (const name of ['loki_process_custom_lines_total', 'loki_process_custom_errors_total', 'loki_process_custom_request_seconds_bucket', 'loki_process_custom_request_seconds_count']) {
    assert.match(alloyFile, new RegExp(name), name);
  }
  const without = JSON.stringify(metricsAlloyConfig(withLogs(() => {}), { alloy: ['alloy_build_info'] }).files.find((f) => f.name === 'alloy.alloy'));
  assert.not.match(without, /loki_process_custom_/);
});

test('bad input: a wrong action, a histogram without buckets, bytes without matchAll, a duplicate', () => {
  const refused = (metrics: unknown[], pattern: RegExp) => assert.throws(() => withLogs((logs) => { logs.stages = [{ metrics }]; }), pattern);
  refused([{ name: 'a', type: 'gauge', action: 'add', source: 'x' }, { name: 'b', type: 'counter', action: 'set', source: 'x' }], /logs\.stages\[0\]\.metrics\[1\]\.action: a counter takes inc, add, not set/);
  refused([{ name: 'h', type: 'histogram', source: 'x' }], /logs\.stages\[0\]\.metrics\[0\]\.buckets: a histogram needs its bucket bounds/);
  refused([{ name: 'h', type: 'histogram', source: 'x', buckets: [1, 0.5] }], /buckets: bucket bounds must increase/);
  refused([{ name: 'c', type: 'counter', countEntryBytes: true }], /countEntryBytes: counting bytes needs matchAll: true and action: add/);
  refused([{ name: 'c', type: 'counter', matchAll: true }, { name: 'c', type: 'counter', matchAll: true }], /metrics\[1\]\.name: duplicate metric "c"/);
  refused([{ name: 'bad-name', type: 'counter' }], /metrics\[0\]\.name/);
});

test.run();
