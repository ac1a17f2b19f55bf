// Least privilege, measured on rendered output: for each feature set, the permissions every ClusterRole
// grants are exactly the table below (what the enabled pipelines need), and turning a feature off takes
// its permissions away. The table is written out, not computed from lib/, so a new grant shows up here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterRole, ClusterRoleBinding, PodTemplateSpec, ServiceAccount } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { grant, permissions, ruleProblems } from '../support/rbac.ts';
import { allBlocks, ofKind, renderEnv, variant } from './render.ts';

const podDiscovery = grant(['pods'], 'list', 'watch');
const nodeDiscovery = grant(['nodes'], 'list', 'watch');
const proxy = grant(['nodes/proxy'], 'get');
const direct = grant(['nodes/metrics'], 'get');
// The log pipelines declare get as well as list and watch (see "beyond the watches" below).
// The endpointslice role also watches the Services and pods the slices point at.
const endpointSliceDiscovery = [...grant(['discovery.k8s.io/endpointslices', 'services', 'pods'], 'list', 'watch')];
const podLogs = grant(['pods'], 'get', 'list', 'watch');
const events = grant(['events'], 'get', 'list', 'watch');
// kube-state-metrics' default resources minus Secrets, list and watch only.
const kubeStateMetrics = [
  ...grant(['configmaps', 'endpoints', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'replicationcontrollers', 'resourcequotas', 'services'], 'list', 'watch'),
  ...grant(['admissionregistration.k8s.io/mutatingwebhookconfigurations', 'admissionregistration.k8s.io/validatingwebhookconfigurations'], 'list', 'watch'),
  ...grant(['apps/daemonsets', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets'], 'list', 'watch'),
  ...grant(['autoscaling/horizontalpodautoscalers', 'batch/cronjobs', 'batch/jobs', 'certificates.k8s.io/certificatesigningrequests', 'coordination.k8s.io/leases'], 'list', 'watch'),
  ...grant(['networking.k8s.io/ingresses', 'networking.k8s.io/networkpolicies', 'policy/poddisruptionbudgets', 'storage.k8s.io/storageclasses', 'storage.k8s.io/volumeattachments'], 'list', 'watch'),
];

const allOn = { 'alloy-metrics': [...podDiscovery, ...nodeDiscovery, ...proxy], 'alloy-logs': podLogs, 'alloy-events': events, 'kube-state-metrics': kubeStateMetrics };
const kubeletOff = { kubelet: { enabled: false }, cadvisor: { enabled: false }, resources: { enabled: false } };
const podTargetsOff = { kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, alloy: { enabled: false }, prometheus: { enabled: false }, apps: [] };
// The cluster's kube-state-metrics behind a kube-rbac-proxy, as OpenShift runs it.
const existingKsm = { namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics' }, portName: 'https-main', scheme: 'https', bearerToken: true };
// Every pod target off but kube-state-metrics.
const { kubeStateMetrics: _ksmScrape, ...ksmOnlyPods } = podTargetsOff;
const { 'alloy-logs': _logs, ...withoutLogs } = allOn;
const { 'alloy-events': _events, ...withoutEvents } = allOn;
const { 'kube-state-metrics': _ksm, ...withoutKsm } = allOn;

/** Feature set -> the environment change -> ClusterRole name -> its permissions. */
const table: [string, Record<string, unknown>, Record<string, string[]>][] = [
  ['all on (kubelet through the API proxy)', {}, allOn],
  ['kubelet direct', { metrics: { kubelet: { access: 'direct' } } }, { ...allOn, 'alloy-metrics': [...podDiscovery, ...nodeDiscovery, ...direct] }],
  ['kubelet, cadvisor and resources off', { metrics: kubeletOff }, { ...allOn, 'alloy-metrics': podDiscovery }],
  ['kubelet, cadvisor and resources off, direct', { metrics: { ...kubeletOff, kubelet: { enabled: false, access: 'direct' } } }, { ...allOn, 'alloy-metrics': podDiscovery }],
  ['only cadvisor of the kubelet endpoints', { metrics: { kubelet: { enabled: false }, resources: { enabled: false } } }, allOn],
  ['only resources, direct', { metrics: { kubelet: { enabled: false, access: 'direct' }, cadvisor: { enabled: false } } }, { ...allOn, 'alloy-metrics': [...podDiscovery, ...nodeDiscovery, ...direct] }],
  ['kubelet probes as the only kubelet endpoint: the same node grant, nothing more', { metrics: { ...kubeletOff, kubeletProbes: { enabled: true } } }, allOn],
  ['kubelet probes as the only kubelet endpoint, direct', { metrics: { ...kubeletOff, kubelet: { enabled: false, access: 'direct' }, kubeletProbes: { enabled: true } } },
    { ...allOn, 'alloy-metrics': [...podDiscovery, ...nodeDiscovery, ...direct] }],
  ['no pod targets (kubelet endpoints only)', { metrics: podTargetsOff }, { ...withoutKsm, 'alloy-metrics': [...nodeDiscovery, ...proxy] }],
  ['kube-state-metrics: the cluster\'s own (deploy false), found through the pod watch', { kubeStateMetrics: { deploy: false, selector: existingKsm } }, withoutKsm],
  ['kube-state-metrics: the cluster\'s own through its Service, no other pod targets (no pod watch)', { metrics: ksmOnlyPods, kubeStateMetrics: { deploy: false, selector: { ...existingKsm, service: { name: 'kube-state-metrics', port: 8443 } } } },
    { ...withoutKsm, 'alloy-metrics': [...nodeDiscovery, ...proxy] }],
  ['kube-state-metrics: two replicas, scraped through the Service, no other pod targets (no pod watch)', { metrics: ksmOnlyPods, kubeStateMetrics: { replicas: 2 } },
    { 'alloy-metrics': [...nodeDiscovery, ...proxy], 'alloy-logs': podLogs, 'alloy-events': events, 'kube-state-metrics': kubeStateMetrics }],
  ['node-exporter: the cluster\'s own, https with the ServiceAccount token (no grant of its own)',
    { nodeExporter: { deploy: false, selector: { namespace: 'openshift-monitoring', labels: { 'app.kubernetes.io/name': 'node-exporter' }, portName: 'https', scheme: 'https', bearerToken: true } } }, allOn],
  ['node labels on metrics (the kubelet\'s node watch has them; node-exporter\'s pods attach their node)', { metrics: { nodeLabels: { enabled: true } } }, allOn],
  ['node labels on metrics, node-exporter the only node-scoped source: the pod watch attaches nodes', { metrics: { ...kubeletOff, nodeLabels: { enabled: true } } },
    { ...allOn, 'alloy-metrics': [...podDiscovery, ...nodeDiscovery] }],
  ['node labels on metrics without node-exporter: no attach, the node watch of the kubelet only', { metrics: { ...kubeletOff, nodeExporter: { enabled: false }, nodeLabels: { enabled: true } } },
    { ...allOn, 'alloy-metrics': podDiscovery }],
  ['pod logs off, node logs on', { logs: { enabled: false } }, withoutLogs],
  ['pod logs and node logs off', { logs: { enabled: false, nodeLogs: { enabled: false } } }, withoutLogs],
  ['node logs off', { logs: { nodeLogs: { enabled: false } } }, allOn],
  ['events off', { logs: { events: { enabled: false } } }, withoutEvents],
  ['kube-state-metrics workload off', { kubeStateMetrics: { enabled: false } }, withoutKsm],
  ['kube-state-metrics scrape off', { metrics: { kubeStateMetrics: { enabled: false } } }, withoutKsm],
  ['cloud write off (logs still go to the in-cluster Loki)', { enableCloudWrite: false }, allOn],
  ['cloud write off and no other log destination', { enableCloudWrite: false, logs: { destinations: [] } }, { 'alloy-metrics': allOn['alloy-metrics'], 'kube-state-metrics': kubeStateMetrics }],
  ['metrics off', { metrics: { enabled: false } }, { 'alloy-logs': podLogs, 'alloy-events': events }],
  ['pod labels and annotations on log lines (the pod watch has them)', { logs: { podLabels: { team: 'example.com/team' }, podAnnotations: { env: 'example.com/env' } } }, allOn],
  ['namespace labels on log lines', { logs: { namespaceLabels: { product: 'example.com/product' } } }, { ...allOn, 'alloy-logs': [...podLogs, ...grant(['namespaces'], 'get', 'list', 'watch')] }],
  ['node labels on log lines', { logs: { nodeLabels: { zone: 'topology.kubernetes.io/zone' } } }, { ...allOn, 'alloy-logs': [...podLogs, ...grant(['nodes'], 'get', 'list', 'watch')] }],
  ['annotation autodiscovery (pods and Services)', { metrics: { autodiscovery: { enabled: true } } },
    { ...allOn, 'alloy-metrics': [...allOn['alloy-metrics'], ...endpointSliceDiscovery] }],
  ['annotation autodiscovery with the ServiceAccount token (no grant of its own)', { metrics: { autodiscovery: { enabled: true, services: false, bearerToken: true } } }, allOn],
  ['control plane', { metrics: { controlPlane: { enabled: true } } },
    { ...allOn, 'alloy-metrics': [...allOn['alloy-metrics'], ...endpointSliceDiscovery, 'url /metrics:get'] }],
  ['control plane without the API server and CoreDNS (no EndpointSlice watch)', { metrics: { controlPlane: { enabled: true, apiServer: { enabled: false }, coreDns: { enabled: false } } } },
    { ...allOn, 'alloy-metrics': [...allOn['alloy-metrics'], 'url /metrics:get'] }],
  ['control plane: kube-proxy and CoreDNS only (plain http, no /metrics grant)', { metrics: { controlPlane: { enabled: true, apiServer: { enabled: false }, kubeControllerManager: { enabled: false }, kubeScheduler: { enabled: false } } } },
    { ...allOn, 'alloy-metrics': [...allOn['alloy-metrics'], ...endpointSliceDiscovery] }],
  ['control plane components on but the control plane switch off', { metrics: { controlPlane: { enabled: false, etcd: { enabled: true } } } }, allOn],
  ['annotation autodiscovery of pods only', { metrics: { autodiscovery: { enabled: true, services: false } } }, allOn],
  ['profiling (every source): pods of its node, nothing else', {
    profiling: { ebpf: { enabled: true }, java: { enabled: true }, pprof: { enabled: true } },
    profiles: { destinations: [{ name: 'pyroscope', url: 'http://pyroscope.pyroscope.svc:4040' }] },
  }, { ...allOn, 'alloy-profiles': grant(['pods'], 'get', 'list', 'watch') }],
  ['Beyla: pods, nodes, Services and ReplicaSets to name what it instruments', { beyla: { enabled: true } },
    { ...allOn, 'alloy-beyla': [...grant(['nodes', 'pods', 'services'], 'get', 'list', 'watch'), ...grant(['apps/replicasets'], 'get', 'list', 'watch')] }],
  ['Kepler: the pods it charges energy to, nothing else (no nodes/proxy: the pod informer reads the API server)', { kepler: { enabled: true } },
    { ...allOn, kepler: grant(['pods'], 'get', 'list', 'watch') }],
  ['OpenCost: the objects it prices and groups by, read-only; windows-exporter reads no API', { opencost: { enabled: true }, windowsExporter: { enabled: true } },
    { ...allOn, opencost: [
      ...grant(['configmaps', 'endpoints', 'limitranges', 'namespaces', 'nodes', 'persistentvolumeclaims', 'persistentvolumes', 'pods', 'replicationcontrollers', 'resourcequotas', 'services'], 'get', 'list', 'watch'),
      ...grant(['apps/daemonsets', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'batch/cronjobs', 'batch/jobs', 'autoscaling/horizontalpodautoscalers', 'policy/poddisruptionbudgets', 'storage.k8s.io/storageclasses'], 'get', 'list', 'watch'),
    ] }],
  ['metric enrichment: pod labels need nothing more, namespace labels a namespaces watch', { metrics: { enrichment: { podLabels: { team: 'example.com/team' }, namespaceLabels: { product: 'example.com/product' } } } },
    { ...allOn, 'alloy-metrics': [...allOn['alloy-metrics'], ...grant(['namespaces'], 'list', 'watch')] }],
  ['annotation autodiscovery of Services only, no other pod targets', { metrics: { ...podTargetsOff, autodiscovery: { enabled: true, pods: false } } },
    { ...withoutKsm, 'alloy-metrics': [...nodeDiscovery, ...proxy, ...endpointSliceDiscovery] }],
];

// Names carry the instance, cluster-scoped ones the namespace too (lib/config/names.ts); tables name the part.
const workloadOf = (clusterScopedName: string) => clusterScopedName.replace(/^monitoring-alloy-stack-/, '');
const objectOf = (part: string) => `alloy-stack-${part}`;

function roles(r: Rendered): Record<string, string[]> {
  return Object.fromEntries(ofKind<ClusterRole>(r, 'ClusterRole').map((role) => [workloadOf(role.metadata.name!), permissions(role.rules ?? [])]));
}

for (const [name, change, expected] of table) {
  test(`${name}: each ClusterRole grants exactly what its pipelines need`, () => {
    const r = renderEnv(variant(change));
    const sorted = Object.fromEntries(Object.entries(expected).map(([role, list]) => [role, [...new Set(list)].sort()]));
    assert.equal(roles(r), sorted);
  });

  test(`${name}: read-only, no wildcard, no Secrets; kubelet access matches the mode; bindings and tokens line up`, () => {
    const r = renderEnv(variant(change));
    assert.equal(ofKind(r, 'Role'), [], 'no namespaced Roles');
    assert.equal(ofKind(r, 'RoleBinding'), [], 'no RoleBindings');
    const all = ofKind<ClusterRole>(r, 'ClusterRole');
    for (const role of all) for (const rule of role.rules ?? []) assert.equal(ruleProblems(rule), [], `${role.metadata.name}: ${JSON.stringify(rule)}`);

    const granted = all.flatMap((role) => permissions(role.rules ?? []));
    const mode = (change.metrics as { kubelet?: { access?: string } } | undefined)?.kubelet?.access ?? 'proxy';
    if (mode === 'proxy') assert.not.ok(granted.includes('nodes/metrics:get'), 'nodes/metrics only in direct mode');
    else assert.not.ok(granted.includes('nodes/proxy:get'), 'nodes/proxy only in proxy mode');

    // Each binding gives its own role to its own ServiceAccount, and only pods that call the API get a token.
    const bindings = ofKind<ClusterRoleBinding>(r, 'ClusterRoleBinding');
    assert.equal(bindings.map((b) => b.roleRef.name).sort(), all.map((role) => role.metadata.name!).sort());
    for (const b of bindings) {
      assert.is(b.metadata.name, b.roleRef.name);
      assert.equal(b.subjects, [{ kind: 'ServiceAccount', name: objectOf(workloadOf(b.roleRef.name)), namespace: 'monitoring' }]);
    }
    const withRole = new Set(all.map((role) => objectOf(workloadOf(role.metadata.name!))));
    for (const account of ofKind<ServiceAccount>(r, 'ServiceAccount')) {
      assert.is(account.automountServiceAccountToken, withRole.has(account.metadata.name!), `${account.metadata.name}: token`);
    }
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      for (const w of ofKind<{ metadata: { name: string }; spec: { template: PodTemplateSpec } }>(r, kind)) {
        const pod = w.spec.template.spec!;
        assert.is(pod.automountServiceAccountToken, withRole.has(pod.serviceAccountName!), `${w.metadata.name}: pod token`);
      }
    }
  });
}

/** What the Alloy configs read from the API, derived from the components they run. */
function needs(r: Rendered): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  const need = (cm: string, ...list: string[]) => list.forEach((p) => (out[cm] ??= new Set()).add(p));
  const blocks = allBlocks(r);
  for (const { where, block } of blocks) {
    const cm = where.split('/')[0]!.replace(/^alloy-stack-/, '');
    const attr = (name: string) => block.body.find((s) => s.kind === 'attribute' && s.name === name);
    if (block.name === 'discovery.kubernetes') {
      const role = attr('role');
      const value = role?.kind === 'attribute' && role.value.kind === 'string' ? role.value.value : '?';
      const resources = value === 'endpointslice' ? ['discovery.k8s.io/endpointslices', 'services', 'pods'] : [`${value}s`];
      for (const resource of resources) need(cm, `${resource}:list`, `${resource}:watch`);
    }
    if (block.name === 'loki.source.kubernetes_events') need(cm, 'events:list', 'events:watch');
    // Beyla's Kubernetes decoration keeps informers on pods, their ReplicaSets (to name the Deployment),
    // nodes and Services.
    if (block.name === 'beyla.ebpf') for (const resource of ['pods', 'apps/replicasets', 'nodes', 'services']) need(cm, `${resource}:list`, `${resource}:watch`);
    // attach_metadata joins each pod with its node or namespace, from a watch of those.
    if (block.name === 'attach_metadata') {
      for (const [field, resource] of [['node', 'nodes'], ['namespace', 'namespaces']] as const) {
        const set = attr(field);
        if (set?.kind === 'attribute' && set.value.kind === 'bool' && set.value.value) need(cm, `${resource}:list`, `${resource}:watch`);
      }
    }
    // The API server, controller manager and scheduler authorize their /metrics through the API server.
    if (block.name === 'prometheus.scrape' && attr('bearer_token_file') !== undefined && /\/kube-(apiserver|controller-manager|scheduler)\.alloy$/.test(where)) {
      need(cm, 'url /metrics:get');
    }
    // Annotation autodiscovery may send the token to its targets; that needs no grant of its own.
    if (block.name === 'prometheus.scrape' && /\/autodiscovery\.alloy$/.test(where)) continue;
    // Any other scrape with the ServiceAccount token is a kubelet scrape: through the API proxy or straight to it.
    if (block.name === 'prometheus.scrape' && attr('bearer_token_file') !== undefined && /\/(kubelet|resources|cadvisor|kubelet-probes)\.alloy$/.test(where)) {
      const file = blocks.filter((b) => b.where === where);
      const viaProxy = file.some((b) => b.block.name === 'rule' && JSON.stringify(b.block.body).includes('/proxy/metrics'));
      need(cm, viaProxy ? 'nodes/proxy:get' : 'nodes/metrics:get');
    }
  }
  return Object.fromEntries(Object.entries(out).map(([cm, set]) => [cm, set]));
}

for (const [name, change] of table) {
  test(`${name}: every API read an Alloy config makes is granted; beyond it, only get on what it already lists`, () => {
    const r = renderEnv(variant(change));
    const granted = roles(r);
    const needed = needs(r);
    for (const [workload, list] of Object.entries(needed)) {
      for (const permission of list) assert.ok((granted[workload] ?? []).includes(permission), `${workload} needs ${permission}`);
    }
    for (const [workload, list] of Object.entries(granted)) {
      if (workload === 'kube-state-metrics') continue; // not Alloy: checked against its --resources flag below
      // Not Alloy either: their exact grants are the table rows above, each with its reason in the workload.
      if (workload === 'kepler' || workload === 'opencost') continue;
      const extra = list.filter((p) => !(needed[workload]?.has(p) ?? false));
      // discovery.kubernetes and the events source only list and watch; the log pipelines also ask for get,
      // which adds nothing a list does not already return.
      for (const p of extra) assert.ok(p.endsWith(':get') && list.includes(p.replace(/:get$/, ':list')), `${workload}: ${p} is more than the config uses`);
    }
    // No component reads Secrets or ConfigMaps from the API (remote.kubernetes.*), so no role may grant them.
    assert.equal(allBlocks(r).filter((b) => b.block.name.startsWith('remote.kubernetes')), []);
  });
}

test('kube-state-metrics may list exactly the resources its --resources flag reports', () => {
  const r = renderEnv(variant({}));
  const deployment = ofKind<{ metadata: { name: string }; spec: { template: PodTemplateSpec } }>(r, 'Deployment').find((d) => d.metadata.name === 'alloy-stack-kube-state-metrics')!;
  const flag = deployment.spec.template.spec!.containers[0]!.args!.find((a) => a.startsWith('--resources='))!;
  const reported = flag.slice('--resources='.length).split(',').sort();
  const granted = roles(r)['kube-state-metrics']!.map((p) => p.split(':')[0]!.split('/').at(-1)!);
  assert.equal([...new Set(granted)].sort(), reported);
});

test.run();
