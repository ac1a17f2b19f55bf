// Each platform preset against that platform's documented admission rules, written down here with their source: the
// rendered pods of the example environment must pass them, and the settings the platform refuses are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';

type Obj = Record<string, any>;
const file = 'environments/test.ts';
const base: EnvironmentInput = {
  name: 'test', clusterName: 'c',
  logs: { destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }], events: { enabled: true } },
  metrics: { controlPlane: { enabled: true } },
};
const objectsOf = (platform: string, extra: Partial<EnvironmentInput> = {}) =>
  render({ spec: environment({ ...base, platform: platform as never, ...extra }), file, allowLists: {} }).objects;
const pods = (objects: readonly KubeObject[]) =>
  objects.flatMap((o) => { const spec = (o as Obj).spec?.template?.spec; return spec === undefined ? [] : [{ kind: o.kind, name: o.metadata.name!, spec: spec as Obj }]; });
const refusal = (platform: string, extra: Partial<EnvironmentInput>) => {
  try {
    objectsOf(platform, extra);
  } catch (error) {
    assert.ok(isUserError(error));
    return error.problems.join('\n');
  }
  return '';
};
const containers = (spec: Obj): Obj[] => [...(spec.initContainers ?? []), ...spec.containers];

// EKS Fargate (https://docs.aws.amazon.com/eks/latest/userguide/fargate.html, "Fargate considerations"): DaemonSets are
// not supported; privileged containers are not supported; pods can't specify HostPort or HostNetwork; hostPath is not
// supported.
test('eks-fargate: no DaemonSet, no privileged container, no host network, port or path', () => {
  const objects = objectsOf('eks-fargate');
  assert.equal(objects.filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata.name), []);
  for (const { name, spec } of pods(objects)) {
    assert.not.ok(spec.hostNetwork, `${name}: hostNetwork`);
    assert.not.ok((spec.volumes ?? []).some((v: Obj) => v.hostPath !== undefined), `${name}: hostPath`);
    for (const c of containers(spec)) {
      assert.not.ok(c.securityContext?.privileged, `${name}/${c.name}: privileged`);
      assert.not.ok((c.ports ?? []).some((p: Obj) => p.hostPort !== undefined), `${name}/${c.name}: hostPort`);
    }
  }
  assert.ok(objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alloy-stack-alloy-logs'), 'pod logs still collected, through the API');
  assert.match(refusal('eks-fargate', { nodeExporter: { enabled: true } }), /nodeExporter\.enabled: EKS Fargate runs no DaemonSets/);
  assert.match(refusal('eks-fargate', { logs: { ...base.logs, gather: 'files' } }), /logs\.gather: EKS Fargate/);
});

// GKE Autopilot (https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-security, "Security constraints"):
// privileged pods are refused; host namespaces (hostNetwork, hostPID, hostIPC) are refused; hostPath is allowed only
// read-only under /var/log/; capabilities beyond the default set (and NET_RAW removal is fine) may not be added, except
// SYS_PTRACE.
test('gke-autopilot: no privileged pod, no host namespace, hostPath only read-only under /var/log, no added capability', () => {
  for (const { name, spec } of pods(objectsOf('gke-autopilot'))) {
    for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) assert.not.ok(spec[ns], `${name}: ${ns}`);
    for (const v of spec.volumes ?? []) {
      if (v.hostPath === undefined) continue;
      assert.ok(String(v.hostPath.path).startsWith('/var/log/'), `${name}: hostPath ${v.hostPath.path}`);
      for (const c of containers(spec)) for (const m of c.volumeMounts ?? []) if (m.name === v.name) assert.ok(m.readOnly, `${name}: ${m.mountPath} writable`);
    }
    for (const c of containers(spec)) {
      assert.not.ok(c.securityContext?.privileged, `${name}/${c.name}: privileged`);
      for (const cap of c.securityContext?.capabilities?.add ?? []) assert.is(cap, 'SYS_PTRACE', `${name}/${c.name}: adds ${cap}`);
    }
  }
  assert.match(refusal('gke-autopilot', { nodeExporter: { enabled: true } }), /nodeExporter\.enabled: GKE Autopilot refuses hostNetwork and hostPID/);
});

// OpenShift restricted-v2 SCC (https://docs.openshift.com/container-platform/4.16/authentication/managing-security-context-constraints.html):
// runAsUser MustRunAsRange and fsGroup MustRunAs from the namespace's annotations, so a fixed UID outside that range is
// refused; allowPrivilegeEscalation false; capabilities: drop ALL; seccomp RuntimeDefault. Pods that need more use an
// SCC granted through a `use` ClusterRole (system:openshift:scc:<name>).
test('openshift: restricted pods choose no IDs; node agents are bound to the SCC that admits them', () => {
  const objects = objectsOf('openshift');
  const bindings = objects.filter((o) => o.kind === 'RoleBinding') as Obj[];
  const bound = new Map(bindings.filter((b) => String(b.roleRef.name).startsWith('system:openshift:scc:')).map((b) => [b.subjects[0].name, b.roleRef.name]));
  assert.equal([...bound].sort(), [['alloy-stack-alloy-logs', 'system:openshift:scc:hostmount-anyuid'], ['alloy-stack-node-exporter', 'system:openshift:scc:privileged']]);
  for (const { kind, name, spec } of pods(objects)) {
    if (kind === 'DaemonSet') {
      assert.ok(bound.has(spec.serviceAccountName), `${name}: bound to an SCC`);
      continue;
    }
    for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) assert.is(spec.securityContext?.[field], undefined, `${name}: pod ${field}`);
    for (const c of containers(spec)) {
      const sc = c.securityContext ?? {};
      assert.is(sc.runAsUser, undefined, `${name}/${c.name}: runAsUser`);
      assert.is(sc.allowPrivilegeEscalation, false, `${name}/${c.name}: allowPrivilegeEscalation`);
      assert.equal(sc.capabilities?.drop, ['ALL'], `${name}/${c.name}: capabilities`);
    }
  }
  // Generic clusters keep the fixed, non-root IDs.
  assert.ok(pods(objectsOf('generic')).some(({ spec }) => spec.securityContext?.runAsUser !== undefined));
});

// AKS (https://learn.microsoft.com/en-us/azure/aks/control-plane-metrics-monitor): the control plane is managed by Azure;
// of its components only the API server is reachable from the cluster.
test('aks: only the API server of the control plane is scraped; enabling another is refused', () => {
  const files = objectsOf('aks').filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alloy-stack-alloy-metrics').flatMap((o) => Object.keys((o as Obj).data));
  assert.ok(files.some((f) => f.includes('apiserver') || f.includes('api-server')), files.join(' '));
  assert.not.ok(files.some((f) => /scheduler|controller-manager|etcd/.test(f)), files.join(' '));
  assert.match(refusal('aks', { metrics: { controlPlane: { enabled: true, etcd: { enabled: true } } } }), /metrics\.controlPlane\.etcd\.enabled: AKS runs etcd managed/);
});

test('an environment setting wins over the preset where the platform allows it', () => {
  const objects = objectsOf('eks-fargate', { alloyLogs: { replicas: 4 } });
  assert.is((objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'alloy-stack-alloy-logs') as Obj).spec.replicas, 4);
});

test.run();
