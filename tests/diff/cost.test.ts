import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cloudPath, costChanges, costText, everyMetric, type CloudPath } from '../../lib/diff/cost.ts';
import { cloudFilter } from '../../lib/pipelines/allow-lists.ts';
import type { MetricsTuning } from '../../lib/config/config.gen.ts';
import { validateEnvironment } from '../../lib/config/validate.ts';
import { destinationFilters } from '../../lib/pipelines/metrics/destination-filters.ts';

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
  assert.is(costText(costChanges(undefined, path({ traefik: { useDefaultAllowList: false, includeMetrics: [], excludeMetrics: [] } }, ['traefik.alloy']))), 'traefik new (every metric)');
});

test('a long change is cut at ten patterns per component; markdown wraps each in code', () => {
  const many = Array.from({ length: 12 }, (_, i) => `m${i}`);
  const changes = costChanges(path({}), path({ cadvisor: { useDefaultAllowList: true, includeMetrics: many, excludeMetrics: [] } }));
  assert.is(costText(changes), `cadvisor ${many.slice(0, 10).map((m) => `+${m}`).join(' ')} (2 more)`);
  assert.is(costText(costChanges(path({}), path({ cadvisor: { useDefaultAllowList: true, includeMetrics: ['a_b'], excludeMetrics: [] } })), (p) => `\`${p}\``), 'cadvisor +`a_b`');
});

/** The paths of an environment with Grafana Cloud and two routed destinations, as the library computes them. */
function destinationsPath(destinations: unknown[], cloudTuning: Record<string, MetricsTuning> = {}): CloudPath {
  const config = validateEnvironment({
    name: 't', clusterName: 't', enableCloudWrite: true, metricsTuning: cloudTuning,
    cloud: { metrics: { url: 'https://prometheus.example.net/api/prom/push', auth: { secret: 'cloud', usernameKey: 'u', passwordKey: 'p' } } },
    metrics: { destinations },
  }, 'test.ts');
  return cloudPath({
    components: ['cadvisor', 'kubelet', 'traefik'],
    cloudWrite: true,
    alloyFiles: new Set(['cadvisor.alloy', 'traefik.alloy']),
    filter: () => { throw new Error('the destinations replace the cloud-only filter'); },
    destinations: destinationFilters(config, defaults),
  });
}

const mimir = { name: 'team-mimir', url: 'https://mimir.example.com/api/v1/push', filter: 'none', route: { namespaces: ['team-a'] } };
const vendor = { name: 'vendor', url: 'https://vendor.example.com/push', route: { components: ['cadvisor'] } };

test('per destination: the cloud by component, every other destination as destination/component, with its route', () => {
  const p = destinationsPath([mimir, vendor]);
  assert.equal([...p.keys()], ['cadvisor', 'team-mimir/cadvisor', 'vendor/cadvisor', 'traefik', 'team-mimir/traefik']);
  assert.equal(p.get('team-mimir/cadvisor'), { keep: 'all', drop: [], namespaces: ['team-a'] });
  assert.equal(p.get('vendor/cadvisor'), { keep: ['up', 'scrape_samples_scraped', 'container_cpu_usage_seconds_total', 'container_memory_rss'], drop: [] });
});

test('per destination: a filter change, a routing change and a new destination each name their destination', () => {
  const base = destinationsPath([mimir, vendor]);
  assert.is(costText(costChanges(base, destinationsPath([{ ...mimir, route: { namespaces: ['team-a', 'team-b'] } }, vendor]))), 'team-mimir/cadvisor +namespace=team-b; team-mimir/traefik +namespace=team-b');
  assert.is(costText(costChanges(base, destinationsPath([{ ...mimir, route: undefined }, vendor]))),
    'team-mimir/cadvisor +(every namespace) -namespace=team-a; team-mimir/traefik +(every namespace) -namespace=team-a');
  assert.is(costText(costChanges(base, destinationsPath([mimir, { ...vendor, metricsTuning: { cadvisor: { includeMetrics: ['container_oom_events_total'] } } }]))), 'vendor/cadvisor +container_oom_events_total');
  // A destination without its own metricsTuning follows the environment's; team-mimir takes everything anyway.
  assert.is(costText(costChanges(base, destinationsPath([mimir, vendor], { cadvisor: { useDefaultAllowList: true, includeMetrics: ['kube_x'], excludeMetrics: [] } }))), 'cadvisor +kube_x; vendor/cadvisor +kube_x');
  assert.is(costText(costChanges(base, destinationsPath([mimir]))), 'vendor/cadvisor gone (4 patterns)');
});

test.run();
