import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { MetricsTuning } from '../../lib/config/config.gen.ts';
import { alternation, cloudFilter, leaksAtTopLevel, parseAllowList, unusedAllowLists } from '../../lib/pipelines/allow-lists.ts';
import { builtinMetricComponentNames, joinedMetricComponents, withoutDefaultAllowList } from '../../lib/config/metric-components.ts';
import { checkRe2, matchesRelabel } from '../../lib/alloy/re2.ts';
import { isUserError } from '../../lib/errors.ts';

const dir = fileURLToPath(new URL('../../allow-lists/', import.meta.url));
const yamlFiles = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
const list = (file: string) => parseAllowList(`allow-lists/${file}`, read(file));

const tuning = (useDefaultAllowList: boolean, includeMetrics: string[] = [], excludeMetrics: string[] = []): MetricsTuning =>
  ({ useDefaultAllowList, includeMetrics, excludeMetrics });

/** The messages of the UserError `run` throws; fails if it throws nothing or something else. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error.problems;
    throw error;
  }
  assert.unreachable('expected a UserError');
  return [];
}

// ---- the shipped files ----

test('there is a list for every built-in component (but those that scrape what the cluster declares) and for the example app, and no stray file', () => {
  // OTLP metrics have no default list: what applications push is theirs to name (metricsTuning.otlp).
  const joined = joinedMetricComponents.filter((n) => n !== 'otlp');
  const expected = [...builtinMetricComponentNames.filter((n) => !withoutDefaultAllowList.has(n)), ...joined, 'traefik'].map((n) => `${n}.yaml`).sort();
  assert.equal(yamlFiles, expected);
  assert.equal(unusedAllowLists(readdirSync(dir), [...builtinMetricComponentNames, ...joined, 'traefik']), []);
});

test('every file parses, and every entry is a metric name or valid RE2', () => {
  for (const file of yamlFiles) {
    const entries = list(file);
    assert.ok(entries.length > 0, `${file} is empty`);
    for (const entry of entries) {
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(entry)) assert.is(checkRe2(entry), undefined, `${file}: ${entry}`);
    }
  }
});

test('every file starts with a comment, leaves up/scrape_samples_scraped to the code, and sorts each group', () => {
  for (const file of yamlFiles) {
    const text = read(file);
    assert.ok(text.startsWith('# '), `${file} must start with a comment saying what it is for`);
    const entries = list(file);
    assert.not.ok(entries.includes('up') || entries.includes('scrape_samples_scraped'), `${file} lists up or scrape_samples_scraped`);
    // Groups are runs of entries between blank or comment lines.
    const groups: string[][] = [[]];
    for (const line of text.split('\n')) {
      if (line.startsWith('- ')) groups[groups.length - 1]!.push(line.slice(2));
      else if (groups[groups.length - 1]!.length > 0) groups.push([]);
    }
    for (const group of groups) assert.equal(group, [...group].sort(), `${file}: a group is not sorted: ${group.join(', ')}`);
  }
});

test('the lists keep what the kubernetes-mixin alerts need', () => {
  const keeps = (file: string, name: string) => list(file).some((entry) => matchesRelabel(entry, name));
  for (const name of ['kube_pod_container_status_waiting_reason', 'kube_node_status_condition', 'kube_node_spec_unschedulable',
    'kube_job_status_start_time', 'kube_daemonset_status_number_misscheduled', 'kube_statefulset_status_update_revision',
    'kube_persistentvolumeclaim_labels', 'kube_replicaset_owner', 'kube_resourcequota']) {
    assert.ok(keeps('kube-state-metrics.yaml', name), name);
  }
  for (const name of ['kubelet_volume_stats_inodes_free', 'kubelet_evictions', 'kubelet_certificate_manager_server_ttl_seconds']) {
    assert.ok(keeps('kubelet.yaml', name), name);
  }
  assert.not.ok(keeps('kubelet.yaml', 'rest_client_request_duration_seconds_bucket'));
});

test('traefik keeps the five names of the original design; node-exporter keeps what the mixin networking dashboard divides', () => {
  const keeps = (file: string, name: string) => list(file).some((entry) => matchesRelabel(entry, name));
  for (const name of ['traefik_entrypoint_requests_total', 'traefik_entrypoint_request_duration_seconds_bucket',
    'traefik_service_requests_total', 'traefik_service_request_duration_seconds_bucket', 'traefik_router_requests_total']) {
    assert.ok(keeps('traefik.yaml', name), name);
  }
  // kubernetes-mixin dashboards/network-usage/queries/cluster-total.libsonnet: tcpRetransmitRate, tcpSynRetransmitRate.
  for (const name of ['node_netstat_Tcp_OutSegs', 'node_netstat_Tcp_RetransSegs', 'node_netstat_TcpExt_TCPSynRetrans']) {
    assert.ok(keeps('node-exporter.yaml', name), name);
  }
  assert.not.ok(keeps('node-exporter.yaml', 'node_netstat_Udp_InDatagrams'), 'exact names, not the netstat family');
});

// ---- cloudFilter semantics ----

const defaults = ['kube_pod_info', 'kube_node.*'];

test('default list on, nothing included: keep = up, scrape_samples_scraped, defaults', () => {
  const expected = { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_node.*' };
  assert.equal(cloudFilter('kube-state-metrics', undefined, defaults), expected);
  assert.equal(cloudFilter('kube-state-metrics', tuning(true), defaults), expected);
});

test('default list on, with includes: keep = defaults then includes', () => {
  assert.equal(cloudFilter('kube-state-metrics', tuning(true, ['kube_lease_owner']), defaults),
    { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_node.*|kube_lease_owner' });
});

test('default list off, with includes: keep = includes only', () => {
  assert.equal(cloudFilter('kube-state-metrics', tuning(false, ['kube_lease_owner']), defaults),
    { keep: 'up|scrape_samples_scraped|kube_lease_owner' });
});

test('default list off and nothing included: no keep rule', () => {
  assert.equal(cloudFilter('kube-state-metrics', tuning(false), defaults), {});
});

test('exclude always becomes a drop rule, with or without a keep', () => {
  assert.equal(cloudFilter('kube-state-metrics', tuning(true, [], ['kube_node_labels']), defaults),
    { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_node.*', drop: 'kube_node_labels' });
  assert.equal(cloudFilter('kube-state-metrics', tuning(false, [], ['kube_node_labels', 'kube_secret_.*']), defaults),
    { drop: 'kube_node_labels|kube_secret_.*' });
});

test('a component without a default file sends only target health until something is included', () => {
  assert.equal(cloudFilter('myapp', undefined, undefined), { keep: 'up|scrape_samples_scraped' });
  assert.equal(cloudFilter('myapp', tuning(true, ['http_requests_total']), undefined),
    { keep: 'up|scrape_samples_scraped|http_requests_total' });
});

test('dedupes, keeping first-seen order', () => {
  const filter = cloudFilter('kube-state-metrics', tuning(true, ['kube_node.*', 'up', 'kube_x', 'kube_pod_info', 'kube_x'], ['a', 'b', 'a']), defaults);
  assert.equal(filter, { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_node.*|kube_x', drop: 'a|b' });
});

test('entries that could leak into their neighbours are grouped; others are left as written', () => {
  assert.is(alternation(['a_total', 'foo|bar', 'kube_node.*', '(x|y)_total', '[|]z', 'a\\|b', '(?i)http_.*', '(?i:x)|y']),
    'a_total|(?:foo|bar)|kube_node.*|(x|y)_total|[|]z|a\\|b|(?:(?i)http_.*)|(?:(?i:x)|y)');
  assert.ok(leaksAtTopLevel('[^]|]|x'));
  assert.not.ok(leaksAtTopLevel('[^]|]x'));
  assert.not.ok(leaksAtTopLevel('[[:alpha:]|]x'));
  assert.not.ok(leaksAtTopLevel('\\Qa|b\\E_total'));
});

test('the keep regex means exactly "some entry matches the whole name"', () => {
  const { keep } = cloudFilter('app', tuning(false, ['(?i)http_.*', 'rpc_total|grpc_total', 'other']), undefined);
  const cases: [string, boolean][] = [
    ['HTTP_requests', true], ['OTHER', false], ['other', true], ['grpc_total', true], ['rpc_total', true],
    ['rpc_total_x', false], ['up', true], ['scrape_samples_scraped', true], ['scrape_duration_seconds', false],
  ];
  for (const [name, kept] of cases) assert.is(matchesRelabel(keep!, name), kept, name);
});

test('changing one includeMetrics entry changes exactly one line of the rendered rules', () => {
  const ksm = list('kube-state-metrics.yaml');
  const render = (t: MetricsTuning) => {
    const { keep, drop } = cloudFilter('kube-state-metrics', t, ksm);
    const rule = (regex: string | undefined, action: string) =>
      regex === undefined ? [] : ['rule {', '\tsource_labels = ["__name__"]', `\tregex         = ${JSON.stringify(regex)}`, `\taction        = "${action}"`, '}'];
    return [...rule(keep, 'keep'), ...rule(drop, 'drop')];
  };
  const before = render(tuning(true, ['kube_lease_owner', 'kube_ingress_info', 'kube_service_info'], ['kube_pod_init_container_info']));
  const after = render(tuning(true, ['kube_lease_owner', 'kube_ingress_path', 'kube_service_info'], ['kube_pod_init_container_info']));
  assert.is(before.length, after.length);
  assert.is(before.filter((line, i) => line !== after[i]).length, 1);
});

test('a filter asked for again is the same, whatever the caller did to the first one or to the lists', () => {
  const list = ['kube_pod_info'];
  const first = cloudFilter('kube-state-metrics', tuning(true, ['kube_x']), list);
  first.keep = 'changed';
  assert.equal(cloudFilter('kube-state-metrics', tuning(true, ['kube_x']), list), { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_x' });
  list.push('kube_node.*');
  assert.equal(cloudFilter('kube-state-metrics', tuning(true, ['kube_x']), list), { keep: 'up|scrape_samples_scraped|kube_pod_info|kube_node.*|kube_x' });
  assert.equal(cloudFilter('kube-state-metrics', tuning(false, ['kube_x']), list), { keep: 'up|scrape_samples_scraped|kube_x' });
});

test('an invalid includeMetrics pattern is refused with its field path', () => {
  assert.equal(problemsOf(() => cloudFilter('node-exporter', tuning(true, ['node_ok', 'node_(?!x)']), [])).length, 1);
  const [problem] = problemsOf(() => cloudFilter('node-exporter', tuning(true, ['node_ok', 'node_(?!x)']), []));
  assert.match(problem!, /^metricsTuning\["node-exporter"\]\.includeMetrics\[1\]: "node_\(\?!x\)" is not a valid RE2/);
});

// Speed is measured by scripts/bench.ts, never by timing a test.
test('a long default list keeps every entry once and the includes after it', () => {
  const long = Array.from({ length: 500 }, (_, i) => `app_metric_${i}_total`);
  const { keep } = cloudFilter('app', tuning(true, ['extra', 'app_metric_3_total']), [...long, ...long]);
  const entries = keep!.split('|');
  assert.is(entries.length, 2 + 500 + 1);
  assert.is(entries.at(-1), 'extra');
});

// ---- parseAllowList errors ----

test('bad YAML names the file', () => {
  const [problem] = problemsOf(() => parseAllowList('allow-lists/kubelet.yaml', '- a\n- [b\n'));
  assert.match(problem!, /^allow-lists\/kubelet\.yaml: not valid YAML: /);
});

test('a document that is not a list names the file and what it found', () => {
  assert.equal(problemsOf(() => parseAllowList('allow-lists/kubelet.yaml', 'kubelet: [a]\n')),
    ['allow-lists/kubelet.yaml: expected a YAML list of metric names or RE2 patterns, found a mapping']);
  assert.equal(problemsOf(() => parseAllowList('allow-lists/kubelet.yaml', '# only a comment\n')),
    ['allow-lists/kubelet.yaml: expected a YAML list of metric names or RE2 patterns, found an empty file']);
});

test('a bad regex names the file, the entry and the RE2 reason', () => {
  const [problem] = problemsOf(() => parseAllowList('allow-lists/kubelet.yaml', '- a\n- b\n- kube_(?=x)\n'));
  assert.ok(problem!.startsWith('allow-lists/kubelet.yaml: entry 3 "kube_(?=x)": not valid RE2: '), problem);
  assert.match(problem!, /lookahead/);
});

test('non-string, empty, padded and duplicate entries are each reported', () => {
  const problems = problemsOf(() => parseAllowList('allow-lists/cadvisor.yaml', '- 42\n- {a: 1}\n- \n- ""\n- " x"\n- ok\n- ok\n- [a]\n'));
  assert.equal(problems, [
    'allow-lists/cadvisor.yaml: entry 1: expected a metric name or RE2 pattern (a string), found number 42',
    'allow-lists/cadvisor.yaml: entry 2: expected a metric name or RE2 pattern (a string), found mapping {"a":1}',
    'allow-lists/cadvisor.yaml: entry 3: expected a metric name or RE2 pattern (a string), found null',
    'allow-lists/cadvisor.yaml: entry 4: empty entry',
    'allow-lists/cadvisor.yaml: entry 5 " x": leading or trailing spaces can never match a metric name',
    'allow-lists/cadvisor.yaml: entry 7 "ok": duplicate of entry 6',
    'allow-lists/cadvisor.yaml: entry 8: expected a metric name or RE2 pattern (a string), found list ["a"]',
  ]);
});

test('a valid file with a leading comment parses to its entries in order', () => {
  assert.equal(parseAllowList('allow-lists/x.yaml', '# why\n\n# group\n- b_total\n- a_.*\n'), ['b_total', 'a_.*']);
});

// ---- unusedAllowLists ----

test('unusedAllowLists names files that match no component, with a did-you-mean', () => {
  const components = [...builtinMetricComponentNames, 'traefik'];
  assert.equal(unusedAllowLists(['kubelet.yaml', 'README.md', 'traefik.yaml'], components), []);
  assert.equal(unusedAllowLists(['kubelt.yaml', 'allow-lists/zzzzzz.yaml', 'cadvisor.yml'], components), [
    'allow-lists/kubelt.yaml: no metrics component is named "kubelt" (did you mean kubelet?); known: ' + components.join(', '),
    'allow-lists/zzzzzz.yaml: no metrics component is named "zzzzzz"; known: ' + components.join(', '),
    'allow-lists/cadvisor.yml: allow-lists must end in .yaml; rename it to cadvisor.yaml',
  ]);
  assert.equal(unusedAllowLists(['traefik.yaml'], builtinMetricComponentNames).length, 1);
});

test.run();
