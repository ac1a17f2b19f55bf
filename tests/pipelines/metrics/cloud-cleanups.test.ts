// The cloud-only clean-ups of cadvisor and node-exporter (the k8s-monitoring chart's), run with Alloy's
// relabel semantics on sample series: what crosses to Grafana Cloud, and that the local path and a
// cloud-write-off render do not change.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { print } from '../../../lib/alloy/print.ts';
import type { AlloyConfig } from '../../../lib/pipelines/alloy-config.ts';
import { applyRules, rulesOf } from '../logs/relabel-run.ts';
import { attribute, components, fileNamed, refPaths, render, text } from './support.ts';

type Series = Record<string, string>;

// The stand-in lists of support.ts plus the names the samples need, so the allow-list lets them through
// and what is dropped is dropped by a clean-up.
const tuning = {
  metricsTuning: {
    cadvisor: { includeMetrics: ['machine_memory_bytes', 'container_cpu_usage_seconds_total', 'container_fs_reads_total', 'container_fs_writes_bytes_total'] },
    'node-exporter': { includeMetrics: ['node_filesystem_avail_bytes', 'node_filesystem_size_bytes'] },
  },
};

function cloudRelabel(config: AlloyConfig, label: string): Block {
  const found = components(config).find((c) => c.id === `prometheus.relabel.${label}_remote`);
  if (!found) throw new Error(`no prometheus.relabel.${label}_remote`);
  return found.block;
}

/** What reaches the cloud remote_write from the component's scrape, or undefined when dropped. */
const toCloud = (config: AlloyConfig, label: string, series: Series) => applyRules(rulesOf(cloudRelabel(config, label)), series);

const container = { namespace: 'shop', pod: 'web-0', container: 'app', image: 'registry.example/web:1.2' };

const cadvisorCases: [string, Series, boolean][] = [
  ['memory with an empty container (cgroup aggregate)', { __name__: 'container_memory_working_set_bytes', ...container, container: '' }, false],
  ['memory without a container label at all', { __name__: 'container_memory_working_set_bytes', namespace: 'shop', pod: 'web-0', image: 'x' }, false],
  ['memory of a container', { __name__: 'container_memory_working_set_bytes', ...container, image: 'x' }, true],
  ['cpu with an empty container', { __name__: 'container_cpu_usage_seconds_total', ...container, container: '' }, false],
  ['cpu of a container', { __name__: 'container_cpu_usage_seconds_total', ...container }, true],
  ['memory with an empty image', { __name__: 'container_memory_working_set_bytes', ...container, image: '' }, false],
  ['network with an empty image', { __name__: 'container_network_receive_bytes_total', ...container, container: '', image: '', interface: 'eth0' }, false],
  ['fs on /dev/sda', { __name__: 'container_fs_reads_total', ...container, device: '/dev/sda' }, true],
  ['fs on nvme0n1 (no /dev/)', { __name__: 'container_fs_reads_total', ...container, device: 'nvme0n1' }, true],
  ['fs on /dev/mmcblk0p1', { __name__: 'container_fs_writes_bytes_total', ...container, device: '/dev/mmcblk0p1' }, true],
  ['fs on /dev/loop0', { __name__: 'container_fs_reads_total', ...container, device: '/dev/loop0' }, false],
  ['fs on overlay', { __name__: 'container_fs_reads_total', ...container, device: 'overlay' }, false],
  ['fs without a device', { __name__: 'container_fs_reads_total', ...container }, false],
  ['fs with an empty container', { __name__: 'container_fs_reads_total', ...container, container: '', device: '/dev/sda' }, false],
  // Network series are per pod: the chart keeps them with an empty container as long as the image is set.
  ['network on eth0', { __name__: 'container_network_receive_bytes_total', ...container, container: '', interface: 'eth0' }, true],
  ['network on ens5', { __name__: 'container_network_transmit_bytes_total', ...container, interface: 'ens5' }, true],
  ['network on wlan0', { __name__: 'container_network_receive_bytes_total', ...container, interface: 'wlan0' }, true],
  ['network on veth123', { __name__: 'container_network_receive_bytes_total', ...container, interface: 'veth123' }, false],
  ['network on cali0a1b', { __name__: 'container_network_receive_bytes_total', ...container, interface: 'cali0a1b' }, false],
  ['network on eth (no digit)', { __name__: 'container_network_receive_bytes_total', ...container, interface: 'eth' }, false],
  ['network without an interface', { __name__: 'container_network_receive_bytes_total', ...container }, false],
  ['up (no container labels) still crosses', { __name__: 'up', instance: 'node-1' }, true],
  ['a name off the allow-list', { __name__: 'container_fs_usage_bytes', ...container, device: '/dev/sda' }, false],
];

test('cadvisor: which series cross to the cloud', () => {
  const config = render(tuning);
  for (const [name, series, crosses] of cadvisorCases) {
    const out = toCloud(config, 'cadvisor', series);
    assert.is(out !== undefined, crosses, `${name}: ${JSON.stringify(series)}`);
    // A kept series arrives unchanged: no scratch label, nothing rewritten.
    if (out) assert.equal(out, series, name);
  }
});

const nodeCases: [string, Series, boolean][] = [
  ['tmpfs', { __name__: 'node_filesystem_avail_bytes', device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' }, false],
  ['ramfs', { __name__: 'node_filesystem_size_bytes', device: 'none', fstype: 'ramfs', mountpoint: '/ram' }, false],
  ['ext4', { __name__: 'node_filesystem_avail_bytes', device: '/dev/nvme0n1p1', fstype: 'ext4', mountpoint: '/' }, true],
  ['xfs', { __name__: 'node_filesystem_size_bytes', device: '/dev/sda1', fstype: 'xfs', mountpoint: '/var' }, true],
  ['devtmpfs is not tmpfs', { __name__: 'node_filesystem_avail_bytes', device: 'udev', fstype: 'devtmpfs', mountpoint: '/dev' }, true],
  ['tmpfs on a non-filesystem metric', { __name__: 'node_cpu_seconds_total', cpu: '0', mode: 'idle', fstype: 'tmpfs' }, true],
];

test('cadvisor: machine_memory_bytes crosses with boot_id and system_uuid set to NA', () => {
  const config = render(tuning);
  const series = { __name__: 'machine_memory_bytes', instance: 'node-1', boot_id: 'b7c1', machine_id: 'm1', system_uuid: 'ec2a' };
  assert.equal(toCloud(config, 'cadvisor', series), { ...series, boot_id: 'NA', system_uuid: 'NA' });
  assert.equal(toCloud(config, 'cadvisor', { __name__: 'machine_memory_bytes', instance: 'node-1' }), { __name__: 'machine_memory_bytes', instance: 'node-1', boot_id: 'NA', system_uuid: 'NA' });
});

test('node-exporter: ramfs and tmpfs filesystems stay local', () => {
  const config = render(tuning);
  for (const [name, series, crosses] of nodeCases) {
    const out = toCloud(config, 'node_exporter', series);
    assert.is(out !== undefined, crosses, `${name}: ${JSON.stringify(series)}`);
    if (out) assert.equal(out, series, name);
  }
});

test('the clean-ups come after the allow-list keep and the exclude drop', () => {
  const config = render({ metricsTuning: { cadvisor: { excludeMetrics: ['container_network_transmit_.*'] } } });
  const rules = rulesOf(cloudRelabel(config, 'cadvisor'));
  assert.equal(rules.slice(0, 2).map((r) => text(attribute(r, 'action'))), ['keep', 'drop']);
  const sourceLabels = (r: Block) => { const e = attribute(r, 'source_labels'); return e?.kind === 'array' ? e.elements.map(text) : undefined; };
  assert.equal(rules.slice(0, 2).map(sourceLabels), [['__name__'], ['__name__']]);
  assert.is(rules.length, 2 + 9);
  // The exclude still wins over a physical interface.
  const excluded = { __name__: 'container_network_transmit_bytes_total', ...container, interface: 'eth0' };
  assert.is(toCloud(config, 'cadvisor', excluded), undefined);
});

test('only the cloud relabel carries the clean-ups: the scrape forwards to local as before', () => {
  const config = render(tuning);
  for (const [file, label] of [['cadvisor.alloy', 'cadvisor'], ['node-exporter.alloy', 'node_exporter']] as const) {
    const printed = print(fileNamed(config, file));
    const local = printed.slice(0, printed.indexOf(`prometheus.relabel "${label}_remote"`));
    for (const word of ['__tmp_keepme', 'fstype', 'cadvisor#2688', '"@"']) assert.not.ok(local.includes(word), `${file}: ${word} outside the cloud relabel`);
    const scrape = components(config).find((c) => c.id === `prometheus.scrape.${label}`)!.block;
    assert.equal(refPaths(attribute(scrape, 'forward_to')), ['prometheus.remote_write.local.receiver', `prometheus.relabel.${label}_remote.receiver`]);
  }
});

test('cloud write off: cadvisor and node-exporter files are the cloud-on ones without the cloud path', () => {
  const on = render(tuning);
  const off = render({ ...tuning, enableCloudWrite: false });
  for (const file of ['cadvisor.alloy', 'node-exporter.alloy']) {
    const offBlocks = fileNamed(off, file).body as Block[];
    const onBlocks = (fileNamed(on, file).body as Block[]).filter((b) => b.name !== 'prometheus.relabel');
    assert.equal(offBlocks.map((b) => b.name), ['discovery.relabel', 'prometheus.scrape'], file);
    assert.equal(offBlocks[0], onBlocks[0], `${file}: target relabeling`);
    const withoutForward = (b: Block) => ({ ...b, body: b.body.filter((s) => s.name !== 'forward_to') });
    assert.equal(withoutForward(offBlocks[1]!), withoutForward(onBlocks[1]!), `${file}: scrape`);
    assert.equal(refPaths(attribute(offBlocks[1]!, 'forward_to')), ['prometheus.remote_write.local.receiver']);
    const printed = print(fileNamed(off, file));
    for (const word of ['__tmp_keepme', 'fstype', 'cadvisor#2688', 'prometheus.relabel']) assert.not.ok(printed.includes(word), `${file}: ${word}`);
  }
});

test.run();
