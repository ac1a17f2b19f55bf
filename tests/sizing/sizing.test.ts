// Sizing: the rule of thumb's arithmetic, the export's warnings against rendered resources, the autoscaler, and
// the proposal command.
import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';
import { proposeLogs, proposeMetrics } from '../../lib/sizing/rule-of-thumb.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'test' };
const rendered = (spec: EnvironmentInput) => render({ spec: environment(spec), file, allowLists: {} });
const sizing = (spec: EnvironmentInput) => rendered(spec).warnings.filter((w) => w.includes('sizing:'));

test('a million series over two replicas: 0.2 CPU and 5.5 GiB each, limit 1.5x', () => {
  assert.equal(proposeMetrics(1_000_000, 60, 2), { replicas: 2, requests: { cpu: '200m', memory: '5632Mi' }, limits: { memory: '8448Mi' }, storageSize: '10Gi' });
});

test('replicas are proposed so that none needs more than 8 GiB, never fewer than two', () => {
  assert.is(proposeMetrics(2_000_000, 60).replicas, 3);
  assert.is(proposeMetrics(10_000, 60).replicas, 2);
  // A small load gets the idle floor, not a fraction of it.
  assert.equal(proposeMetrics(10_000, 60).requests, { cpu: '100m', memory: '512Mi' });
});

test('the WAL volume grows with samples per second beyond the 10Gi default', () => {
  assert.is(proposeMetrics(1_000_000, 60, 2).storageSize, '10Gi');
  // 40M series at 15s over 4 replicas: 667k samples/s each, 2h of them at 4 bytes: about 18 GiB.
  const big = proposeMetrics(40_000_000, 15, 4);
  assert.ok(Number(big.storageSize.replace('Gi', '')) > 10, big.storageSize);
});

test('logs: 1 CPU per MiB/s', () => {
  assert.equal(proposeLogs(2 * 2 ** 20).requests.cpu, '2000m');
});

test('no sizing, no warning; a million series on the default limits warns of OOM kills, naming the field', () => {
  assert.equal(sizing(base), []);
  const warnings = sizing({ ...base, sizing: { activeSeries: 1_000_000 } });
  assert.is(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0]!, /^environments\/test\.ts: sizing: alloy-metrics memory limit 2\.0Gi is below the 5\.5Gi each replica needs for 1000000 active series over 2 replicas .*OOM-killed; raise alloyMetrics\.resources\.limits\.memory/);
  assert.match(warnings[1]!, /requests 0\.1 CPU per replica, but each needs about 0\.20/);
});

test('resources as proposed: no warning', () => {
  const p = proposeMetrics(1_000_000, 60, 2);
  assert.equal(sizing({ ...base, sizing: { activeSeries: 1_000_000 }, alloyMetrics: { replicas: 2, resources: { requests: p.requests, limits: p.limits } } }), []);
});

test('logs below the rule warn for alloy-logs', () => {
  const logs: EnvironmentInput['logs'] = { destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }] };
  assert.equal(sizing({ ...base, logs }), []);
  const warnings = sizing({ ...base, logs, sizing: { logBytesPerSecondPerNode: 4 * 2 ** 20 } });
  assert.ok(warnings.some((w) => w.includes('alloy-logs') && w.includes('alloyLogs.resources')), warnings.join('\n'));
});

test('autoscaling: an HPA on memory (and CPU when asked), the StatefulSet leaves replicas to it', () => {
  const out = rendered({ ...base, alloyMetrics: { autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 8, targetCPUUtilization: 75 } } });
  const hpa = out.objects.find((o) => o.kind === 'HorizontalPodAutoscaler') as unknown as { spec: Record<string, unknown> };
  assert.ok(hpa, 'an HPA is rendered');
  assert.equal(hpa.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'alloy-stack-alloy-metrics' });
  assert.is(hpa.spec.minReplicas, 3);
  assert.equal((hpa.spec.metrics as { resource: { name: string } }[]).map((m) => m.resource.name), ['memory', 'cpu']);
  const sts = out.objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alloy-stack-alloy-metrics') as unknown as { spec: Record<string, unknown> };
  assert.not.ok('replicas' in sts.spec);
  assert.ok(out.objects.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'alloy-stack-alloy-metrics'));
  assert.not.ok(rendered(base).objects.some((o) => o.kind === 'HorizontalPodAutoscaler'));
});

test('sizing warnings count the autoscaler\'s minimum replicas', () => {
  const warnings = sizing({ ...base, sizing: { activeSeries: 1_000_000 }, alloyMetrics: { autoscaling: { enabled: true, minReplicas: 4 } } });
  assert.ok(warnings.some((w) => w.includes('over 4 replicas')), warnings.join('\n'));
});

test('minReplicas above maxReplicas is refused, naming the field', () => {
  try {
    rendered({ ...base, alloyMetrics: { autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 3 } } });
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.problems.join('\n'), /alloyMetrics\.autoscaling\.minReplicas: 5 is above maxReplicas 3/);
  }
});

test('scripts/size.ts prints a fragment that renders without sizing warnings', () => {
  const text = execFileSync('npx', ['tsx', 'scripts/size.ts', '--series', '1000000', '--replicas', '2'], { encoding: 'utf8' });
  assert.match(text, /replicas: 2,/);
  assert.match(text, /memory: '5632Mi'/);
  let failed = '';
  try {
    execFileSync('npx', ['tsx', 'scripts/size.ts', '--series', 'many'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    failed = String((error as { stderr?: string }).stderr);
  }
  assert.match(failed, /--series: expected a whole number, got "many"/);
});

test.run();
