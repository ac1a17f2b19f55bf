// kube-state-metrics and node-exporter: how they run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { checkRe2 } from '../../lib/alloy/re2.ts';
import { images, imageVersion } from '../../lib/workloads/images.ts';
import { tree } from './fixture.ts';

test('node-exporter: host /proc, /sys and / read-only under /host, matching --path flags', () => {
  const ds = tree().nodeExporter!.daemonSet;
  const pod = ds.spec.template.spec!;
  const container = pod.containers[0]!;
  assert.is(pod.hostNetwork, true);
  assert.is(pod.hostPID, true);
  assert.equal(pod.tolerations, [{ operator: 'Exists' }]);
  assert.equal(pod.volumes!.map((v) => `${v.name}:${v.hostPath!.path}`), ['proc:/proc', 'sys:/sys', 'root:/']);
  assert.equal(container.volumeMounts!.map((m) => `${m.name}:${m.mountPath}:${m.readOnly}`), ['proc:/host/proc:true', 'sys:/host/sys:true', 'root:/host/root:true']);
  const args = container.args!;
  assert.equal(args.slice(0, 3), ['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']);
  assert.ok(args.some((a) => a.startsWith('--collector.filesystem.mount-points-exclude=^/(dev|proc|sys')));
  assert.ok(args.includes('--web.listen-address=:9100'));
  // node-exporter compiles these with Go's regexp (RE2).
  for (const arg of args.filter((a) => /exclude|ignored/.test(a))) assert.is(checkRe2(arg.slice(arg.indexOf('=') + 1)), undefined, arg);
});

test('the real node-exporter knows every flag we pass', () => {
  const help = spawnSync('prometheus-node-exporter', ['--help'], { encoding: 'utf8' });
  if ((help.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') assert.unreachable('prometheus-node-exporter not found: run scripts/install-tools.sh');
  const known = `${help.stdout}${help.stderr}`;
  for (const arg of tree().nodeExporter!.daemonSet.spec.template.spec!.containers[0]!.args!) {
    const flag = arg.split('=')[0]!;
    assert.ok(known.includes(flag), `node-exporter --help does not list ${flag}`);
  }
});

test('kube-state-metrics: one replica, probes on its two ports', () => {
  const d = tree().kubeStateMetrics!.deployment!;
  const container = d.spec.template.spec!.containers[0]!;
  assert.is(d.spec.replicas, 1);
  assert.equal(container.livenessProbe!.httpGet, { path: '/livez', port: 'http-metrics' });
  assert.equal(container.readinessProbe!.httpGet, { path: '/readyz', port: 'telemetry' });
  assert.equal(container.args!.slice(0, 2), ['--port=8080', '--telemetry-port=8081']);
});

test('images are pinned to exact versions, and the version label comes from the tag', () => {
  // Exact versions; OpenCost and windows-exporter tag their releases without the v.
  for (const image of Object.values(images)) assert.match(image, /^[a-z0-9.-]+\.[a-z]+\/[a-z0-9./_-]+:v?\d+\.\d+\.\d+$/);
  assert.match(images.alloy, /:v1\.18\.\d+$/);
  assert.match(images.prometheus, /:v3\.([89]|\d\d)\.\d+$/);
  assert.match(images.kubeStateMetrics, /:v2\.\d+\.\d+$/);
  assert.match(images.nodeExporter, /:v1\.\d+\.\d+$/);
  assert.is(imageVersion('docker.io/grafana/alloy:v1.18.1'), '1.18.1');
  assert.is(imageVersion('localhost:5000/alloy:1.18.1-custom'), '1.18.1-custom');
  assert.is(imageVersion('localhost:5000/alloy'), undefined);
  assert.is(imageVersion(`grafana/alloy@sha256:${'a'.repeat(64)}`), undefined);
  assert.is(imageVersion(`grafana/alloy:v1.18.1@sha256:${'a'.repeat(64)}`), '1.18.1');
});

test.run();
