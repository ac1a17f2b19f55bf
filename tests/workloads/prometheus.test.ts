// Prometheus: a storage-only prometheus.yml that the real promtool accepts, flags the real binary
// knows, and the retention-versus-volume estimate.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { retentionFits } from '../../lib/workloads/prometheus.ts';
import { durationSeconds, quantityBytes, retentionSize } from '../../lib/workloads/retention.ts';
import { tree } from './fixture.ts';

const rendered = () => tree({ prometheus: { retention: '30d', storage: '100Gi', storageClassName: 'fast' } }).prometheus!;

/** Runs a real tool; a missing tool fails the test with the way to install it. */
function run(tool: string, args: string[]) {
  const result = spawnSync(tool, args, { encoding: 'utf8' });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') assert.unreachable(`${tool} not found: run scripts/install-tools.sh`);
  return result;
}

test('prometheus.yml parses, scrapes nothing and accepts out-of-order samples for 30m', () => {
  const config = parse(rendered().configMap.data!['prometheus.yml']!);
  assert.equal(config, { scrape_configs: [], storage: { tsdb: { out_of_order_time_window: '30m' } } });
});

test('the real promtool accepts the rendered prometheus.yml', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alloy-stack-promtool-'));
  try {
    const file = path.join(dir, 'prometheus.yml');
    writeFileSync(file, rendered().configMap.data!['prometheus.yml']!);
    const result = run('promtool', ['check', 'config', file]);
    assert.is(result.status, 0, `promtool check config failed:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('args: config, storage, listen address, remote-write receiver, retention from the environment', () => {
  const container = rendered().statefulSet.spec.template.spec!.containers[0]!;
  assert.equal(container.args, [
    '--config.file=/etc/prometheus/prometheus.yml',
    '--storage.tsdb.path=/prometheus',
    '--web.listen-address=:9090',
    '--web.enable-remote-write-receiver',
    '--storage.tsdb.retention.time=30d',
    '--storage.tsdb.retention.size=81920MB',
  ]);
  assert.equal(container.volumeMounts!.map((m) => `${m.name}:${m.mountPath}`), ['config:/etc/prometheus', 'data:/prometheus']);
  assert.equal(container.readinessProbe!.httpGet, { path: '/-/ready', port: 'http-web' });
});

test('the real prometheus binary knows every flag we pass', () => {
  const help = run('prometheus', ['--help']);
  const known = `${help.stdout}${help.stderr}`;
  for (const arg of rendered().statefulSet.spec.template.spec!.containers[0]!.args!) {
    const flag = arg.split('=')[0]!;
    assert.ok(known.includes(`${flag}`), `prometheus --help does not list ${flag}`);
  }
});

test('the volume claim uses the environment size and storage class', () => {
  const claim = rendered().statefulSet.spec.volumeClaimTemplates![0]!;
  assert.is(claim.metadata!.name, 'data');
  assert.equal(claim.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } }, storageClassName: 'fast' });
  assert.not.ok('storageClassName' in tree().prometheus!.statefulSet.spec.volumeClaimTemplates![0]!.spec!);
});

test('retentionFits: warns for 1y on 1Gi, not for 15d on 50Gi', () => {
  const warning = retentionFits('1y', '1Gi');
  assert.type(warning, 'string');
  assert.match(warning!, /retention 1y needs about .*Gi .* 1Gi/);
  assert.is(retentionFits('15d', '50Gi'), undefined);
  assert.is(retentionFits('3d', '10Gi'), undefined);
  assert.type(retentionFits('90d', '10Gi'), 'string');
});

test('durations and quantities parse as Prometheus and Kubernetes do', () => {
  assert.is(durationSeconds('15d'), 15 * 86400);
  assert.is(durationSeconds('1w2d12h'), 9 * 86400 + 12 * 3600);
  assert.is(durationSeconds('1y'), 365 * 86400);
  assert.is(durationSeconds('500ms'), 0.5);
  assert.throws(() => durationSeconds('15 days'), /not a Prometheus duration/);
  assert.is(quantityBytes('50Gi'), 50 * 2 ** 30);
  assert.is(quantityBytes('1.5G'), 1.5e9);
  assert.is(quantityBytes('512'), 512);
  assert.throws(() => quantityBytes('50GB'), /not a Kubernetes quantity/);
  assert.is(retentionSize('50Gi'), '40960MB');
});

test.run();
