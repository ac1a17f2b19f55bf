// The receiver pipeline, rendered the way the CLI renders it (schema, semantic checks, catalogue and
// graph check of every block, Kubernetes validation), then read back as Alloy.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { parse } from '../../../lib/alloy/parse.ts';
import { renderEnv } from '../../security/render.ts';

const base = (receiver: Record<string, unknown> = {}, destinations: unknown[] = [{ name: 'tempo', url: 'tempo.tempo.svc:4317', insecure: true }]) => ({
  name: 'test', clusterName: 'eu-1', namespace: 'monitoring',
  receiver: { enabled: true, ...receiver },
  traces: { destinations },
});

function receiverFiles(spec: unknown): Record<string, string> {
  const rendered = renderEnv(spec);
  const cm = rendered.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy-stack-alloy-receiver');
  assert.ok(cm, 'the receiver ConfigMap is rendered');
  return (cm as unknown as { data: Record<string, string> }).data;
}

const blocks = (text: string): Block[] => parse(text, 'x.alloy').body.filter((s): s is Block => s.kind === 'block');
const ids = (text: string) => blocks(text).map((b) => `${b.name}.${b.label}`);

test('processors run in the recommended order: memory_limiter, k8sattributes, resourcedetection, filter, transform, batch', () => {
  const files = receiverFiles(base({ filter: { spans: ['name == "ping"'] } }));
  assert.equal(ids(files['processors.alloy']!), [
    'otelcol.processor.memory_limiter.default', 'otelcol.processor.k8sattributes.default', 'otelcol.processor.resourcedetection.default',
    'otelcol.processor.filter.default', 'otelcol.processor.transform.default', 'otelcol.processor.batch.default',
  ]);
  // Each forwards to the next, batch to the exporter.
  assert.match(files['processors.alloy']!, /traces\s+= \[otelcol\.exporter\.otlp\.tempo\.input\]/);
  assert.match(files['receivers.alloy']!, /traces\s+= \[otelcol\.processor\.memory_limiter\.default\.input\]/);
});

test('optional processors are absent when off; the filter only when it has conditions', () => {
  const files = receiverFiles(base({ k8sattributes: { enabled: false }, resourceDetection: { enabled: false } }));
  assert.equal(ids(files['processors.alloy']!), ['otelcol.processor.memory_limiter.default', 'otelcol.processor.transform.default', 'otelcol.processor.batch.default']);
});

test('memory_limiter is sized from the container memory limit', () => {
  const files = receiverFiles(base({ resources: { limits: { memory: '2Gi' } } }));
  assert.match(files['processors.alloy']!, /limit\s+= "1638MiB"/);
  assert.match(files['processors.alloy']!, /spike_limit\s+= "327MiB"/);
});

test('the cluster name is set on every signal the receiver takes', () => {
  const files = receiverFiles(base({}, [{ name: 'gw', protocol: 'http', url: 'https://otlp.example.com/otlp', signals: ['traces', 'metrics', 'logs'] }]));
  const text = files['processors.alloy']!;
  for (const kind of ['trace_statements', 'metric_statements', 'log_statements']) {
    assert.match(text, new RegExp(`${kind} \\{\\n\\t\\tcontext    = "resource"\\n\\t\\tstatements = \\["set\\(attributes\\[\\\\"k8s.cluster.name\\\\"\\], \\\\"eu-1\\\\"\\)", "set\\(attributes\\[\\\\"cluster\\\\"\\], \\\\"eu-1\\\\"\\)"\\]`));
  }
});

test('only the signals some destination takes pass through', () => {
  // Metrics off: no local Prometheus to join; no log destinations; spans only.
  const files = receiverFiles({ ...base(), metrics: { enabled: false } });
  const text = files['receivers.alloy']!;
  assert.match(text, /traces = /);
  assert.not.match(text, /metrics = /);
  assert.not.match(text, /logs {4}= /);
});

test('each receiver is on or off with its port', () => {
  const files = receiverFiles(base({
    otlp: { http: { enabled: false } },
    jaeger: { grpc: { enabled: true, port: 14251 }, thriftCompact: { enabled: true } },
    zipkin: { enabled: true, port: 9412 },
  }));
  const text = files['receivers.alloy']!;
  assert.equal(ids(text), ['otelcol.receiver.otlp.default', 'otelcol.receiver.jaeger.default', 'otelcol.receiver.zipkin.default']);
  assert.match(text, /"0\.0\.0\.0:4317"/);
  assert.not.match(text, /4318/);
  assert.match(text, /grpc \{\n\t\t\tendpoint = "0\.0\.0\.0:14251"/);
  assert.match(text, /thrift_compact \{\n\t\t\tendpoint = "0\.0\.0\.0:6831"/);
  assert.not.match(text, /thrift_http/);
  assert.match(text, /endpoint = "0\.0\.0\.0:9412"/);
});

test('OTLP destinations: gRPC and HTTP exporters, credentials by reference, tenant header, TLS from a Secret', () => {
  const files = receiverFiles(base({}, [
    { name: 'tempo', url: 'tempo.tempo.svc:4317', tenantId: 'team-a', auth: { type: 'bearer', secret: 'tempo', tokenKey: 'token' },
      tls: { secret: 'tempo-tls', caKey: 'ca.crt', minVersion: 'TLS13' } },
    { name: 'cloud', protocol: 'http', url: 'https://otlp.example.com/otlp', compression: 'zstd',
      auth: { secret: 'cloud', usernameKey: 'user', passwordKey: 'token' }, retry: { maxElapsedTime: '5m' } },
  ]));
  const text = files['otlp-destinations.alloy']!;
  assert.equal(ids(text), ['otelcol.auth.bearer.tempo', 'otelcol.exporter.otlp.tempo', 'otelcol.auth.basic.cloud', 'otelcol.exporter.otlphttp.cloud']);
  assert.match(text, /token = sys\.env\("OTLP_TEMPO_TOKEN"\)/);
  assert.match(text, /"X-Scope-OrgID" = "team-a"/);
  assert.match(text, /ca_pem\s+= sys\.env\("OTLP_TEMPO_TLS_CA"\)/);
  assert.match(text, /min_version = "1\.3"/);
  assert.match(text, /auth\s+= otelcol\.auth\.basic\.cloud\.handler/);
  assert.match(text, /compression = "zstd"/);
  assert.match(text, /max_elapsed_time = "5m"/);
});

test('bad input is refused with the field named', () => {
  const refused = (spec: unknown, pattern: RegExp) => assert.throws(() => renderEnv(spec), pattern);
  refused(base({}, [{ name: 'tempo' }]), /traces\.destinations\[0\]\.url: required/);
  refused(base({}, []), /traces\.destinations: the receiver is on, so at least one destination must take traces/);
  refused(base({ zipkin: { enabled: true, port: 4317 } }), /receiver\.zipkin\.port: port 4317 is already taken by receiver\.otlp\.grpc\.port/);
  refused(base({ otlp: { grpc: { port: 12345 } } }), /receiver\.otlp\.grpc\.port: port 12345 is already taken by Alloy's own server port/);
  refused(base({ transform: { spans: [' '] } }), /receiver\.transform\.spans/);
  refused(base({}, [{ name: 'x', url: 'x:4317', insecure: true, tls: { secret: 's', caKey: 'ca' } }]), /traces\.destinations\[0\]\.insecure/);
  refused(base({}, [{ name: 'x', url: 'x:4317', auth: { type: 'sigv4', region: 'eu-west-1', secret: 'aws', accessKeyIdKey: 'id', secretAccessKeyKey: 'key' } }]), /traces\.destinations\[0\]\.auth\.secret: an OTLP exporter signs with the pod's AWS identity/);
  refused(base({}, [{ name: 'x', url: 'x:4317', auth: { type: 'oauth2', secret: 's', clientId: 'c', clientSecretKey: 'k', tokenUrl: 'https://idp.example.com/token' } }]), /traces\.destinations\[0\]\.auth\.type: oauth2 is not offered/);
  refused(base({}, [{ name: 'x', url: 'x:4317', proxy: { url: 'http://proxy:3128' } }]), /traces\.destinations\[0\]\.proxy: a gRPC exporter takes its proxy from the pod's HTTPS_PROXY/);
  refused(base({}, [{ name: 'x', protocol: 'http', url: 'https://x/otlp', proxy: { url: 'http://proxy:3128', noProxy: ['.svc'] } }]), /traces\.destinations\[0\]\.proxy: an OTLP exporter takes only the proxy url/);
});

test('an HTTP destination goes through its proxy', () => {
  const files = receiverFiles(base({}, [{ name: 'gw', protocol: 'http', url: 'https://otlp.example.com/otlp', proxy: { url: 'http://proxy.internal:3128' } }]));
  assert.match(files['otlp-destinations.alloy']!, /otelcol\.exporter\.otlphttp "gw" \{\n\tclient \{\n\t\tendpoint\s+= "https:\/\/otlp\.example\.com\/otlp"\n[\s\S]*proxy_url\s+= "http:\/\/proxy\.internal:3128"/);
});

test('OTLP metrics reach the local Prometheus unfiltered and the cloud through the allow-list', () => {
  const files = receiverFiles({
    ...base(),
    enableCloudWrite: true,
    cloud: { metrics: { url: 'https://prometheus.example.net/api/prom/push', auth: { secret: 'grafana-cloud', usernameKey: 'user', passwordKey: 'token' } } },
    metricsTuning: { otlp: { includeMetrics: ['http_server_.*'] } },
  });
  const text = files['otlp-metrics.alloy']!;
  // The local writer directly, the cloud writer only behind the relabel that keeps the allow-list.
  assert.match(text, /otelcol\.exporter\.prometheus "default" \{\n\tforward_to = \[prometheus\.remote_write\.local\.receiver, prometheus\.relabel\.otlp_remote\.receiver\]/);
  assert.match(text, /prometheus\.relabel "otlp_remote" \{\n\tforward_to = \[prometheus\.remote_write\.remote\.receiver\][^}]*regex {9}= "up\|scrape_samples_scraped\|http_server_\.\*"\n\t\taction {8}= "keep"/);
  assert.match(files['destinations.alloy']!, /prometheus\.remote_write "local"/);
  assert.match(files['processors.alloy']!, /metrics = \[otelcol\.exporter\.prometheus\.default\.input\]/);
});

test('OTLP logs join the log destinations through otelcol.exporter.loki', () => {
  const files = receiverFiles({ ...base(), logs: { destinations: [{ name: 'loki', url: 'http://loki.logging.svc/loki/api/v1/push' }] } });
  assert.match(files['otlp-logs.alloy']!, /forward_to = \[loki\.write\.loki\.receiver\]/);
  assert.match(files['processors.alloy']!, /logs {4}= \[otelcol\.exporter\.loki\.default\.input\]/);
});

test.run();
