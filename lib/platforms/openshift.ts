// OpenShift: admission assigns each pod a SecurityContextConstraints (SCC). Under restricted-v2, the default, a pod
// may not choose its UID, GID or fsGroup: OpenShift picks them from the namespace's range
// (https://docs.openshift.com/container-platform/4.16/authentication/managing-security-context-constraints.html).
// So restricted pods lose their fixed IDs (the images run as any UID), and the two workloads that reach into the node
// are bound to the SCC that admits them, through the `use` ClusterRoles OpenShift ships (system:openshift:scc:<name>):
// node-exporter needs host network and PID, only `privileged` allows both; alloy-logs runs as root with hostPath,
// which `hostmount-anyuid` allows.
import type { KubeObject } from '../core/flatten.ts';
import type { Platform } from './platform.ts';

type Obj = Record<string, unknown>;
// By what the workload is (app.kubernetes.io/name and component), not its object name, which the instance and
// `names` choose.
// Kepler runs as root with hostPID and hostPath, and windows-exporter as a HostProcess pod: only `privileged` admits them.
const sccFor: Readonly<Record<string, string>> = {
  'node-exporter/exporter': 'privileged', 'alloy/log-collector': 'hostmount-anyuid', 'kepler/energy-exporter': 'privileged', 'windows-exporter/exporter': 'privileged',
};
const kindOf = (object: KubeObject): string =>
  `${object.metadata.labels?.['app.kubernetes.io/name'] ?? ''}/${object.metadata.labels?.['app.kubernetes.io/component'] ?? ''}`;

/** A security context without the IDs restricted-v2 assigns itself. */
function withoutIds(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  const { runAsUser: _u, runAsGroup: _g, fsGroup: _f, fsGroupChangePolicy: _p, ...rest } = context as Obj;
  return rest;
}

/** The SCC a node agent's pods need: DaemonSets only (alloy-logs reading through the API is restricted). */
const sccOf = (object: KubeObject): string | undefined => (object.kind === 'DaemonSet' ? sccFor[kindOf(object)] : undefined);

function podOf(object: KubeObject): Obj | undefined {
  return ((object as { spec?: { template?: { spec?: Obj } } }).spec?.template?.spec);
}

export const openshift: Platform = {
  source: 'https://docs.openshift.com/container-platform/4.16/authentication/managing-security-context-constraints.html',
  defaults: {},
  problems: () => [],
  patchObject(object) {
    const pod = podOf(object);
    if (pod === undefined || sccOf(object) !== undefined) return object;
    const containers = (pod.containers as Obj[]).map((c) => ({ ...c, securityContext: withoutIds(c.securityContext) }));
    const spec = { ...pod, securityContext: withoutIds(pod.securityContext), containers };
    const workload = object as unknown as { spec: Obj & { template: Obj } };
    return { ...object, spec: { ...workload.spec, template: { ...workload.spec.template, spec } } } as unknown as KubeObject;
  },
  extraObjects(objects, config) {
    const out: Record<string, KubeObject> = {};
    for (const object of objects) {
      const scc = sccOf(object);
      if (scc === undefined) continue;
      const name = `${object.metadata.name}-scc-${scc}`;
      out[name] = {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name, namespace: config.namespace, labels: { ...object.metadata.labels } },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `system:openshift:scc:${scc}` },
        subjects: [{ kind: 'ServiceAccount', name: String(podOf(object)!.serviceAccountName), namespace: config.namespace }],
      } as unknown as KubeObject;
    }
    return out;
  },
};
