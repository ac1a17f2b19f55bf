// checksum/config rolls the pods exactly when the config changes.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { configChecksum } from '../../lib/workloads/checksum.ts';
import { inputs, tree } from './fixture.ts';
import type { Workloads } from '../../lib/workloads/index.ts';

const checksums = (t: Workloads) => ({
  metrics: t.alloyMetrics!.statefulSet.spec.template.metadata!.annotations!['checksum/config'],
  logs: t.alloyLogs!.daemonSet!.spec.template.metadata!.annotations!['checksum/config'],
  events: t.alloyEvents!.deployment.spec.template.metadata!.annotations!['checksum/config'],
  prometheus: t.prometheus!.statefulSet.spec.template.metadata!.annotations!['checksum/config'],
});

test('the annotation is the sha256 of the ConfigMap data', () => {
  const t = tree();
  assert.match(checksums(t).metrics!, /^[0-9a-f]{64}$/);
  assert.is(checksums(t).metrics, configChecksum(t.alloyMetrics!.configMap.data!));
  assert.is(checksums(t).prometheus, configChecksum(t.prometheus!.configMap.data!));
});

test('changing one file changes only that workload checksum', () => {
  const before = checksums(tree());
  const changed = inputs();
  changed.logs.files = { ...changed.logs.files, 'pod-logs.alloy': 'local.file_match "pods" { path_targets = [] }\n' };
  const after = checksums(tree({}, changed));
  assert.is.not(after.logs, before.logs);
  assert.is(after.metrics, before.metrics);
  assert.is(after.events, before.events);
  assert.is(after.prometheus, before.prometheus);
});

test('adding or renaming a file changes it; file order and unrelated settings do not', () => {
  const before = checksums(tree());
  const reordered = inputs();
  reordered.metrics.files = Object.fromEntries(Object.entries(reordered.metrics.files).reverse());
  assert.is(checksums(tree({}, reordered)).metrics, before.metrics);
  assert.is(checksums(tree({ alloyMetrics: { replicas: 5 }, networkPolicies: false })).metrics, before.metrics);

  const added = inputs();
  added.metrics.files = { ...added.metrics.files, 'apps.alloy': '' };
  assert.is.not(checksums(tree({}, added)).metrics, before.metrics);
  const renamed = inputs();
  const { 'kubelet.alloy': kubelet, ...rest } = renamed.metrics.files;
  renamed.metrics.files = { ...rest, 'kubelet2.alloy': kubelet! };
  assert.is.not(checksums(tree({}, renamed)).metrics, before.metrics);
});

test('the checksum does not confuse content moved between file name and text', () => {
  assert.is.not(configChecksum({ 'a.alloy': 'b' }), configChecksum({ 'ab.alloy': '' }));
});

test('the digest is sha256 of the sorted entries as JSON, also when a text was seen before', () => {
  const data = { 'b.alloy': 'x = "\\q"\n\t\u2028', 'a.alloy': '// é\n', 'c.alloy': '' };
  const expected = createHash('sha256').update(JSON.stringify(Object.keys(data).sort().map((k) => [k, data[k as keyof typeof data]]))).digest('hex');
  assert.is(configChecksum(data), expected);
  assert.is(configChecksum(data), expected);
  assert.is(configChecksum({}), createHash('sha256').update('[]').digest('hex'));
});

test('a file Alloy would not load is an error, naming the file', () => {
  const bad = inputs();
  bad.metrics.files = { ...bad.metrics.files, 'config.yaml': '' };
  assert.throws(() => tree({}, bad), /"config\.yaml" cannot be an Alloy config file/);
});

test.run();
