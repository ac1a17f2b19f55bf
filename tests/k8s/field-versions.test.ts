// The target Kubernetes version: fields a cluster's API server does not serve are refused, naming the field and
// the version that added it; what every supported version serves renders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import schema from '../../lib/config/environment.schema.json' with { type: 'json' };
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { KUBERNETES_VERSIONS, NEWEST_KUBERNETES, OLDEST_KUBERNETES, newerFields } from '../../lib/k8s/field-versions.ts';
import { render } from '../../lib/render.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'test' };

const statefulSet = (podSpec: object) => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x', namespace: 'monitoring' },
  spec: { selector: {}, serviceName: 'x', template: { spec: { containers: [{ name: 'a', image: 'a' }], ...podSpec } } },
});

test('a field added after the target is refused with its path and version; at that version it passes', () => {
  const apparmor = statefulSet({ securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } });
  assert.equal(newerFields(apparmor, '1.28'), [
    'apps/v1 StatefulSet monitoring/x: spec.template.spec.securityContext.appArmorProfile: not served by Kubernetes 1.28 (first in 1.30); raise kubernetesVersion or remove the field',
  ]);
  assert.equal(newerFields(apparmor, '1.30'), []);
});

test('fields inside lists and maps are found', () => {
  const sleep = statefulSet({ containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b', lifecycle: { preStop: { sleep: { seconds: 5 } } } }] });
  assert.equal(newerFields(sleep, '1.28').map((p) => p.split(': ')[1]), ['spec.template.spec.containers[1].lifecycle.preStop.sleep']);
});

test('a version no package models is checked against the older vendored one', () => {
  // Pod-level resources first appear in the vendored 1.32 API; 1.31 is checked as 1.30.
  const podResources = statefulSet({ resources: { limits: { cpu: '1' } } });
  assert.equal(newerFields(podResources, '1.31').length, 1);
  assert.equal(newerFields(podResources, '1.32'), []);
});

test('a type renamed between releases is followed by its field names, not taken as new', () => {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'x' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'x' },
    subjects: [{ kind: 'ServiceAccount', name: 'x', namespace: 'monitoring' }],
  };
  assert.equal(newerFields(binding, OLDEST_KUBERNETES), []);
});

test('the schema offers exactly the minor versions from the oldest to the newest vendored', () => {
  const offered = (schema.properties.kubernetesVersion as { enum: string[] }).enum;
  const minor = (v: string) => Number(v.split('.')[1]);
  const range = Array.from({ length: minor(NEWEST_KUBERNETES) - minor(OLDEST_KUBERNETES) + 1 }, (_, i) => `1.${minor(OLDEST_KUBERNETES) + i}`);
  assert.equal(offered, range);
  assert.ok(KUBERNETES_VERSIONS.every((v) => offered.includes(v)));
});

test('the stack renders for every supported version', () => {
  for (const kubernetesVersion of (schema.properties.kubernetesVersion as { enum: string[] }).enum) {
    const rendered = render({ spec: environment({ ...base, kubernetesVersion: kubernetesVersion as never }), file, allowLists: {} });
    assert.ok(rendered.files.size > 10, kubernetesVersion);
  }
});

test('an override that uses a newer field fails the export for an older cluster, not for a newer one', () => {
  const overrides = { alloyMetrics: { statefulSet: { spec: { template: { spec: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } } } } } } };
  try {
    render({ spec: environment({ ...base, kubernetesVersion: '1.29', overrides: overrides as never }), file, allowLists: {} });
    assert.unreachable('expected the export to fail');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.equal(error.problems, [
      'environments/test.ts: apps/v1 StatefulSet monitoring/alloy-stack-alloy-metrics: spec.template.spec.securityContext.appArmorProfile: not served by Kubernetes 1.29 (first in 1.30); raise kubernetesVersion or remove the field',
    ]);
  }
  render({ spec: environment({ ...base, kubernetesVersion: '1.30', overrides: overrides as never }), file, allowLists: {} });
});

test('a HorizontalPodAutoscaler added through overrides is validated like any built-in kind', () => {
  const hpa = (maxReplicas: unknown) => ({
    alloyMetrics: {
      horizontalPodAutoscaler: {
        apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'alloy-metrics' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'alloy-stack-alloy-metrics' }, minReplicas: 2, maxReplicas },
      },
    },
  });
  const ok = render({ spec: environment({ ...base, overrides: hpa(6) as never }), file, allowLists: {} });
  assert.ok([...ok.files.keys()].some((f) => f.includes('autoscaling-v2.HorizontalPodAutoscaler-alloy-metrics')), [...ok.files.keys()].join('\n'));
  try {
    render({ spec: environment({ ...base, overrides: hpa('six') as never }), file, allowLists: {} });
    assert.unreachable('expected the export to fail');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.problems.join('\n'), /HorizontalPodAutoscaler monitoring\/alloy-metrics: spec\.maxReplicas: expected integer, got string "six"/);
  }
});

test.run();
