import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateEnvironment } from '../../lib/config/validate.ts';
import { environment } from '../../lib/config/environment.ts';
import { remove } from '../../lib/core/patch.ts';
import { isUserError } from '../../lib/errors.ts';

const file = 'environments/prod.ts';
const base = { name: 'prod', clusterName: 'prod-eu' };

function problems(spec: unknown): string[] {
  try {
    validateEnvironment(spec, file);
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return error.problems;
  }
  assert.unreachable('expected the environment to be refused');
  return [];
}

test('fills every default', () => {
  const config = validateEnvironment(base, file);
  assert.is(config.namespace, 'monitoring');
  assert.is(config.enableCloudWrite, false);
  assert.is(config.metrics.scrapeInterval, '60s');
  assert.is(config.metrics.scrapeTimeout, '10s');
  assert.is(config.metrics.kubelet.access, 'proxy');
  assert.is(config.metrics.cadvisor.enabled, true);
  assert.is(config.logs.dropProbeLogs.enabled, true);
  assert.is(config.prometheus.retention, '15d');
  assert.equal(config.overrides, []);
});

test('does not change its input', () => {
  const spec = { ...base, metrics: { apps: [] } };
  const copy = structuredClone(spec);
  validateEnvironment(spec, file);
  assert.equal(spec, copy);
});

test('a function where data belongs is a message naming the field, not a crash', () => {
  assert.equal(problems({ ...base, clusterName: () => 'prod-eu' }), ['environments/prod.ts: clusterName: expected string, got ()=>"prod-eu"']);
});

test('does not change its input, at any depth', () => {
  const apps = [{ name: 'x', podLabels: { a: 'b' }, port: 9100 }];
  const spec: Record<string, unknown> = { ...base, metrics: { apps } };
  const before = JSON.stringify(spec);
  validateEnvironment(spec, file);
  assert.is(JSON.stringify(spec), before);
});

const cases: [string, object, string][] = [
  ['a wrong duration', { metrics: { kubelet: { scrapeInterval: '60 seconds' } } },
    'environments/prod.ts: metrics.kubelet.scrapeInterval: expected a duration like "60s", got "60 seconds"'],
  ['an unknown field', { metrics: { kubelet: { acess: 'proxy' } } },
    'environments/prod.ts: metrics.kubelet.acess: unknown field (did you mean access?)'],
  ['a wrong type', { metrics: { apps: [{ name: 'x', podLabels: { a: 'b' }, port: '9100' }] } },
    'environments/prod.ts: metrics.apps[0].port: expected integer, got "9100"'],
  ['an inline password', { cloud: { metrics: { url: 'https://x', auth: { secret: 's', usernameKey: 'u', passwordKey: 'p', password: 'hunter2' } } } },
    'environments/prod.ts: cloud.metrics.auth.password: credentials cannot be written in an environment file; reference a Kubernetes Secret instead: auth: { secret: "<secret name>", usernameKey: "<key>", passwordKey: "<key>" }'],
  ['an Authorization header', { logs: { destinations: [{ name: 'loki', url: 'http://loki', headers: { Authorization: 'Bearer x' } }] } },
    'environments/prod.ts: logs.destinations[0].headers.Authorization: credentials cannot be written in an environment file; use auth: { secret, ... } to read them from a Kubernetes Secret'],
  ['a misspelled stage', { logs: { stages: [{ jsn: {} }] } },
    'environments/prod.ts: logs.stages[0]: expected one of the shapes with field(s) json | logfmt | regex | labels | staticLabels | drop | match | multiline | metrics (did you mean json?), got {"jsn":{}}'],
  ['a bearer auth without its key', { cloud: { logs: { url: 'https://x', auth: { type: 'bearer', secret: 's' } } } },
    'environments/prod.ts: cloud.logs.auth: missing required field tokenKey'],
  ['a lookahead regex', { metricsTuning: { cadvisor: { includeMetrics: ['a(?!b)'] } } },
    'environments/prod.ts: metricsTuning.cadvisor.includeMetrics[0]: "a(?!b)" is not a valid RE2 regular expression'],
  ['an unknown component', { metricsTuning: { kubelt: {} } },
    'environments/prod.ts: metricsTuning.kubelt: no metrics component is named "kubelt" (did you mean kubelet?)'],
  ['cloud write without an endpoint', { enableCloudWrite: true },
    'environments/prod.ts: cloud.metrics: enableCloudWrite is true, so the Grafana Cloud metrics endpoint is required'],
  ['a timeout longer than its interval', { metrics: { scrapeInterval: '5s' } },
    'environments/prod.ts: metrics.kubelet.scrapeTimeout: the scrape timeout 10s is longer than the scrape interval 5s'],
  ['an app named like a generated file', { metrics: { apps: [{ name: 'targets', podLabels: { a: 'b' }, port: 1 }] } },
    'environments/prod.ts: metrics.apps[0].name: "targets" would overwrite the generated targets.alloy'],
  ['a pod label value Kubernetes would refuse', { metrics: { apps: [{ name: 'x', podLabels: { app: 'a b' }, port: 1 }] } },
    'environments/prod.ts: metrics.apps[0].podLabels.app: expected a Kubernetes label value'],
  ['a stage map key Alloy cannot represent', { logs: { stages: [{ json: { expressions: { 'a"b': 'x' } } }] } },
    'environments/prod.ts: logs.stages[0].json.expressions: field name "a\\"b": expected a non-empty name without quotes, backslashes or control characters'],
  ['a static label that is not a label name', { logs: { stages: [{ staticLabels: { 'team-name': 'x' } }] } },
    'environments/prod.ts: logs.stages[0].staticLabels: field name "team-name": expected a label name (letters, digits and _, not starting with a digit)'],
  ['destinations whose Alloy labels collide', { logs: { destinations: [{ name: 'a-b', url: 'http://x' }, { name: 'a_b', url: 'http://y' }] } },
    'environments/prod.ts: logs.destinations[1].name: "a_b" and "a-b" both become the Alloy label a_b'],
  ['a missing required field', { clusterName: undefined }, 'environments/prod.ts: (top level): missing required field clusterName'],
];

for (const [what, change, expected] of cases) {
  test(`refuses ${what}, naming file and field`, () => {
    const spec = JSON.parse(JSON.stringify({ ...base, ...change }));
    const found = problems(spec);
    assert.ok(found.some((p) => p.startsWith(expected)), `expected a problem starting with\n  ${expected}\ngot\n  ${found.join('\n  ')}`);
  });
}

test('refuses a default export that is not an environment', () => {
  assert.equal(problems('prod'), ['environments/prod.ts: the default export must be an environment object (use environment({...})), got string']);
});

test('environment() inherits with patch and keeps overrides as layers', () => {
  const prod = environment({ ...base, metrics: { scrapeInterval: '30s' }, overrides: { nodeExporter: { daemonSet: { spec: { minReadySeconds: 5 } } } } });
  const staging = environment(prod, { name: 'staging', metrics: { kubelet: { access: 'direct' } }, overrides: { nodeExporter: remove } });
  assert.is(staging.name, 'staging');
  assert.is(staging.clusterName, 'prod-eu');
  assert.equal(staging.metrics, { scrapeInterval: '30s', kubelet: { access: 'direct' } });
  assert.is(staging.overrides.length, 2);
  assert.is((staging.overrides[1] as { nodeExporter: unknown }).nodeExporter, remove, 'the marker waits for the rendered tree');
  assert.equal(prod.overrides.length, 1, 'the parent is not changed');
});

test('overrides are checked by tsc against the rendered tree', () => {
  // @ts-expect-error: a misspelled object key in an override is a type error
  environment({ ...base, overrides: { nodeExporter: { daemonSett: {} } } });
  // @ts-expect-error: a wrong field type in an override is a type error
  environment({ ...base, overrides: { alloyMetrics: { statefulSet: { spec: { replicas: 'three' } } } } });
});

test.run();
