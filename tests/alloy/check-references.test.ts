// References and signals (lib/alloy/graph.ts through the check): exports a component has, receivers of the
// right kind, OTel signals an input takes, every source reaching a writer whatever its signal. Each rule: a
// case caught and a near miss accepted, against the fixture catalogue.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { textsOf } from '../support/fixture-catalogue.ts';

const writer = 'prometheus.remote_write "local" {\n  endpoint {\n    url = "http://prometheus:9090/api/v1/write"\n  }\n}\n';
const loki = 'loki.write "local" {\n  endpoint {\n    url = "http://loki:3100/loki/api/v1/push"\n  }\n}\n';

const traces = (output: string, exporter = 'otelcol.exporter.otlp "tempo" {\n  client {\n    endpoint = "tempo:4317"\n  }\n}\n') => `otelcol.receiver.otlp "in" {
  grpc { }
  output {
${output}
  }
}
otelcol.processor.batch "b" {
  output {
    traces = [otelcol.exporter.otlp.tempo.input]
  }
}
${exporter}`;

test('an OTLP trace pipeline through a batch processor is clean', () => {
  assert.equal(textsOf({ 't.alloy': traces('    traces = [otelcol.processor.batch.b.input]') }), []);
});

test('a reference to an export the component does not have, with did-you-mean', () => {
  const k8s = (ref: string) => textsOf({ 'w.alloy': writer, 'a.alloy': `discovery.kubernetes "pods" {\n  role = "pod"\n}\nprometheus.scrape "s" {\n  targets    = ${ref}\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n` });
  assert.equal(k8s('discovery.kubernetes.pods.targetz'), ['prometheus.scrape.s uses discovery.kubernetes.pods.targetz, but discovery.kubernetes exports only targets (did you mean discovery.kubernetes.pods.targets?)']);
  assert.equal(k8s('discovery.kubernetes.pods.targets'), []);
  assert.equal(k8s('discovery.kubernetes.podz.targets').slice(0, 1), ['prometheus.scrape.s uses discovery.kubernetes.podz, which is not defined (did you mean discovery.kubernetes.pods?)']);
});

test('an OTel traces output into a Prometheus receiver', () => {
  const found = textsOf({ 'w.alloy': writer, 't.alloy': traces('    traces = [otelcol.processor.batch.b.input, prometheus.remote_write.local.receiver]') });
  assert.equal(found, ['otelcol.receiver.otlp.in output traces sends to prometheus.remote_write.local.receiver, which takes metrics, not OTel traces']);
});

test('a logs receiver in a metrics forward_to; a metrics receiver is fine', () => {
  const s = (to: string) => textsOf({ 'w.alloy': writer + loki, 'a.alloy': `prometheus.scrape "s" {\n  targets    = []\n  forward_to = [${to}]\n}\nloki.source.file "f" {\n  targets    = []\n  forward_to = [loki.write.local.receiver]\n}\n` });
  assert.ok(s('loki.write.local.receiver').includes('prometheus.scrape.s forwards to loki.write.local.receiver, which takes logs, not metrics'));
  assert.equal(s('prometheus.remote_write.local.receiver'), []);
});

test('an OTel signal the input does not take (traces into otelcol.exporter.prometheus)', () => {
  const prom = 'otelcol.exporter.prometheus "p" {\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n';
  const found = textsOf({ 'w.alloy': writer, 't.alloy': traces('    traces  = [otelcol.processor.batch.b.input, otelcol.exporter.prometheus.p.input]') + prom });
  assert.equal(found, ['otelcol.receiver.otlp.in output traces sends to otelcol.exporter.prometheus.p.input, but otelcol.exporter.prometheus takes only metrics; the traces sent to it are dropped']);
  assert.equal(textsOf({ 'w.alloy': writer, 't.alloy': traces('    traces  = [otelcol.processor.batch.b.input]\n    metrics = [otelcol.exporter.prometheus.p.input]') + prom }), []);
});

test('every source reaches a writer, whatever the signal', () => {
  const noExporter = textsOf({ 't.alloy': 'otelcol.receiver.otlp "in" {\n  grpc { }\n  output {\n    traces = [otelcol.processor.batch.b.input]\n  }\n}\notelcol.processor.batch "b" {\n  output { }\n}\n' });
  assert.equal(noExporter, [
    'otelcol.receiver.otlp.in sends its OTel data nowhere: no path from it reaches an otelcol exporter',
    'otelcol.processor.batch.b sends its OTel data nowhere: no path from it reaches an otelcol exporter',
  ]);
  const profiles = (to: string) => textsOf({ 'p.alloy': `pyroscope.scrape "s" {\n  targets    = []\n  forward_to = [${to}]\n}\npyroscope.write "w" {\n  endpoint {\n    url = "http://pyroscope:4040"\n  }\n}\n` });
  assert.equal(profiles('pyroscope.write.w.receiver'), []);
  assert.equal(profiles('prometheus.remote_write.x.receiver'), [
    'pyroscope.scrape.s forwards to prometheus.remote_write.x, which is not defined',
    'pyroscope.scrape.s sends its profiles nowhere: no path from it reaches a pyroscope.write',
    'pyroscope.write.w is not used by any component',
  ]);
});

test('a provider (prometheus.exporter.unix) is read by a scrape, and unused otherwise', () => {
  const unix = 'prometheus.exporter.unix "host" {\n  set_collectors = ["cpu"]\n}\n';
  const scrape = 'prometheus.scrape "host" {\n  targets    = prometheus.exporter.unix.host.targets\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n';
  assert.equal(textsOf({ 'w.alloy': writer, 'u.alloy': unix + scrape }), []);
  assert.equal(textsOf({ 'w.alloy': writer, 'u.alloy': unix }), ['prometheus.remote_write.local is not used by any component', 'prometheus.exporter.unix.host is not used by any component']);
});

test('a bare reference of the wrong kind: a receiver where targets are taken', () => {
  const found = textsOf({ 'w.alloy': loki, 'a.alloy': 'loki.source.file "t" {\n  targets    = loki.write.local.receiver\n  forward_to = [loki.write.local.receiver]\n}\n' });
  assert.equal(found, ['loki.source.file.t targets = loki.write.local.receiver, which is a logs receiver, not a list of targets']);
});

test.run();
