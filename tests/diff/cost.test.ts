import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cloudPath, costChanges, costText, everyMetric, type CloudPath } from '../../lib/diff/cost.ts';
import { cloudFilter } from '../../lib/pipelines/allow-lists.ts';
import type { MetricsTuning } from '../../lib/config/config.gen.ts';

const defaults: Record<string, string[]> = { cadvisor: ['container_cpu_usage_seconds_total', 'container_memory_rss'], traefik: ['traefik_open_connections'] };

function path(tuning: Record<string, MetricsTuning>, files = ['cadvisor.alloy', 'traefik.alloy'], cloudWrite = true): CloudPath {
  return cloudPath({
    components: ['cadvisor', 'kubelet', 'traefik'],
    cloudWrite,
    alloyFiles: new Set([...files, 'targets.alloy']),
    filter: (c) => cloudFilter(c, tuning[c], defaults[c]),
  });
}

test('the cloud path: components that render a file, only with cloud write on', () => {
  assert.equal([...path({})], [
    ['cadvisor', { keep: ['up', 'scrape_samples_scraped', 'container_cpu_usage_seconds_total', 'container_memory_rss'], drop: [] }],
    ['traefik', { keep: ['up', 'scrape_samples_scraped', 'traefik_open_connections'], drop: [] }],
  ]);
  assert.equal(path({}, ['cadvisor.alloy'], false).size, 0);
  assert.equal(path({ traefik: { useDefaultAllowList: false, includeMetrics: [], excludeMetrics: ['a|b'] } }).get('traefik'), { keep: 'all', drop: ['(?:a|b)'] });
});

test('tuning changes: kept patterns added and removed, excludes count against', () => {
  const base = path({ cadvisor: { useDefaultAllowList: true, includeMetrics: ['kube_x'], excludeMetrics: ['old_.*'] } });
  const head = path({ cadvisor: { useDefaultAllowList: true, includeMetrics: ['kube_y'], excludeMetrics: ['container_network_.*_errors_total'] } });
  assert.equal(costChanges(base, head), [
    { component: 'cadvisor', status: 'changed', more: ['kube_y', 'old_.*'], less: ['kube_x', 'container_network_.*_errors_total'] },
  ]);
  assert.is(costText(costChanges(base, head)), 'cadvisor +kube_y +old_.* -kube_x -container_network_.*_errors_total');
  assert.equal(costChanges(base, base), []);
});

test('a component that starts or stops sending is counted, not listed', () => {
  const changes = costChanges(path({}, ['cadvisor.alloy']), path({ cadvisor: { useDefaultAllowList: false, includeMetrics: [], excludeMetrics: [] } }));
  assert.is(costText(changes), `cadvisor +${everyMetric}; traefik new (3 patterns)`);
  assert.is(costText(costChanges(path({ cadvisor: { useDefaultAllowList: false, includeMetrics: [], excludeMetrics: [] } }), path({}))), `cadvisor -${everyMetric}`);
  assert.is(costText(costChanges(path({}), undefined)), 'cadvisor gone (4 patterns); traefik gone (3 patterns)');
  assert.is(costText(costChanges(undefined, path({ traefik: { useDefaultAllowList: false, includeMetrics: [], excludeMetrics: [] } }, ['traefik.alloy']))), `traefik new (${everyMetric})`);
});

test('a long change is cut at ten patterns per component; markdown wraps each in code', () => {
  const many = Array.from({ length: 12 }, (_, i) => `m${i}`);
  const changes = costChanges(path({}), path({ cadvisor: { useDefaultAllowList: true, includeMetrics: many, excludeMetrics: [] } }));
  assert.is(costText(changes), `cadvisor ${many.slice(0, 10).map((m) => `+${m}`).join(' ')} (2 more)`);
  assert.is(costText(costChanges(path({}), path({ cadvisor: { useDefaultAllowList: true, includeMetrics: ['a_b'], excludeMetrics: [] } })), (p) => `\`${p}\``), 'cadvisor +`a_b`');
});

test.run();
