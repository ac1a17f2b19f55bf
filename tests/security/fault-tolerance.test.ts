// Fault tolerance by configuration: buffered data survives restarts (WAL on a volume, log positions on
// the node), the cloud queue and its stated outage window agree with the arithmetic, multi-replica
// workloads have disruption budgets that still let nodes drain, and an undersized Prometheus warns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import type { Block } from '../../lib/alloy/ast.ts';
import { validateEnvironment } from '../../lib/config/validate.ts';
import type { LabelSelector, PodDisruptionBudget, PodTemplateSpec, StatefulSet } from '../../lib/k8s/types.gen.ts';
import { defaultCloudQueue, outageMinutes } from '../../lib/pipelines/metrics/destinations.ts';
import { storageDir } from '../../lib/workloads/alloy-pod.ts';
import { assumedSamplesPerSecond, quantityBytes } from '../../lib/workloads/retention.ts';
import { repoRoot } from '../support/cli.ts';
import { allBlocks, envFile, ofKind, renderEnv, variant } from './render.ts';

const statefulSet = (name: string, change: Record<string, unknown> = {}) =>
  ofKind<StatefulSet>(renderEnv(variant(change)), 'StatefulSet').find((s) => s.metadata.name === `alloy-stack-${name}`)!;

test('alloy-metrics keeps its WAL on a PersistentVolumeClaim per replica, where --storage.path points', () => {
  const sts = statefulSet('alloy-metrics', { alloyMetrics: { storageSize: '20Gi', storageClassName: 'fast' } });
  const claim = sts.spec!.volumeClaimTemplates!.find((c) => c.metadata!.name === 'storage')!;
  assert.equal(claim.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'fast' });
  const pod = sts.spec!.template.spec!;
  // No pod volume of that name: the mount resolves to the claim, not to an emptyDir that dies with the pod.
  assert.not.ok((pod.volumes ?? []).some((v) => v.name === 'storage'));
  const container = pod.containers[0]!;
  assert.equal(container.volumeMounts!.find((m) => m.name === 'storage'), { name: 'storage', mountPath: storageDir });
  assert.ok(container.args!.includes(`--storage.path=${storageDir}`));
  assert.is(statefulSet('alloy-metrics').spec!.volumeClaimTemplates![0]!.spec!.resources!.requests!.storage, '10Gi');
});

test('alloy-logs keeps its file positions on the node, so a restart resumes instead of re-sending', () => {
  const r = renderEnv(variant({ alloyLogs: { storagePath: '/var/lib/alloy-positions' } }));
  const pod = ofKind<{ metadata: { name: string }; spec: { template: PodTemplateSpec } }>(r, 'DaemonSet').find((d) => d.metadata.name === 'alloy-stack-alloy-logs')!.spec.template.spec!;
  assert.equal(pod.volumes!.find((v) => v.name === 'storage'), { name: 'storage', hostPath: { path: '/var/lib/alloy-positions', type: 'DirectoryOrCreate' } });
  assert.equal(pod.containers[0]!.volumeMounts!.find((m) => m.name === 'storage'), { name: 'storage', mountPath: storageDir });
});

// ---- the cloud queue ----

const numbers = (block: Block | undefined): Record<string, unknown> =>
  Object.fromEntries((block?.body ?? []).flatMap((s) => (s.kind === 'attribute' && (s.value.kind === 'number' || s.value.kind === 'string') ? [[s.name, s.value.value]] : [])));

test('the cloud remote_write carries the queue and WAL settings; without cloud write there is none', () => {
  const r = renderEnv(variant({}));
  const remote = allBlocks(r).find((b) => b.block.name === 'prometheus.remote_write' && b.block.label === 'remote')!.block;
  const endpoint = remote.body.find((s): s is Block => s.kind === 'block' && s.name === 'endpoint');
  const queue = endpoint?.body.find((s): s is Block => s.kind === 'block' && s.name === 'queue_config');
  assert.equal(numbers(queue), { capacity: 10000, max_shards: 50, max_samples_per_send: 2000, max_backoff: '5s' });
  assert.equal(numbers(remote.body.find((s): s is Block => s.kind === 'block' && s.name === 'wal')), { max_keepalive_time: '8h' });

  const tuned = renderEnv(variant({ cloud: { metrics: { queue: { capacity: 20000, walMaxKeepalive: '12h' } } } }));
  const tunedRemote = allBlocks(tuned).find((b) => b.block.name === 'queue_config')!.block;
  assert.equal(numbers(tunedRemote), { capacity: 20000, max_shards: 50, max_samples_per_send: 2000, max_backoff: '5s' });

  const off = renderEnv(variant({ enableCloudWrite: false }));
  assert.equal(allBlocks(off).filter((b) => b.block.label === 'remote' || b.block.name === 'queue_config'), []);
});

test('defaultCloudQueue is the schema\'s default queue', () => {
  const config = validateEnvironment({ name: 'x', clusterName: 'x', enableCloudWrite: true, cloud: { metrics: { url: 'https://x/y', queue: {} } } }, envFile);
  assert.equal(config.cloud.metrics!.queue, defaultCloudQueue);
});

test('outageMinutes: memory is capacity x shards / samples per second; the WAL covers walMaxKeepalive', () => {
  assert.equal(outageMinutes({ ...defaultCloudQueue, capacity: 1000, maxShards: 6 }, 100), { memory: 1, wal: 480 });
  assert.equal(outageMinutes({ ...defaultCloudQueue, walMaxKeepalive: '1h30m' }, 5000), { memory: 500000 / 5000 / 60, wal: 90 });
});

test('the comment on the default queue states the numbers the arithmetic gives', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'lib/pipelines/metrics/destinations.ts'), 'utf8');
  const comment = text.slice(0, text.indexOf('export const defaultCloudQueue')).split('\n').filter((l) => l.startsWith('//')).join(' ');
  const stated = /capacity x maxShards = (\d+)k samples, about (\d+) minutes at (\d+) samples\/s.* ride out (\d+) minutes \((\d+)h\)/.exec(comment.replace(/\s*\/\/\s*/g, ' '));
  assert.ok(stated, comment);
  const [, samplesK, memoryMinutes, rate, walMinutes, walHours] = stated!.map(Number);
  assert.is(samplesK! * 1000, defaultCloudQueue.capacity * defaultCloudQueue.maxShards);
  // The same ingest estimate that sizes Prometheus' retention (lib/workloads/retention.ts).
  assert.is(rate, assumedSamplesPerSecond);
  const covered = outageMinutes(defaultCloudQueue, rate!);
  assert.is(Math.floor(covered.memory), memoryMinutes);
  assert.is(covered.wal, walMinutes);
  assert.is(walHours! * 60, walMinutes);
});

test('the default WAL volume holds the whole keepalive window, even at 16 bytes per uncompressed sample', () => {
  const seconds = outageMinutes(defaultCloudQueue, assumedSamplesPerSecond).wal * 60;
  const walBytes = seconds * assumedSamplesPerSecond * 16;
  const volume = quantityBytes(String(statefulSet('alloy-metrics').spec!.volumeClaimTemplates![0]!.spec!.resources!.requests!.storage));
  assert.ok(walBytes < volume / 2, `${walBytes} bytes of WAL on a ${volume}-byte volume`);
});

// ---- disruption budgets ----

function selects(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);
}

for (const replicas of [1, 2, 3, 5]) {
  test(`alloy-metrics with ${replicas} replica(s): a budget exactly when there is more than one, and it lets a node drain`, () => {
    const r = renderEnv(variant({ alloyMetrics: { replicas } }));
    const budgets = ofKind<PodDisruptionBudget>(r, 'PodDisruptionBudget');
    const workloads = ['Deployment', 'StatefulSet'].flatMap((kind) => ofKind<{ metadata: { name: string }; spec: { replicas?: number; template: PodTemplateSpec } }>(r, kind));
    for (const w of workloads) {
      const covering = budgets.filter((b) => selects(b.spec!.selector!, w.spec.template.metadata?.labels));
      const count = w.spec.replicas ?? 1;
      assert.is(covering.length, count > 1 ? 1 : 0, `${w.metadata.name} (${count} replicas)`);
      for (const b of covering) {
        // One pod may go at a time, and at least one always may: a budget must never block a drain.
        const allowed = b.spec!.maxUnavailable !== undefined ? Number(b.spec!.maxUnavailable) : count - Number(b.spec!.minAvailable);
        assert.is(allowed, 1, b.metadata.name);
      }
    }
    assert.is(workloads.find((w) => w.metadata.name === 'alloy-stack-alloy-metrics')!.spec.replicas, replicas);
  });
}

// ---- Prometheus retention vs its volume ----

test('a retention the volume cannot hold comes back from render() as a warning naming file and field', () => {
  const r = renderEnv(variant({ prometheus: { retention: '1y', storage: '1Gi' } }));
  assert.is(r.warnings.length, 1);
  assert.match(r.warnings[0]!, /^environments\/test\.ts: prometheus: retention 1y needs about [\d.]+Gi at 2000 samples\/s .* but 1Gi leaves about 0\.8Gi for blocks; raise prometheus\.storage or lower prometheus\.retention/);
  assert.equal(renderEnv(variant({ prometheus: { retention: '15d', storage: '50Gi' } })).warnings, []);
  // No warning about a Prometheus that is not rendered.
  assert.equal(renderEnv(variant({ metrics: { enabled: false }, prometheus: { retention: '1y', storage: '1Gi' } })).warnings, []);
});

test.run();
