// The argument rules of the check (lib/alloy/check/arguments.ts), each with a case caught and a near miss
// accepted, against the fixture catalogue (tests/fixtures/alloy-catalogue).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { textsOf } from '../support/fixture-catalogue.ts';

// A complete metrics pipeline the rules below change one thing in.
const writer = `prometheus.remote_write "local" {
  endpoint {
    url = "http://prometheus:9090/api/v1/write"
  }
}
`;
const scrape = (body: string) => ({
  'w.alloy': writer,
  'a.alloy': `prometheus.scrape "app" {\n  targets    = [{ __address__ = "app:8080" }]\n  forward_to = [prometheus.remote_write.local.receiver]\n${body}}\n`,
});

test('the near-miss pipeline is clean', () => {
  assert.equal(textsOf(scrape('  scrape_interval = "10s"\n')), []);
});

test('unknown or misspelled attribute, with did-you-mean', () => {
  assert.equal(textsOf(scrape('  scrape_intervl = "10s"\n')), ['prometheus.scrape.app scrape_intervl: unknown argument scrape_intervl (did you mean scrape_interval?)']);
});

test('unknown block in a nested body, and an unknown enum member', () => {
  const w = writer.replace('url = ', 'basic_auth {\n      usernme = "u"\n    }\n    url = ');
  assert.equal(textsOf({ 'w.alloy': w, 'a.alloy': scrape('')['a.alloy'] }), ['prometheus.remote_write.local endpoint basic_auth usernme: unknown argument usernme (did you mean username?)']);
  const process = `loki.process "p" {
  forward_to = [loki.write.l.receiver]
  stage.cri { }
  stage.regexx {
    expression = "(?P<a>.)"
  }
  stage.match {
    selector = "{a=\\"b\\"}"
    stage.jsn { }
  }
}
loki.write "l" {
  endpoint {
    url = "http://loki"
  }
}
loki.source.file "f" {
  targets    = []
  forward_to = [loki.process.p.receiver]
}
`;
  assert.equal(textsOf({ 'l.alloy': process }), [
    'loki.process.p stage.regexx: unknown block stage.regexx (did you mean stage.regex?)',
    'loki.process.p stage 3 (stage.match) stage.jsn: unknown block stage.jsn (did you mean stage.json?)',
  ]);
  // The same with correct members is clean.
  assert.equal(textsOf({ 'l.alloy': process.replace('regexx', 'regex').replace('stage.jsn { }', 'stage.json {\n      expressions = { a = "" }\n    }') }), []);
});

test('missing required attribute and block', () => {
  const found = textsOf({ ...scrape(''), 'a.alloy': 'prometheus.scrape "app" {\n  forward_to = [prometheus.remote_write.local.receiver]\n}\n' });
  assert.equal(found, ['prometheus.scrape.app: missing required argument targets']);
  const otlp = `otelcol.exporter.otlp "o" {
  timeout = "5s"
}
otelcol.receiver.otlp "r" {
  grpc { }
  output {
    traces = [otelcol.exporter.otlp.o.input]
  }
}
`;
  assert.equal(textsOf({ 'o.alloy': otlp }), ['otelcol.exporter.otlp.o: missing required block client (add client { ... })']);
  // A required argument inside a nested block.
  const noEndpoint = otlp.replace('timeout = "5s"', 'client {\n    compression = "gzip"\n  }');
  assert.equal(textsOf({ 'o.alloy': noEndpoint }), ['otelcol.exporter.otlp.o client: missing required argument endpoint']);
  assert.equal(textsOf({ 'o.alloy': noEndpoint.replace('compression = "gzip"', 'endpoint = "tempo:4317"') }), []);
});

test('a block given twice that is not repeatable; a repeatable one twice is fine', () => {
  assert.equal(textsOf(scrape('  clustering {\n    enabled = true\n  }\n  clustering {\n    enabled = false\n  }\n')),
    ['prometheus.scrape.app clustering: block clustering is given twice (it may appear once)']);
  const twoEndpoints = writer.replace('  }\n}', '  }\n  endpoint {\n    url = "http://other"\n  }\n}');
  assert.equal(textsOf({ 'w.alloy': twoEndpoints, 'a.alloy': scrape('')['a.alloy'] }), []);
});

test('an attribute set twice', () => {
  assert.equal(textsOf(scrape('  job_name = "a"\n  job_name = "b"\n')), ['prometheus.scrape.app job_name: job_name is set twice (an attribute may be set once)']);
});

test('an attribute written as a block, and a block written as an attribute', () => {
  assert.equal(textsOf(scrape('  job_name {\n  }\n')), ['prometheus.scrape.app job_name: job_name is an attribute, not a block (write job_name = <value>)']);
  assert.equal(textsOf(scrape('  clustering = { enabled = true }\n')), ['prometheus.scrape.app clustering: clustering is a block, not an attribute (write clustering { ... })']);
});

test('block labels: needed where the body takes one, refused elsewhere', () => {
  assert.equal(textsOf(scrape('  clustering "x" {\n    enabled = true\n  }\n')), ['prometheus.scrape.app clustering: block clustering takes no label (write clustering { ... })']);
});

test('a component that takes no arguments, and config blocks against configBlocks', () => {
  assert.equal(textsOf({ 'l.alloy': 'logging {\n  level = "info"\n  formt = "json"\n}\n' }), ['logging formt: unknown argument formt (did you mean format?)']);
  assert.equal(textsOf({ 'l.alloy': 'logging {\n  level  = "info"\n  format = "json"\n}\n' }), []);
  assert.equal(textsOf({ 'l.alloy': 'logging "x" {\n  level = "info"\n}\n' }), ['logging: logging takes no label (write logging { ... })']);
});

test('unknown component type: named once, by the graph check, with the closest type', () => {
  assert.equal(textsOf({ ...scrape(''), 'b.alloy': 'prometheus.scrap "x" {\n  targets = []\n}\n' }), ['prometheus.scrap.x has unknown component type prometheus.scrap (did you mean prometheus.scrape?)']);
});

test('language blocks: declare, argument, export, import, foreach follow their own rules', () => {
  const declare = `declare "app_scrape" {
  argument "address" {
    comment = "host:port"
  }
  argument "write_to" {
    optional = true
  }
  prometheus.scrape "s" {
    targets    = [{ __address__ = argument.address.value }]
    forward_to = argument.write_to.value
  }
  export "ok" {
    value = true
  }
}
app_scrape "one" {
  address  = "app:80"
  write_to = [prometheus.remote_write.local.receiver]
}
`;
  assert.equal(textsOf({ 'w.alloy': writer, 'd.alloy': declare }), []);
  assert.equal(textsOf({ 'w.alloy': writer, 'd.alloy': declare.replace('address  = "app:80"', 'adress  = "app:80"').replace('comment = ', 'coment = ') }), [
    'argument.address coment: unknown argument coment (did you mean comment?)',
    'app_scrape.one adress: adress is not an argument of app_scrape (did you mean address?)',
    'app_scrape.one: missing required argument address',
  ]);
  const imported = 'import.file "mods" {\n  filename = "/etc/mods"\n}\nmods.thing "x" {\n  anything = 1\n}\n';
  assert.equal(textsOf({ 'i.alloy': imported }), []);
  assert.equal(textsOf({ 'i.alloy': imported.replace('filename', 'filname') }), [
    'import.file.mods filname: unknown argument filname (did you mean filename?)',
    'import.file.mods: missing required argument filename',
  ]);
  const foreach = `foreach "each" {
  collection = ["a:1", "b:2"]
  var        = "addr"
  template {
    prometheus.scrape "s" {
      targets    = [{ __address__ = addr }]
      forward_to = [prometheus.remote_write.local.receiver]
    }
  }
}
`;
  assert.equal(textsOf({ 'w.alloy': writer, 'f.alloy': foreach }), []);
  assert.equal(textsOf({ 'w.alloy': writer, 'f.alloy': foreach.replace('forward_to', 'forwrd_to') }), [
    'prometheus.scrape.s forwrd_to: unknown argument forwrd_to (did you mean forward_to?)',
    'prometheus.scrape.s: missing required argument forward_to',
    'prometheus.remote_write.local receives nothing: no component forwards to it',
  ]);
});

test.run();
