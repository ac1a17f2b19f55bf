// verticalAutoscaling: one VerticalPodAutoscaler per running part, aimed at its controller; refused where it
// would fight the HorizontalPodAutoscaler; and every autoscaler's target must be rendered.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { validateObjects } from '../../lib/k8s/validate.ts';
import { render } from '../../lib/render.ts';
import type { KubeObject } from '../../lib/core/flatten.ts';

// Logs on, so a DaemonSet runs beside the StatefulSets and Deployments.
const base: EnvironmentInput = { name: 'test', clusterName: 'test', logs: { destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }] } };
const objectsOf = (spec: Partial<EnvironmentInput>) =>
  render({ spec: environment({ ...base, ...spec }), file: 'environments/test.ts', allowLists: {} }).objects;
const vpas = (objects: readonly KubeObject[]) => objects.filter((o) => o.kind === 'VerticalPodAutoscaler');
const spec = (o: KubeObject) => (o as unknown as { spec: Record<string, any> }).spec;
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error('expected a refusal');
};

test('off by default: no VerticalPodAutoscaler', () => {
  assert.equal(vpas(objectsOf({})), []);
});

test('on: one per running workload, aimed at its own controller by kind and name', () => {
  const objects = objectsOf({ verticalAutoscaling: { enabled: true } });
  const controllers = objects.filter((o) => ['StatefulSet', 'DaemonSet', 'Deployment'].includes(o.kind));
  const found = vpas(objects);
  assert.ok(controllers.length >= 4, controllers.map((o) => o.metadata.name).join());
  assert.equal(
    found.map((v) => `${spec(v).targetRef.kind}/${spec(v).targetRef.name}`).sort(),
    controllers.map((c) => `${c.kind}/${c.metadata.name}`).sort(),
  );
  for (const v of found) {
    assert.is(v.metadata.name, spec(v).targetRef.name);
    assert.is(spec(v).updatePolicy.updateMode, 'Off');
    assert.equal(spec(v).resourcePolicy.containerPolicies, [{ containerName: '*', controlledValues: 'RequestsAndLimits' }]);
  }
  assert.equal(validateObjects(objects), []);
});

test('workloads chooses the parts; maxAllowed and controlledValues reach the container policy', () => {
  const found = vpas(objectsOf({
    verticalAutoscaling: { enabled: true, updateMode: 'Initial', workloads: ['alloyLogs', 'alloyReceiver'], maxAllowed: { memory: '4Gi' }, controlledValues: 'RequestsOnly' },
  }));
  // The receiver is not running, so only alloy-logs gets one.
  assert.equal(found.map((v) => v.metadata.name), ['alloy-stack-alloy-logs']);
  assert.is(spec(found[0]!).targetRef.kind, 'DaemonSet');
  assert.is(spec(found[0]!).updatePolicy.updateMode, 'Initial');
  assert.equal(spec(found[0]!).resourcePolicy.containerPolicies[0], { containerName: '*', controlledValues: 'RequestsOnly', maxAllowed: { memory: '4Gi' } });
});

test('an active VPA on the collector the HPA scales is refused naming the field; recommendations only are fine', () => {
  const autoscaling = { alloyMetrics: { autoscaling: { enabled: true } } };
  const message = refusal(() => objectsOf({ ...autoscaling, verticalAutoscaling: { enabled: true, updateMode: 'Recreate' } }));
  assert.match(message, 'verticalAutoscaling.updateMode');
  assert.match(message, 'fight');
  assert.is(vpas(objectsOf({ ...autoscaling, verticalAutoscaling: { enabled: true } })).length > 0, true);
  assert.is(vpas(objectsOf({ ...autoscaling, verticalAutoscaling: { enabled: true, updateMode: 'Recreate', workloads: ['alloyLogs'] } })).length, 1);
});

test('the vendored schema judges VPAs strictly: unknown fields and wrong modes are errors', () => {
  const vpa = vpas(objectsOf({ verticalAutoscaling: { enabled: true, workloads: ['alloyMetrics'] } }))[0]!;
  const broken = { ...vpa, spec: { ...spec(vpa), updatePolicy: { updateMode: 'Sometimes' }, minReplica: 1 } };
  const problems = validateObjects([broken]).join('\n');
  assert.match(problems, 'spec.updatePolicy.updateMode: expected one of "Off", "Initial", "Recreate", "InPlaceOrRecreate", "Auto"');
  assert.match(problems, 'spec.minReplica: unknown field');
});

test('an autoscaler whose target is not rendered is an error; an HPA cannot scale a DaemonSet', () => {
  const objects = objectsOf({ verticalAutoscaling: { enabled: true, workloads: ['alloyMetrics'] } });
  const vpa = vpas(objects)[0]!;
  const misspelt = { ...vpa, spec: { ...spec(vpa), targetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'alloy-metrics' } } };
  const hpa = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'logs', namespace: 'monitoring' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'alloy-stack-alloy-logs' }, maxReplicas: 3 },
  };
  const problems = validateObjects([...objects.filter((o) => o !== vpa), misspelt, hpa]);
  assert.ok(problems.some((p) => p.includes('spec.targetRef.name: StatefulSet "alloy-metrics" is not rendered in namespace monitoring')), problems.join('\n'));
  assert.ok(problems.some((p) => p.includes('spec.scaleTargetRef.kind: a DaemonSet runs one pod per node')), problems.join('\n'));
});

test.run();
