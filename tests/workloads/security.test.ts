// Every container is strict, and the departures are exactly the ones named in lib/workloads/security.ts
// and node-exporter.ts: nothing more slips in, nothing silently goes away.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import { namespace } from '../../lib/workloads/namespace.ts';
import { inputs, tree } from './fixture.ts';

/** The departures from "restricted + read-only root" a pod template makes, as short tags. */
function exceptions(template: PodTemplateSpec): string[] {
  const spec = template.spec!;
  const found: string[] = [];
  if (spec.hostNetwork) found.push('hostNetwork');
  if (spec.hostPID) found.push('hostPID');
  if (spec.hostIPC) found.push('hostIPC');
  for (const v of spec.volumes ?? []) if (v.hostPath) found.push(`hostPath:${v.hostPath.path}`);
  for (const c of spec.containers) {
    const sc = c.securityContext!;
    const user = sc.runAsUser ?? spec.securityContext?.runAsUser;
    if (user === 0 || sc.runAsNonRoot === false) found.push('root');
    for (const cap of sc.capabilities?.add ?? []) found.push(`cap:${cap}`);
  }
  return found;
}

const templates = () => {
  const t = tree();
  return {
    'alloy-metrics': t.alloyMetrics!.statefulSet.spec.template,
    'alloy-logs': t.alloyLogs!.daemonSet!.spec.template,
    'alloy-events': t.alloyEvents!.deployment.spec.template,
    prometheus: t.prometheus!.statefulSet.spec.template,
    'kube-state-metrics': t.kubeStateMetrics!.deployment!.spec.template,
    'node-exporter': t.nodeExporter!.daemonSet.spec.template,
  };
};

const expected: Record<string, { user: number; exceptions: string[] }> = {
  'alloy-metrics': { user: 473, exceptions: [] },
  'alloy-events': { user: 473, exceptions: [] },
  // Reads host log files: root, DAC_READ_SEARCH, the log directories and its positions directory.
  'alloy-logs': { user: 0, exceptions: ['hostPath:/var/lib/alloy-logs', 'hostPath:/var/log/pods', 'hostPath:/var/log/journal', 'root', 'cap:DAC_READ_SEARCH'] },
  prometheus: { user: 65534, exceptions: [] },
  'kube-state-metrics': { user: 65534, exceptions: [] },
  // The node's own network, processes and filesystems; still nobody with no capabilities.
  'node-exporter': { user: 65534, exceptions: ['hostNetwork', 'hostPID', 'hostPath:/proc', 'hostPath:/sys', 'hostPath:/'] },
};

test('exceptions per workload are exactly the named ones', () => {
  const all = templates();
  assert.equal(Object.keys(all).sort(), Object.keys(expected).sort());
  for (const [name, template] of Object.entries(all)) {
    assert.equal(exceptions(template), expected[name]!.exceptions, name);
    assert.is(template.spec!.containers[0]!.securityContext!.runAsUser, expected[name]!.user, name);
  }
});

test('every container: no privilege escalation, read-only root, ALL dropped, seccomp RuntimeDefault, not privileged', () => {
  for (const [name, template] of Object.entries(templates())) {
    const pod = template.spec!;
    assert.equal(pod.securityContext!.seccompProfile, { type: 'RuntimeDefault' }, name);
    for (const c of pod.containers) {
      const sc = c.securityContext!;
      assert.is(sc.allowPrivilegeEscalation, false, name);
      assert.is(sc.readOnlyRootFilesystem, true, name);
      assert.equal(sc.capabilities!.drop, ['ALL'], name);
      assert.equal(sc.seccompProfile, { type: 'RuntimeDefault' }, name);
      assert.not.ok(sc.privileged, name);
      if (expected[name]!.user !== 0) {
        assert.is(sc.runAsNonRoot, true, name);
        assert.is(pod.securityContext!.runAsNonRoot, true, name);
      }
    }
  }
});

test('host directories are mounted read-only, except alloy-logs positions', () => {
  for (const [name, template] of Object.entries(templates())) {
    const pod = template.spec!;
    const hostVolumes = new Set((pod.volumes ?? []).filter((v) => v.hostPath).map((v) => v.name));
    for (const mount of pod.containers.flatMap((c) => c.volumeMounts ?? []).filter((m) => hostVolumes.has(m.name))) {
      if (name === 'alloy-logs' && mount.name === 'storage') assert.is(mount.mountPath, '/var/lib/alloy/data');
      else assert.is(mount.readOnly, true, `${name}: ${mount.name}`);
    }
  }
});

test('pods writing to a volume as non-root get an fsGroup for it', () => {
  const t = templates();
  assert.is(t['alloy-metrics'].spec!.securityContext!.fsGroup, 473);
  assert.is(t['alloy-events'].spec!.securityContext!.fsGroup, 473);
  assert.is(t.prometheus.spec!.securityContext!.fsGroup, 65534);
});

test('namespace: enforce privileged only with host access; warn and audit restricted', () => {
  assert.equal(namespace('monitoring', { hostAccess: true }).metadata.labels, {
    'app.kubernetes.io/part-of': 'alloy-stack',
    'pod-security.kubernetes.io/enforce': 'privileged',
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  });
  assert.is(namespace('monitoring', { hostAccess: false }).metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
  assert.is(tree().namespace.namespace.metadata.labels!['pod-security.kubernetes.io/enforce'], 'privileged');
  const noHost = tree({ nodeExporter: { enabled: false } }, { metrics: inputs().metrics, events: inputs().events });
  assert.is(noHost.namespace.namespace.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
});

test.run();
