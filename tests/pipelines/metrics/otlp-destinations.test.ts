// traces.destinations[].scrapedMetrics: scraped series to an OTLP destination, converted in alloy-metrics
// (otelcol.receiver.prometheus) after the cluster label and, with allowLists, each component's cloud filter;
// the receiver keeps sending what it was pushed as OTLP, never a second copy through the conversion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { matchesRelabel } from '../../../lib/alloy/re2.ts';
import { alloyFiles, allowLists, renderEnv, variant } from '../../security/render.ts';
import { attribute, refPaths, subBlocks, text } from './support.ts';
import type { Rendered } from '../../../lib/render.ts';

const destination = (scrapedMetrics: string) => ({
  traces: { destinations: [{ name: 'gateway', protocol: 'http', url: 'https://otlp.example.com/otlp', signals: ['metrics'], scrapedMetrics, auth: { secret: 'gw', usernameKey: 'u', passwordKey: 'p' } }] },
});

function find(r: Rendered, workload: string, name: string, label: string): Block | undefined {
  for (const [where, file] of alloyFiles(r)) {
    if (!where.startsWith(`alloy-stack-${workload}/`)) continue;
    const b = file.body.find((s): s is Block => s.kind === 'block' && s.name === name && s.label === label);
    if (b !== undefined) return b;
  }
  return undefined;
}

test('allowLists: each component reaches the gateway through its allow-list, the cluster label, the converter, the exporter', () => {
  const r = renderEnv(variant(destination('allowLists')));
  const scrape = find(r, 'alloy-metrics', 'prometheus.scrape', 'kube_state_metrics')!;
  assert.ok(refPaths(attribute(scrape, 'forward_to')).includes('prometheus.relabel.kube_state_metrics_otlp_gateway.receiver'));
  const filter = find(r, 'alloy-metrics', 'prometheus.relabel', 'kube_state_metrics_otlp_gateway')!;
  assert.equal(refPaths(attribute(filter, 'forward_to')), ['prometheus.relabel.otlp_gateway.receiver']);
  const keep = text(attribute(subBlocks(filter, 'rule')[0]!, 'regex'))!;
  for (const name of allowLists['kube-state-metrics']!) assert.ok(matchesRelabel(keep, name), name);
  assert.not.ok(matchesRelabel(keep, 'kube_not_on_the_list_total'));
  const cluster = find(r, 'alloy-metrics', 'prometheus.relabel', 'otlp_gateway')!;
  assert.equal(refPaths(attribute(cluster, 'forward_to')), ['otelcol.receiver.prometheus.otlp_gateway.receiver']);
  assert.is(text(attribute(subBlocks(cluster, 'rule')[0]!, 'replacement')), 'prod-eu-west-1');
  const converter = find(r, 'alloy-metrics', 'otelcol.receiver.prometheus', 'otlp_gateway')!;
  assert.equal(refPaths(attribute(subBlocks(converter, 'output')[0]!, 'metrics')), ['otelcol.exporter.otlphttp.gateway.input']);
  assert.ok(find(r, 'alloy-metrics', 'otelcol.exporter.otlphttp', 'gateway'));
  assert.ok(find(r, 'alloy-metrics', 'otelcol.auth.basic', 'gateway'));
});

test('all: every series; off (the default): nothing of it in alloy-metrics', () => {
  const all = renderEnv(variant(destination('all')));
  const filter = find(all, 'alloy-metrics', 'prometheus.relabel', 'kube_state_metrics_otlp_gateway');
  // No keep rule: the series go on as scraped (a relabel without rules is left out, or has no keep).
  const keeps = filter === undefined ? [] : subBlocks(filter, 'rule').filter((b) => text(attribute(b, 'action')) === 'keep');
  assert.equal(keeps, []);
  assert.ok(find(all, 'alloy-metrics', 'otelcol.receiver.prometheus', 'otlp_gateway'));
  const off = renderEnv(variant(destination('off')));
  assert.is(find(off, 'alloy-metrics', 'otelcol.receiver.prometheus', 'otlp_gateway'), undefined);
  assert.is(find(off, 'alloy-metrics', 'otelcol.exporter.otlphttp', 'gateway'), undefined);
});

test('the receiver sends pushed metrics as OTLP only: no conversion of them into the gateway', () => {
  const d = destination('allowLists');
  d.traces.destinations[0]!.signals = ['traces', 'metrics'];
  const r = renderEnv(variant({ ...d, receiver: { enabled: true } }));
  assert.is(find(r, 'alloy-receiver', 'otelcol.receiver.prometheus', 'otlp_gateway'), undefined);
  assert.ok(find(r, 'alloy-receiver', 'otelcol.exporter.otlphttp', 'gateway'));
});

test('a metrics.destinations entry with the same Alloy label is refused', () => {
  let message = '';
  try {
    renderEnv(variant({ ...destination('all'), metrics: { destinations: [{ name: 'otlp_gateway', url: 'https://mimir.example.com/api/v1/push' }] } }));
  } catch (error) {
    message = String((error as Error).message);
  }
  assert.match(message, 'metrics.destinations[0].name: "otlp_gateway" has the Alloy label of traces.destinations "gateway"');
});

test.run();
