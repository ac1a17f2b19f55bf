// The done-when for user Alloy: an environment whose alloyMetrics.extraConfig holds an OTLP trace
// pipeline, a prometheus.exporter.unix scrape and a prometheus.operator.servicemonitors renders (it is
// environments/all-features.ts's); the same snippets with one misspelled attribute each are refused, every
// problem at once, each naming file:line:col, component and attribute, with a did-you-mean.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';
import { allFeaturesExtraConfig, otlpTraces, serviceMonitors, unixExporter } from '../../environments/alloy/all-features-extra.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'test' };
const renderWith = (extraConfig: Record<string, string>) => render({ spec: environment({ ...base, alloyMetrics: { extraConfig } }), file, allowLists: {} });

test('the snippets render into the alloy-metrics ConfigMap, with no stability warning', () => {
  const rendered = renderWith({ ...allFeaturesExtraConfig });
  const configMap = rendered.objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'alloy-stack-alloy-metrics') as unknown as { data: Record<string, string> };
  for (const name of Object.keys(allFeaturesExtraConfig)) assert.ok(configMap.data[name]!.length > 0, name);
  assert.match(configMap.data['otlp-traces.alloy']!, /otelcol\.exporter\.otlp "tempo"/);
  assert.equal(rendered.warnings, []);
});

test('one misspelled attribute in each snippet: all refused at once, each named', () => {
  let problems: string[] = [];
  try {
    renderWith({
      'otlp-traces.alloy': otlpTraces.replace('timeout = "5s"', 'timout = "5s"'),
      'host-metrics.alloy': unixExporter.replace('set_collectors', 'set_colectors'),
      'service-monitors.alloy': serviceMonitors.replace('match_labels', 'match_lables'),
    });
    assert.unreachable('expected the export to be refused');
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    problems = error.problems;
  }
  assert.equal(problems, [
    'alloy-metrics: otlp-traces.alloy:12:2: otelcol.processor.batch.apps timout: unknown argument timout (did you mean timeout?)',
    'alloy-metrics: host-metrics.alloy:2:2: prometheus.exporter.unix.host set_colectors: unknown argument set_colectors (did you mean set_collectors?)',
    'alloy-metrics: service-monitors.alloy:5:3: prometheus.operator.servicemonitors.apps selector match_lables: unknown argument match_lables (did you mean match_labels?)',
  ]);
});

test('a public-preview component raises the stability level and says so', () => {
  const rendered = renderWith({ 'filelog.alloy': 'otelcol.receiver.filelog "f" {\n\tinclude = ["/var/log/app.log"]\n\n\toutput {\n\t\tlogs = [otelcol.exporter.otlp.o.input]\n\t}\n}\n\notelcol.exporter.otlp "o" {\n\tclient {\n\t\tendpoint = "x:4317"\n\t}\n}\n' });
  assert.equal(rendered.warnings, ['environments/test.ts: alloy-metrics: runs with --stability.level=public-preview for otelcol.receiver.filelog (public-preview, filelog.alloy)']);
  const sts = rendered.objects.find((o) => o.kind === 'StatefulSet' && o.metadata?.name === 'alloy-stack-alloy-metrics') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
  assert.ok(sts.spec.template.spec.containers[0]!.args.includes('--stability.level=public-preview'));
});

test.run();
