// Cluster event filters by what they do: real event lines, as loki.source.kubernetes_events writes them
// (logfmt or JSON, fields name, kind, reason, type, msg), through the rendered loki.process.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Config } from '../../../lib/config/config.gen.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { eventsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { componentBlock, runLokiProcess } from '../../support/loki-process.ts';
import { withLogs } from './configs.ts';

const labels = (namespace: string) => ({ job: 'integrations/kubernetes/eventhandler', instance: 'alloy-events', namespace });
const logfmt = (namespace: string, reason: string, type: string) =>
  ({ line: `name=web-0.17a kind=Pod reason=${reason} type=${type} count=3 msg="Back-off restarting failed container"`, labels: labels(namespace) });
const json = (namespace: string, reason: string, type: string) =>
  ({ line: JSON.stringify({ name: 'web-0.17a', kind: 'Pod', reason, type, count: 3, msg: 'Back-off restarting failed container' }), labels: labels(namespace) });

const events = (change: Record<string, unknown>) => withLogs((logs) => { logs.events = { enabled: true, ...change }; });
const process = (config: Config) => componentBlock(eventsAlloyConfig(config)!.files[0]!.file, 'loki.process', 'cluster_events');

const lines = (make: typeof logfmt) => [
  make('shop', 'BackOff', 'Warning'),
  make('shop', 'Scheduled', 'Normal'),
  make('kube-system', 'BackOff', 'Warning'),
  make('shop', 'FailedMount', 'Warning'),
];

test('no filter: no loki.process, the source writes straight to the destinations', () => {
  const file = eventsAlloyConfig(events({}))!.files[0]!.file;
  assert.equal(file.body.filter((s) => s.kind === 'block').map((s) => s.kind === 'block' && s.name), ['loki.source.kubernetes_events']);
});

for (const [format, make] of [['logfmt', logfmt], ['json', json]] as const) {
  test(`${format}: types, reasons and excluded namespaces keep exactly the matching events, and the temporary labels are gone`, () => {
    const config = events({ logFormat: format, types: ['Warning'], excludeNamespaces: ['kube-system'], excludeReasons: ['FailedMount'] });
    assert.equal(checkGraph(eventsAlloyConfig(config)!.files), []);
    const result = runLokiProcess(process(config), lines(make));
    assert.equal(result.entries.map((e) => e.line), [make('shop', 'BackOff', 'Warning').line]);
    assert.equal(result.entries[0]!.labels, labels('shop'));
    assert.equal(result.dropped.map((d) => d.reason), ['event_type', 'event_namespace', 'event_reason']);
  });
}

test('reasons: only the listed ones', () => {
  const result = runLokiProcess(process(events({ reasons: ['Scheduled', 'FailedMount'] })), lines(logfmt));
  assert.equal(result.entries.map((e) => e.line.match(/reason=(\w+)/)![1]), ['Scheduled', 'FailedMount']);
});

test('logFormat json reaches the source', () => {
  const source = componentBlock(eventsAlloyConfig(events({ logFormat: 'json' }))!.files[0]!.file, 'loki.source.kubernetes_events', 'cluster_events');
  assert.match(JSON.stringify(source), /"log_format".*"json"/);
});

test('bad input: a namespace or reason both kept and excluded is refused', () => {
  assert.throws(() => events({ namespaces: ['shop'], excludeNamespaces: ['shop'] }), /logs\.events\.excludeNamespaces: namespace "shop" is also in namespaces/);
  assert.throws(() => events({ reasons: ['BackOff'], excludeReasons: ['BackOff'] }), /logs\.events\.excludeReasons: reason "BackOff" is also in reasons/);
  assert.throws(() => events({ types: [] }), /logs\.events\.types/);
});

test.run();
