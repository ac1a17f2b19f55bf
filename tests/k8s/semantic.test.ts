// Cross-object rules beyond the injected-fault suite, and robustness on malformed objects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { semanticProblems } from '../../lib/k8s/semantic.ts';
import { validateObjects } from '../../lib/k8s/validate.ts';
import { alloyStack, EXTERNAL } from './fixture.ts';

const check = (objects: unknown[], external = EXTERNAL) => semanticProblems(objects, external);

test('external Secrets may be named namespace/name; the default ServiceAccount and kube-root-ca.crt are implicit', () => {
  const s = alloyStack();
  const pod = s.statefulSet.spec.template.spec!;
  delete pod.serviceAccountName;
  pod.volumes!.push({ name: 'ca', configMap: { name: 'kube-root-ca.crt' } });
  assert.equal(check(Object.values(s), { secrets: ['monitoring/grafana-cloud-credentials'], configMaps: [] }), []);
  assert.equal(check(Object.values(s), { secrets: ['other/grafana-cloud-credentials'], configMaps: [] }).length, 1);
});

test('optional references and built-in ClusterRoles need not be rendered', () => {
  const s = alloyStack();
  s.statefulSet.spec.template.spec!.volumes!.push({ name: 'extra', configMap: { name: 'maybe', optional: true } });
  s.clusterRoleBinding.roleRef.name = 'system:auth-delegator';
  assert.equal(check(Object.values(s)), []);
});

test('volumeMount without a volume, PDB and NetworkPolicy selecting nothing', () => {
  const s = alloyStack();
  s.statefulSet.spec.template.spec!.containers[0]!.volumeMounts!.push({ name: 'tmp', mountPath: '/tmp' });
  s.podDisruptionBudget.spec!.selector = { matchLabels: { app: 'nothing' } };
  s.networkPolicy.spec!.podSelector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['alloy-logs'] }] };
  assert.equal(check(Object.values(s)), [
    'apps/v1 StatefulSet monitoring/alloy-metrics: spec.template.spec.containers[0].volumeMounts[2].name: no volume "tmp" in spec.template.spec.volumes or spec.volumeClaimTemplates',
    'policy/v1 PodDisruptionBudget monitoring/alloy-metrics: spec.selector: selects no pod template rendered in namespace monitoring (app=nothing)',
    'networking.k8s.io/v1 NetworkPolicy monitoring/alloy-metrics: spec.podSelector: selects no pod template rendered in namespace monitoring (app.kubernetes.io/name In [alloy-logs])',
  ]);
});

test('RoleBinding to a Role in another namespace, ServiceAccount subject not rendered, duplicate object, bad label', () => {
  const s = alloyStack();
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'other' }, rules: [] };
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: 'monitoring' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'alloy-logs' }],
  };
  s.configMap.metadata.labels!['bad key!'] = 'x';
  assert.equal(check([...Object.values(s), role, binding, alloyStack().configMap]), [
    'v1 ConfigMap monitoring/alloy-config: metadata.labels["bad key!"]: invalid key: must be [prefix/]name with a name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
    'rbac.authorization.k8s.io/v1 RoleBinding monitoring/reader: roleRef.name: Role "reader" is not rendered in namespace monitoring',
    'rbac.authorization.k8s.io/v1 RoleBinding monitoring/reader: subjects[0].name: ServiceAccount "alloy-logs" is not rendered in namespace monitoring',
    'v1 ConfigMap monitoring/alloy-config: duplicate object: v1 ConfigMap monitoring/alloy-config (object #2) has the same kind, namespace and name',
  ]);
});

test('quantities: numbers and Kubernetes suffixes pass, other units fail', () => {
  const s = alloyStack();
  s.statefulSet.spec.template.spec!.containers[0]!.resources = { requests: { cpu: 0.5, memory: '1e9' }, limits: { memory: '512MB' } };
  assert.equal(validateObjects(Object.values(s), { external: EXTERNAL }), [
    'apps/v1 StatefulSet monitoring/alloy-metrics: spec.template.spec.containers[0].resources.limits.memory: expected a quantity such as 500m, 2 or 128Mi, got string "512MB"',
  ]);
});

test('malformed objects give messages, never an exception', () => {
  const kinds = fc.constantFrom('StatefulSet', 'DaemonSet', 'Deployment', 'Service', 'PodDisruptionBudget', 'NetworkPolicy', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount', 'ConfigMap');
  const junk = fc.record({ apiVersion: fc.constantFrom('v1', 'apps/v1'), kind: kinds, metadata: fc.anything(), spec: fc.anything(), roleRef: fc.anything(), subjects: fc.anything() }, { requiredKeys: ['apiVersion', 'kind'] });
  const valid = Object.values(alloyStack());
  fc.assert(fc.property(fc.array(fc.oneof(junk, fc.anything()), { maxLength: 5 }), (objects) => {
    validateObjects([...valid, ...objects], { external: EXTERNAL });
  }), { numRuns: 300 });
});

test.run();
