// The stability level a config needs (lib/alloy/check/stability.ts) and the flags the Alloy container gets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../lib/alloy/parse.ts';
import { stabilityNeeds, stabilityWarning } from '../../lib/alloy/check/stability.ts';
import { alloyArgs } from '../../lib/workloads/alloy-pod.ts';
import { fixtureRegistry } from '../support/fixture-catalogue.ts';

const needs = (files: Record<string, string>) => stabilityNeeds(Object.entries(files).map(([name, text]) => ({ name, file: parse(text, name) })), fixtureRegistry);
const otlp = 'otelcol.exporter.otlp "o" {\n  client {\n    endpoint = "x:4317"\n  }\n}\n';

test('generally-available components need nothing: no warning, the default flag', () => {
  const n = needs({ 'a.alloy': otlp });
  assert.equal(n, { level: 'generally-available', community: false, uses: [] });
  assert.is(stabilityWarning('alloy-metrics', n), undefined);
  assert.equal(alloyArgs({}).slice(-1), ['--stability.level=generally-available']);
});

test('the lowest level needed wins, and the warning names each component and file', () => {
  const n = needs({ 'a.alloy': 'otelcol.receiver.filelog "f" {\n  include = []\n  output { }\n}\n', 'b.alloy': 'otelcol.exporter.debug "d" { }\n' });
  assert.is(n.level, 'experimental');
  assert.is(stabilityWarning('alloy-logs', n),
    'alloy-logs: runs with --stability.level=experimental for otelcol.receiver.filelog (public-preview, a.alloy), otelcol.exporter.debug (experimental, b.alloy)');
  assert.equal(alloyArgs({ stability: n.level }).slice(-1), ['--stability.level=experimental']);
  assert.is(needs({ 'a.alloy': 'otelcol.receiver.filelog "f" { }\n' }).level, 'public-preview');
});

test('language blocks count too: foreach is experimental, and what its template holds', () => {
  const n = needs({ 'f.alloy': 'foreach "x" {\n  collection = []\n  var = "v"\n  template {\n    otelcol.receiver.filelog "f" { }\n  }\n}\n' });
  assert.is(n.level, 'experimental');
  assert.equal(n.uses.map((u) => u.name), ['foreach', 'otelcol.receiver.filelog']);
});

test('a community component needs the community flag', () => {
  const n = needs({ 'a.alloy': 'otelcol.exporter.splunkhec "s" {\n  client {\n    endpoint = "x"\n  }\n}\n' });
  assert.equal({ level: n.level, community: n.community }, { level: 'generally-available', community: true });
  assert.is(stabilityWarning('alloy-metrics', n), 'alloy-metrics: runs with --feature.community-components.enabled=true for otelcol.exporter.splunkhec (community, a.alloy)');
  assert.equal(alloyArgs({ community: true }).slice(-2), ['--stability.level=generally-available', '--feature.community-components.enabled=true']);
});

test.run();
