// The three Alloy workloads: how each runs its config directory, where it keeps its state, and
// what it gets from Secrets and the node.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inputs, tree } from './fixture.ts';

const base = ['run', '/etc/alloy', '--storage.path=/var/lib/alloy/data', '--server.http.listen-addr=0.0.0.0:12345'];
const tail = ['--disable-reporting', '--stability.level=generally-available'];

test('alloy-metrics: clustered StatefulSet running the config directory', () => {
  const m = tree().alloyMetrics!;
  const spec = m.statefulSet.spec;
  const container = spec.template.spec!.containers[0]!;
  assert.equal(container.args, [...base, '--cluster.enabled=true', '--cluster.join-addresses=alloy-stack-alloy-metrics-cluster', '--cluster.name=alloy-stack-alloy-metrics', ...tail]);
  assert.is(spec.replicas, 2);
  assert.is(spec.podManagementPolicy, 'Parallel');
  assert.is(spec.minReadySeconds, 10);
  assert.equal(m.configMap.data, inputs().metrics.files);
  assert.equal(Object.keys(m.configMap.data!), ['destinations.alloy', 'kubelet.alloy']);
  assert.equal(spec.template.spec!.volumes, [{ name: 'config', configMap: { name: 'alloy-stack-alloy-metrics' } }]);
  assert.equal(container.volumeMounts, [
    { name: 'config', mountPath: '/etc/alloy', readOnly: true },
    { name: 'storage', mountPath: '/var/lib/alloy/data' },
  ]);
  assert.equal(container.readinessProbe!.httpGet, { path: '/-/ready', port: 'http-metrics' });
  assert.equal(spec.template.spec!.affinity!.podAntiAffinity!.preferredDuringSchedulingIgnoredDuringExecution![0]!.podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
  assert.is(spec.template.spec!.topologySpreadConstraints!.length, 1);
});

test('alloy-metrics: the WAL volume claim follows the environment', () => {
  const claim = (spec: Record<string, unknown>) => tree(spec).alloyMetrics!.statefulSet.spec.volumeClaimTemplates![0]!;
  assert.is(claim({}).metadata!.name, 'storage');
  assert.equal(claim({}).spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
  assert.equal(claim({ alloyMetrics: { storageSize: '20Gi', storageClassName: 'gp3' } }).spec, {
    accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'gp3',
  });
});

test('alloy-metrics: a PodDisruptionBudget only with more than one replica', () => {
  assert.equal(tree().alloyMetrics!.podDisruptionBudget!.spec.maxUnavailable, 1);
  assert.is(tree({ alloyMetrics: { replicas: 1 } }).alloyMetrics!.podDisruptionBudget, undefined);
  assert.not.ok('podDisruptionBudget' in tree({ alloyMetrics: { replicas: 1 } }).alloyMetrics!);
});

test('credentials come from Secrets by reference; node name only in the logs DaemonSet', () => {
  const t = tree();
  assert.equal(t.alloyMetrics!.statefulSet.spec.template.spec!.containers[0]!.env, [
    { name: 'CLOUD_METRICS_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-cloud', key: 'token' } } },
  ]);
  assert.equal(t.alloyLogs!.daemonSet!.spec.template.spec!.containers[0]!.env, [
    { name: 'HOSTNAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'CLOUD_LOGS_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana-cloud', key: 'logs-token' } } },
  ]);
  assert.not.ok('env' in t.alloyEvents!.deployment.spec.template.spec!.containers[0]!);
  for (const o of [t.alloyMetrics!, t.alloyLogs!, t.alloyEvents!]) {
    const text = JSON.stringify(o);
    assert.not.ok(text.includes('"value":'), 'no literal env values');
  }
});

test('resources: defaults, or the environment per part', () => {
  const container = (spec: Record<string, unknown>) => tree(spec).alloyMetrics!.statefulSet.spec.template.spec!.containers[0]!;
  assert.equal(container({}).resources, { requests: { cpu: '100m', memory: '512Mi' }, limits: { memory: '2Gi' } });
  assert.equal(container({ alloyMetrics: { resources: { limits: { cpu: '2', memory: '4Gi' } } } }).resources, {
    requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '2', memory: '4Gi' },
  });
  const logs = tree({ alloyLogs: { resources: { requests: { memory: '256Mi' } } } }).alloyLogs!.daemonSet!.spec.template.spec!.containers[0]!;
  assert.equal(logs.resources!.requests, { memory: '256Mi' });
});

test('an environment image replaces the pinned one and sets the version label', () => {
  const m = tree({ alloyMetrics: { image: 'registry.example.com/grafana/alloy:v1.18.0' } }).alloyMetrics!;
  assert.is(m.statefulSet.spec.template.spec!.containers[0]!.image, 'registry.example.com/grafana/alloy:v1.18.0');
  assert.is(m.statefulSet.spec.template.metadata!.labels!['app.kubernetes.io/version'], '1.18.0');
  assert.not.ok('app.kubernetes.io/version' in m.statefulSet.spec.selector.matchLabels!);
});

test('alloy-logs: one pod per node, every taint tolerated, no clustering, host logs read-only', () => {
  const l = tree({ alloyLogs: { storagePath: '/var/lib/alloy-positions' } }).alloyLogs!;
  const pod = l.daemonSet!.spec.template.spec!;
  const container = pod.containers[0]!;
  assert.equal(container.args, [...base, ...tail]);
  assert.equal(pod.tolerations, [{ operator: 'Exists' }]);
  assert.equal(pod.volumes, [
    { name: 'config', configMap: { name: 'alloy-stack-alloy-logs' } },
    { name: 'storage', hostPath: { path: '/var/lib/alloy-positions', type: 'DirectoryOrCreate' } },
    { name: 'pod-logs', hostPath: { path: '/var/log/pods' } },
    { name: 'journal', hostPath: { path: '/var/log/journal' } },
  ]);
  assert.equal(container.volumeMounts, [
    { name: 'config', mountPath: '/etc/alloy', readOnly: true },
    { name: 'storage', mountPath: '/var/lib/alloy/data' },
    { name: 'pod-logs', mountPath: '/var/log/pods', readOnly: true },
    { name: 'journal', mountPath: '/var/log/journal', readOnly: true },
  ]);
  assert.ok(container.readinessProbe);
  assert.ok(l.daemonSet!.spec.template.metadata!.annotations!['checksum/config']);
});

test('alloy-logs: a host mount named like a built-in volume is refused', () => {
  const given = inputs();
  given.logs.hostMounts = [{ name: 'storage', path: '/var/log' }];
  assert.throws(() => tree({}, given), /host mount name "storage" is already used/);
});

test('alloy-events: one replica, replaced not rolled, state in an emptyDir', () => {
  const e = tree().alloyEvents!;
  assert.is(e.deployment.spec.replicas, 1);
  assert.equal(e.deployment.spec.strategy, { type: 'Recreate' });
  assert.equal(e.deployment.spec.template.spec!.containers[0]!.args, [...base, ...tail]);
  assert.equal(e.deployment.spec.template.spec!.volumes![1], { name: 'storage', emptyDir: { sizeLimit: '1Gi' } });
});

test.run();
