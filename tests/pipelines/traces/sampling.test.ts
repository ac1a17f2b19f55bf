// Tail sampling, span metrics and the service graph (issue 16's done-when): with two sampling replicas
// the load-balancing tier is rendered (trace-ID routing through a headless Service to alloy-sampler,
// where the policies and the trace exporters run); with one receiver replica sampling runs in process;
// the connectors' metrics join the metrics path; turning the receiver off removes every object of it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { parse } from '../../../lib/alloy/parse.ts';
import type { Rendered } from '../../../lib/render.ts';
import { ofKind, renderEnv } from '../../security/render.ts';

const policies = [
  { name: 'errors', statusCode: { codes: ['ERROR'] } },
  { name: 'slow', latency: { thresholdMs: 2000 } },
  { name: 'checkout', attribute: { key: 'service.name', values: ['checkout'] } },
  { name: 'baseline', probabilistic: { percentage: 10 } },
];
const spec = (receiver: Record<string, unknown>) => ({
  name: 'test', clusterName: 'eu-1', namespace: 'monitoring',
  receiver: { enabled: true, ...receiver },
  traces: { destinations: [{ name: 'tempo', url: 'tempo.tempo.svc:4317', insecure: true }] },
});

function alloy(r: Rendered, configMap: string): Block[] {
  const cm = ofKind<{ metadata: { name: string }; data: Record<string, string> }>(r, 'ConfigMap').find((c) => c.metadata.name === `alloy-stack-${configMap}`);
  if (cm === undefined) return [];
  return Object.entries(cm.data).flatMap(([name, text]) => parse(text, name).body.filter((s): s is Block => s.kind === 'block'));
}
const ids = (blocks: Block[]) => blocks.map((b) => `${b.name}.${b.label}`);
const names = (r: Rendered) => r.objects.map((o) => `${o.kind}/${o.metadata?.name}`);

const tiered = renderEnv(spec({ replicas: 2, tailSampling: { enabled: true, replicas: 2, policies } }));

test('two sampling replicas: the receiver routes by trace ID to the headless Service of alloy-sampler', () => {
  const receiver = alloy(tiered, 'alloy-receiver');
  const lb = receiver.find((b) => b.name === 'otelcol.exporter.loadbalancing')!;
  assert.ok(lb, ids(receiver).join());
  const text = JSON.stringify(lb);
  assert.match(text, /"routing_key".*"traceID"/);
  assert.match(text, /"hostname".*"alloy-stack-alloy-sampler\.monitoring\.svc\.cluster\.local"/);
  assert.not.ok(ids(receiver).some((id) => id.startsWith('otelcol.processor.tail_sampling')), 'no sampling decision in the receiver');
  assert.not.ok(ids(receiver).includes('otelcol.exporter.otlp.tempo'), 'the trace exporter runs in the sampling tier');
  const service = ofKind<{ metadata: { name: string }; spec: { clusterIP?: string } }>(tiered, 'Service').find((s) => s.metadata.name === 'alloy-stack-alloy-sampler')!;
  assert.is(service.spec.clusterIP, 'None', 'headless: the load balancer resolves every sampler pod');
  const sampler = ofKind<{ metadata: { name: string }; spec: { replicas: number } }>(tiered, 'Deployment').find((d) => d.metadata.name === 'alloy-stack-alloy-sampler')!;
  assert.is(sampler.spec.replicas, 2);
});

test('the sampling tier: every typed policy, then the batch and the trace exporters', () => {
  const sampler = alloy(tiered, 'alloy-sampler');
  const tail = sampler.find((b) => b.name === 'otelcol.processor.tail_sampling')!;
  const rendered = tail.body.filter((s): s is Block => s.kind === 'block' && s.name === 'policy').map((p) => {
    const type = p.body.find((s) => s.kind === 'attribute' && s.name === 'type');
    return type?.kind === 'attribute' && type.value.kind === 'string' ? type.value.value : '?';
  });
  assert.equal(rendered, ['status_code', 'latency', 'string_attribute', 'probabilistic']);
  assert.ok(ids(sampler).includes('otelcol.exporter.otlp.tempo'));
  assert.ok(ids(sampler).includes('otelcol.receiver.otlp.default'));
});

test('one receiver replica: sampling in process, no sampling tier', () => {
  const r = renderEnv(spec({ replicas: 1, tailSampling: { enabled: true, loadBalancing: false, policies } }));
  assert.ok(ids(alloy(r, 'alloy-receiver')).includes('otelcol.processor.tail_sampling.default'));
  assert.not.ok(names(r).some((n) => n.includes('alloy-sampler')));
});

test('span metrics and the service graph: every span before sampling, their metrics into the metrics path', () => {
  const r = renderEnv(spec({ replicas: 2, spanMetrics: { enabled: true }, serviceGraph: { enabled: true }, tailSampling: { enabled: true, replicas: 2, policies } }));
  const receiver = alloy(r, 'alloy-receiver');
  const batch = JSON.stringify(receiver.find((b) => b.name === 'otelcol.processor.batch'));
  for (const connector of ['spanmetrics', 'servicegraph', 'loadbalancing']) assert.match(batch, new RegExp(`"${connector}"`), connector);
  for (const connector of ['otelcol.connector.spanmetrics', 'otelcol.connector.servicegraph']) {
    const output = JSON.stringify(receiver.find((b) => b.name === connector));
    assert.match(output, /"exporter","prometheus"/, `${connector} feeds otelcol.exporter.prometheus`);
  }
});

test('receiver off: no workload, Service, NetworkPolicy or RBAC of it or of the sampling tier', () => {
  const off = renderEnv({ ...spec({}), receiver: { enabled: false } });
  assert.equal(names(off).filter((n) => /alloy-(receiver|sampler)/.test(n)), []);
  assert.ok(names(tiered).some((n) => n === 'NetworkPolicy/alloy-stack-alloy-receiver'));
  assert.ok(names(tiered).some((n) => n.startsWith('ClusterRole/') && n.includes('alloy-receiver')));
});

test.run();
