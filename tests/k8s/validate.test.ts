// Injected faults, one per test: each must give exactly one message a person can act on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateObjects } from '../../lib/k8s/validate.ts';
import { alloyStack, EXTERNAL } from './fixture.ts';

type Stack = ReturnType<typeof alloyStack>;
const sts = 'apps/v1 StatefulSet monitoring/alloy-metrics';

/** Breaks one thing in a fresh stack and returns the problems. */
function problems(breakIt: (s: Stack) => void = () => {}): string[] {
  const stack = alloyStack();
  breakIt(stack);
  return validateObjects(Object.values(stack), { external: EXTERNAL });
}
const pod = (s: Stack) => s.statefulSet.spec.template.spec!;
const loose = (v: unknown) => v as Record<string, unknown>; // to write what the types forbid

test('a realistic StatefulSet + Service + ConfigMap + ServiceAccount + ClusterRole + binding set is valid', () => {
  assert.equal(problems(), []);
});

test('unknown field (a typo) names the field and suggests the right one', () => {
  assert.equal(problems((s) => { loose(pod(s).containers[0]).imagePullPolicyy = 'Always'; }), [
    `${sts}: spec.template.spec.containers[0].imagePullPolicyy: unknown field (did you mean imagePullPolicy?)`,
  ]);
});

test('wrong type', () => {
  assert.equal(problems((s) => { loose(s.statefulSet.spec).replicas = '3'; }), [`${sts}: spec.replicas: expected integer, got string "3"`]);
});

test('missing required field', () => {
  assert.equal(problems((s) => { delete loose(s.statefulSet.spec).selector; }), [`${sts}: spec: missing required field selector`]);
});

test('workload selector that does not match its pod template labels', () => {
  assert.equal(problems((s) => { s.statefulSet.spec.selector.matchLabels!['app.kubernetes.io/name'] = 'alloy'; }), [
    `${sts}: spec.selector.matchLabels["app.kubernetes.io/name"]: "alloy" does not match the pod template's app.kubernetes.io/name="alloy-metrics" (spec.template.metadata.labels), so the workload would not own its pods`,
  ]);
});

test('reference to a ConfigMap that is not rendered', () => {
  assert.equal(problems((s) => { pod(s).volumes![0]!.configMap!.name = 'alloy-cfg'; }), [
    `${sts}: spec.template.spec.volumes[0].configMap.name: ConfigMap "alloy-cfg" is not rendered in namespace monitoring and not declared external`,
  ]);
});

test('credentials Secret must be declared external', () => {
  const stack = alloyStack();
  assert.equal(validateObjects(Object.values(stack)), [
    `${sts}: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name: Secret "grafana-cloud-credentials" is not rendered in namespace monitoring and not declared external`,
  ]);
});

test('invalid name (a Service name must be a DNS-1035 label)', () => {
  assert.equal(problems((s) => { s.service.metadata.name = '1alloy'; }), [
    'v1 Service monitoring/1alloy: metadata.name: invalid name "1alloy": must be a DNS-1035 label (at most 63 lowercase letters, digits or "-", starting with a letter, ending with a letter or digit)',
  ]);
});

test('duplicate container port in one pod', () => {
  assert.equal(problems((s) => { pod(s).containers.push({ name: 'sidecar', image: 'busybox:1.36', ports: [{ containerPort: 12345 }] }); }), [
    `${sts}: spec.template.spec.containers[1].ports[0].containerPort: duplicate port 12345/TCP (also containers[0].ports[0])`,
  ]);
});

test('Service targetPort that no selected pod declares', () => {
  assert.equal(problems((s) => { s.service.spec!.ports![0]!.targetPort = 'http-metricz'; }), [
    `v1 Service monitoring/alloy-metrics: spec.ports[0].targetPort: port name "http-metricz"/TCP is not a container port of the selected ${sts}`,
  ]);
});

test('roleRef to a role that is not rendered', () => {
  assert.equal(problems((s) => { s.clusterRoleBinding.roleRef.name = 'alloy'; }), [
    'rbac.authorization.k8s.io/v1 ClusterRoleBinding alloy-metrics: roleRef.name: ClusterRole "alloy" is not rendered',
  ]);
});

test('an object whose YAML text passed its schema before is not asked again; one that failed is', () => {
  const valid = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'seen' } };
  const broken = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'seen', labelz: {} } };
  assert.equal(validateObjects([valid], { texts: ['the text of a valid object'] }), []);
  // The same text stands for the same data, so the schema is not asked (the text is the identity).
  assert.equal(validateObjects([broken], { texts: ['the text of a valid object'] }), []);
  for (let i = 0; i < 2; i++) {
    assert.match(validateObjects([broken], { texts: ['the text of a broken object'] }).join('\n'), /metadata\.labelz: unknown field/);
  }
  assert.match(validateObjects([broken]).join('\n'), /metadata\.labelz: unknown field/);
});

test('a text that passed for one Kubernetes version is checked again for another', () => {
  const apparmor = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x', namespace: 'monitoring' },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'a' }], securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } } },
    },
  };
  const texts = ['the text of a StatefulSet with an AppArmor profile'];
  assert.equal(validateObjects([apparmor], { texts, kubernetesVersion: '1.30' }), []);
  assert.match(validateObjects([apparmor], { texts, kubernetesVersion: '1.28' }).join('\n'), /appArmorProfile: not served by Kubernetes 1\.28/);
  assert.equal(validateObjects([apparmor], { texts, kubernetesVersion: '1.30' }), []);
});

test('unknown apiVersion/kind', () => {
  assert.equal(validateObjects([{ apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'x' } }]), [
    'apps/v1beta2 Deployment x: unknown apiVersion/kind apps/v1beta2 Deployment, no vendored schema (did you mean apps/v1 Deployment?)',
  ]);
});

test.run();
