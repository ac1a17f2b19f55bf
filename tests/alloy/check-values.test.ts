// Literal values against their catalogue type (lib/alloy/check/values.ts): one case caught and one near
// miss accepted per rule, against the fixture catalogue.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { textsOf } from '../support/fixture-catalogue.ts';

const writer = 'prometheus.remote_write "local" {\n  endpoint {\n    url = "http://prometheus:9090/api/v1/write"\n  }\n}\n';
const scrape = (body: string) => textsOf({
  'w.alloy': writer,
  'a.alloy': `prometheus.scrape "app" {\n  targets    = [{ __address__ = "app:8080" }]\n  forward_to = [prometheus.remote_write.local.receiver]\n${body}}\n`,
});

test('a number where a duration is expected', () => {
  assert.equal(scrape('  scrape_interval = 30\n'), ['prometheus.scrape.app scrape_interval: expected a duration, got the number 30 (a duration is a string with a unit, e.g. "30s")']);
  assert.equal(scrape('  scrape_interval = "30s"\n'), []);
});

test('a string that is not a Go duration', () => {
  assert.equal(scrape('  scrape_interval = "1d"\n'), ['prometheus.scrape.app scrape_interval: "1d" is not a Go duration: Alloy has no "d" unit, write "24h"']);
  assert.equal(scrape('  scrape_interval = "1h30m"\n'), []);
});

test('a bool where a string is expected, a string where a bool is; numbers convert to strings as in Alloy', () => {
  assert.equal(scrape('  job_name = true\n'), ['prometheus.scrape.app job_name: expected a string, got true (quote it: "true")']);
  assert.equal(scrape('  honor_labels = "true"\n'), ['prometheus.scrape.app honor_labels: expected a bool, got the string "true" (write true or false without quotes)']);
  // Alloy's value conversion turns a number into a string, and a string that reads as a number into one.
  assert.equal(scrape('  job_name = 5\n  honor_labels = true\n  sample_limit = -1\n'), []);
  assert.equal(scrape('  sample_limit = "100"\n'), []);
  assert.equal(scrape('  sample_limit = "-1"\n'), []);
});

test('a string that does not read as a number, and a number where a secret is expected', () => {
  assert.equal(scrape('  sample_limit = "100k"\n'), ['prometheus.scrape.app sample_limit: expected a number, got the string "100k"']);
  assert.equal(scrape('  sample_limit = "-1.5"\n'), ['prometheus.scrape.app sample_limit: expected a number, got the string "-1.5"']);
  assert.equal(scrape('  bearer_token = 12345\n'), ['prometheus.scrape.app bearer_token: expected a secret, got the number 12345 (quote it: "12345")']);
  assert.equal(scrape('  bearer_token = "12345"\n'), []);
});

test('a bool for a list, and list elements of the wrong kind', () => {
  assert.equal(scrape('  scrape_protocols = true\n'), ['prometheus.scrape.app scrape_protocols: expected a list of strings, got true (write it in a list: [ ... ])']);
  assert.equal(scrape('  scrape_protocols = ["PrometheusText0.0.4", false]\n'), ['prometheus.scrape.app scrape_protocols[1]: expected a string, got false (quote it: "false")']);
  assert.equal(scrape('  scrape_protocols = ["PrometheusText0.0.4"]\n'), []);
});

test('maps check each value; targets are a list of objects', () => {
  assert.equal(scrape('  params = { "match[]" = "up" }\n'), ['prometheus.scrape.app params.match[]: expected a list of strings, got the string "up" (write it in a list: [ ... ])']);
  assert.equal(scrape('  params = { "match[]" = ["up"] }\n'), []);
  const bad = textsOf({ 'w.alloy': writer, 'a.alloy': 'prometheus.scrape "app" {\n  targets    = ["app:8080"]\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n' });
  assert.equal(bad, ['prometheus.scrape.app targets[0]: expected a target (an object of labels), got the string "app:8080"']);
});

test('object literals are checked field by field against object(TypeId)', () => {
  const debug = (value: string) => textsOf({ 'o.alloy': `otelcol.exporter.debug "d" {\n  sampling = ${value}\n}\notelcol.receiver.otlp "r" {\n  output {\n    logs = [otelcol.exporter.debug.d.input]\n  }\n}\n` })
    .filter((m) => !m.includes('stability'));
  assert.equal(debug('{ name = "x", timout = "1s" }'), ['otelcol.exporter.debug.d sampling.timout: timout is not a field of this object (did you mean timeout?)']);
  assert.equal(debug('{ timeout = 5 }'), [
    'otelcol.exporter.debug.d sampling.timeout: expected a duration, got the number 5 (a duration is a string with a unit, e.g. "5s")',
    'otelcol.exporter.debug.d sampling: the object lacks its required field name',
  ]);
  assert.equal(debug('{ name = "x", timeout = "1s" }'), []);
});

test('a literal where only a reference can stand (a receiver)', () => {
  const found = textsOf({ 'w.alloy': writer, 'a.alloy': 'prometheus.scrape "app" {\n  targets    = []\n  forward_to = ["prometheus.remote_write.local.receiver"]\n}\n' });
  assert.ok(found.includes('prometheus.scrape.app forward_to[0]: expected a metrics receiver, got the string "prometheus.remote_write.local.receiver" (only a reference to a component export gives one)'), found.join('\n'));
});

test('expressions that are not literals are accepted unless their type is known', () => {
  assert.equal(scrape('  scrape_interval = sys.env("INTERVAL")\n  job_name = "a" + "b"\n  bearer_token = local.file.t.content\n'), [
    // local.file.t is not defined: the reference itself is wrong, not its kind.
    'prometheus.scrape.app uses local.file.t, which is not defined',
  ]);
});

test.run();
