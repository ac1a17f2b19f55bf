// Faults a user can inject through an environment: overrides of the rendered tree and raw .alloy
// snippets. Each must fail render() with a precise message naming the file, never a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { byName, replace } from '../../lib/core/patch.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'test' };
const allowLists = {};

function problemsOf(spec: EnvironmentInput): string[] {
  try {
    render({ spec: environment(spec), file, allowLists });
  } catch (error) {
    assert.ok(isUserError(error), `expected a message for a person, got ${String(error)}`);
    return error.problems;
  }
  assert.unreachable('expected render to fail');
  return [];
}

function expectProblem(spec: EnvironmentInput, expected: string | RegExp) {
  const problems = problemsOf(spec);
  const found = problems.some((p) => (typeof expected === 'string' ? p === expected : expected.test(p)));
  assert.ok(found, `expected ${String(expected)}\ngot:\n  ${problems.join('\n  ')}`);
}

const container = (patch: object) => ({
  alloyMetrics: { statefulSet: { spec: { template: { spec: { containers: byName({ alloy: patch }) } } } } },
});

test('the base environment renders', () => {
  assert.ok(render({ spec: environment(base), file, allowLists }).files.size > 10);
});

test('an unknown field via an override', () => {
  expectProblem({ ...base, overrides: container({ imagePullPolicyy: 'Always' }) as never },
    'environments/test.ts: apps/v1 StatefulSet monitoring/alloy-stack-alloy-metrics: spec.template.spec.containers[0].imagePullPolicyy: unknown field (did you mean imagePullPolicy?)');
});

test('a wrong type via an override', () => {
  expectProblem({ ...base, overrides: { alloyMetrics: { statefulSet: { spec: { replicas: '3' as never } } } } },
    /^environments\/test\.ts: apps\/v1 StatefulSet monitoring\/alloy-stack-alloy-metrics: spec\.replicas: expected integer, got string "3"/);
});

test('an object valid in one environment and broken in the next: the next one is checked, not taken as seen', () => {
  render({ spec: environment(base), file, allowLists });
  expectProblem({ ...base, overrides: { alloyMetrics: { statefulSet: { spec: { replicas: '3' as never } } } } },
    /spec\.replicas: expected integer, got string "3"/);
});

test('a field YAML cannot hold beside a schema problem: the schema problem is reported', () => {
  const overrides = { alloyMetrics: { statefulSet: { spec: { replicas: '3', minReadySeconds: Number.NaN } } } } as never;
  expectProblem({ ...base, overrides }, /spec\.replicas: expected integer, got string "3"/);
});

test('a missing required field via an override', () => {
  const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole' } as never;
  expectProblem({ ...base, overrides: { alloyMetrics: { clusterRoleBinding: { roleRef: replace(roleRef) } } } },
    'environments/test.ts: rbac.authorization.k8s.io/v1 ClusterRoleBinding monitoring-alloy-stack-alloy-metrics: roleRef: missing required field name');
});

test('selector and pod labels that do not match', () => {
  expectProblem({ ...base, overrides: { prometheus: { statefulSet: { spec: { selector: { matchLabels: { app: 'other' } } } } } } },
    /^environments\/test\.ts: apps\/v1 StatefulSet monitoring\/alloy-stack-prometheus: spec\.selector.*template/);
});

test('a reference to a ConfigMap that is not rendered', () => {
  expectProblem({ ...base, overrides: { prometheus: { statefulSet: { spec: { template: { spec: { volumes: byName({ config: { configMap: { name: 'prometheus-config-typo' } } }) } } } } } } },
    /^environments\/test\.ts: apps\/v1 StatefulSet monitoring\/alloy-stack-prometheus: .*ConfigMap "prometheus-config-typo"/);
});

test('an invalid object name', () => {
  expectProblem({ ...base, overrides: { prometheus: { serviceAccount: { metadata: { name: 'Prometheus_SA' } } } } },
    /^environments\/test\.ts: v1 ServiceAccount monitoring\/Prometheus_SA: metadata\.name/);
});

test('a user .alloy snippet joins the graph check', () => {
  const snippet = [
    'prometheus.scrape "extra" {',
    '\ttargets    = discovery.kubernetes.pods.targets',
    '\tforward_to = [prometheus.remote_write.local.receiver]',
    '}',
    '',
  ].join('\n');
  const rendered = render({ spec: environment({ ...base, alloyMetrics: { extraConfig: { 'extra.alloy': snippet } } }), file, allowLists });
  const configMap = rendered.objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'alloy-stack-alloy-metrics') as unknown as { data: Record<string, string> };
  assert.is(configMap.data['extra.alloy'], snippet);
});

test('a snippet with a dangling forward_to fails the graph check', () => {
  const snippet = 'prometheus.scrape "extra" {\n\ttargets    = discovery.kubernetes.pods.targets\n\tforward_to = [prometheus.relabel.missing.receiver]\n}\n';
  expectProblem({ ...base, alloyMetrics: { extraConfig: { 'extra.alloy': snippet } } },
    /^alloy-metrics: extra\.alloy:3:2: prometheus\.scrape\.extra forwards to prometheus\.relabel\.missing, which is not defined/);
});

test('a snippet with a syntax error names file, line and column', () => {
  expectProblem({ ...base, alloyMetrics: { extraConfig: { 'extra.alloy': 'discovery.relabel "kube-state-metrics" {\n}\n' } } },
    'alloyMetrics.extraConfig: extra.alloy:1:19: expected block label to be a valid identifier, but got "kube-state-metrics"');
});

test.run();
