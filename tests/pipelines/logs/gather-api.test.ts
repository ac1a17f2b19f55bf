// logs.gather kubernetesApi: pod logs through the API server by a clustered StatefulSet with no host access, the same
// labels and probe drop as the file path, RBAC pods/log only then; node logs are refused with it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../../lib/config/environment.ts';
import type { KubeObject } from '../../../lib/core/flatten.ts';
import { isUserError } from '../../../lib/errors.ts';
import { render } from '../../../lib/render.ts';

const file = 'environments/test.ts';
const logs = (gather: 'files' | 'kubernetesApi'): EnvironmentInput['logs'] => ({
  gather, destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }], podLabels: { team: 'example.com/team' },
});
const out = (gather: 'files' | 'kubernetesApi', extra: Partial<EnvironmentInput> = {}) =>
  render({ spec: environment({ name: 'test', clusterName: 'c', logs: logs(gather), ...extra }), file, allowLists: {} });
const find = (objects: readonly KubeObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as
  (KubeObject & { spec: Record<string, any>; data: Record<string, string>; rules: { resources: string[]; verbs: string[] }[] }) | undefined;

test('a clustered StatefulSet with position volumes and no host access replaces the DaemonSet', () => {
  const { objects } = out('kubernetesApi', { alloyLogs: { replicas: 3 } });
  assert.is(find(objects, 'DaemonSet', 'alloy-stack-alloy-logs'), undefined);
  const sts = find(objects, 'StatefulSet', 'alloy-stack-alloy-logs')!;
  assert.ok(sts, 'StatefulSet alloy-logs');
  assert.is(sts.spec.replicas, 3);
  assert.is(sts.spec.serviceName, 'alloy-stack-alloy-logs-cluster');
  const pod = sts.spec.template.spec;
  assert.not.ok(JSON.stringify(pod.volumes).includes('hostPath'), 'no hostPath');
  assert.is(pod.securityContext.runAsNonRoot, true);
  assert.ok(pod.containers[0].args.includes('--cluster.enabled=true'));
  assert.ok(find(objects, 'Service', 'alloy-stack-alloy-logs-cluster'));
  assert.ok(find(objects, 'PodDisruptionBudget', 'alloy-stack-alloy-logs'));
});

test('without node-exporter, nothing needs host access: the namespace enforces the restricted Pod Security level', () => {
  const labels = (gather: 'files' | 'kubernetesApi') =>
    find(out(gather, { nodeExporter: { enabled: false } }).objects, 'Namespace', 'monitoring')!.metadata.labels!;
  assert.is(labels('kubernetesApi')['pod-security.kubernetes.io/enforce'], 'restricted');
  assert.is(labels('files')['pod-security.kubernetes.io/enforce'], 'privileged');
});

test('the pipeline reads through the API with clustering, without the runtime format stage or a node filter', () => {
  const text = find(out('kubernetesApi').objects, 'ConfigMap', 'alloy-stack-alloy-logs')!.data['pod-logs.alloy']!;
  assert.match(text, /loki\.source\.kubernetes "pod_logs" \{[\s\S]*clustering \{\s*enabled = true/);
  assert.not.match(text, /loki\.source\.file|local\.file_match|stage\.cri|spec\.nodeName|__path__/);
  assert.match(text, /stage\.drop/, 'probe logs are dropped as on the file path');
  assert.match(text, /team/, 'pod label mappings apply');
  const files = find(out('files').objects, 'ConfigMap', 'alloy-stack-alloy-logs')!.data['pod-logs.alloy']!;
  assert.match(files, /loki\.source\.file "pod_logs"/);
});

test('RBAC: pods/log get only when reading through the API', () => {
  const role = (gather: 'files' | 'kubernetesApi') => find(out(gather).objects, 'ClusterRole', 'monitoring-alloy-stack-alloy-logs')!.rules;
  assert.ok(role('kubernetesApi').some((r) => r.resources.includes('pods/log') && r.verbs.join() === 'get'));
  assert.not.ok(role('files').some((r) => r.resources.includes('pods/log')));
});

test('node logs with kubernetesApi are refused, naming the field', () => {
  try {
    out('kubernetesApi', { logs: { ...logs('kubernetesApi'), nodeLogs: { enabled: true } } });
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.problems.join('\n'), /logs\.nodeLogs\.enabled: node logs are read from the journal/);
  }
});

test.run();
