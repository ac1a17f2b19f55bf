// The receiver workload, rendered end to end: its objects exist exactly when the receiver is on, the
// Service and NetworkPolicy carry exactly the enabled ports, and RBAC follows k8sattributes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { renderEnv } from '../security/render.ts';

const spec = (receiver: Record<string, unknown> = {}) => ({
  name: 'test', clusterName: 'eu-1', namespace: 'monitoring',
  receiver: { enabled: true, ...receiver },
  traces: { destinations: [{ name: 'tempo', url: 'tempo.tempo.svc:4317', insecure: true }] },
});

const receiverObjects = (s: unknown): KubeObject[] =>
  renderEnv(s).objects.filter((o) => o.metadata.name === 'alloy-stack-alloy-receiver' || o.metadata.name?.endsWith('-alloy-receiver'));
const kinds = (objects: KubeObject[]) => objects.map((o) => o.kind).sort();
const find = <T>(objects: KubeObject[], kind: string) => objects.find((o) => o.kind === kind) as unknown as T;

test('on: a Deployment, its Service, NetworkPolicy, ConfigMap, ServiceAccount and k8sattributes RBAC', () => {
  assert.equal(kinds(receiverObjects(spec({ replicas: 3 }))), ['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'Service', 'ServiceAccount']);
  const deployment = find<{ spec: { replicas: number } }>(receiverObjects(spec({ replicas: 3 })), 'Deployment');
  assert.is(deployment.spec.replicas, 3);
});

test('off: none of its objects, RBAC included', () => {
  assert.equal(receiverObjects({ ...spec(), receiver: { enabled: false } }), []);
});

test('k8sattributes off: no ClusterRole, and no API token mounted', () => {
  const objects = receiverObjects(spec({ k8sattributes: { enabled: false } }));
  assert.equal(kinds(objects), ['ConfigMap', 'Deployment', 'NetworkPolicy', 'Service', 'ServiceAccount']);
  assert.is(find<{ automountServiceAccountToken: boolean }>(objects, 'ServiceAccount').automountServiceAccountToken, false);
});

test('k8sattributes reads pods, namespaces, nodes and replicasets, read-only', () => {
  const role = find<{ rules: { resources: string[]; verbs: string[] }[] }>(receiverObjects(spec()), 'ClusterRole');
  assert.equal(role.rules.flatMap((r) => r.resources).sort(), ['namespaces', 'nodes', 'pods', 'replicasets']);
  for (const r of role.rules) assert.equal(r.verbs, ['get', 'list', 'watch']);
});

test('the Service and NetworkPolicy expose exactly the enabled receiver ports', () => {
  const objects = receiverObjects(spec({ otlp: { http: { enabled: false } }, jaeger: { thriftCompact: { enabled: true } }, zipkin: { enabled: true } }));
  const service = find<{ spec: { ports: { name: string; port: number; protocol: string }[] } }>(objects, 'Service');
  assert.equal(service.spec.ports.map((p) => `${p.name}/${p.protocol}/${p.port}`), ['otlp-grpc/TCP/4317', 'jaeger-compact/UDP/6831', 'zipkin/TCP/9411']);
  const policy = find<{ spec: { ingress: { from: unknown[]; ports: { port: number; protocol: string }[] }[] } }>(objects, 'NetworkPolicy');
  const open = policy.spec.ingress.find((i) => JSON.stringify(i.from) === JSON.stringify([{ namespaceSelector: {} }]));
  assert.ok(open, 'applications in any namespace may send');
  assert.equal(open!.ports.map((p) => `${p.protocol}/${p.port}`), ['TCP/4317', 'UDP/6831', 'TCP/9411']);
  const deployment = find<{ spec: { template: { spec: { containers: { ports: { name: string }[] }[] } } } }>(objects, 'Deployment');
  assert.equal(deployment.spec.template.spec.containers[0]!.ports.map((p) => p.name), ['http-metrics', 'otlp-grpc', 'jaeger-compact', 'zipkin']);
});

test('DaemonSet by one switch, its Service keeping traffic on the node', () => {
  const objects = receiverObjects(spec({ kind: 'DaemonSet' }));
  assert.ok(objects.some((o) => o.kind === 'DaemonSet'));
  assert.not.ok(objects.some((o) => o.kind === 'Deployment'));
  assert.is(find<{ spec: { internalTrafficPolicy: string } }>(objects, 'Service').spec.internalTrafficPolicy, 'Local');
});

test('destination credentials come in as secretKeyRef environment variables', () => {
  const objects = receiverObjects({
    ...spec(),
    traces: { destinations: [{ name: 'cloud', protocol: 'http', url: 'https://otlp.example.com/otlp', auth: { secret: 'cloud', usernameKey: 'user', passwordKey: 'token' } }] },
  });
  const deployment = find<{ spec: { template: { spec: { containers: { env: unknown[] }[] } } } }>(objects, 'Deployment');
  assert.equal(deployment.spec.template.spec.containers[0]!.env, [
    { name: 'OTLP_CLOUD_USERNAME', valueFrom: { secretKeyRef: { name: 'cloud', key: 'user' } } },
    { name: 'OTLP_CLOUD_PASSWORD', valueFrom: { secretKeyRef: { name: 'cloud', key: 'token' } } },
  ]);
});

test.run();
