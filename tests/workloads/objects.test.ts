// Every rendered object is a well-formed Kubernetes object the vendored schemas and the
// cross-object checks accept, in the stack's namespace, selecting its own pods.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateObjects } from '../../lib/k8s/validate.ts';
import type { PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import { workloads } from '../../lib/workloads/index.ts';
import { config, inputs, names, objects, SECRET, tree } from './fixture.ts';

const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);

test('every object has apiVersion, kind, name, and the namespace when namespaced', () => {
  for (const o of objects({ namespace: 'observability' })) {
    assert.ok(o.apiVersion && o.kind && o.metadata.name, JSON.stringify(o.metadata));
    if (clusterScoped.has(o.kind)) assert.is(o.metadata.namespace, undefined, `${o.kind}/${o.metadata.name}`);
    else assert.is(o.metadata.namespace, 'observability', `${o.kind}/${o.metadata.name}`);
  }
});

test('the full stack passes schema and cross-object validation', () => {
  assert.equal(validateObjects(objects(), { external: { secrets: [SECRET], configMaps: [] } }), []);
});

test('objects are plain JSON: no undefined, no shared references survive a round trip', () => {
  const all = objects();
  assert.equal(JSON.parse(JSON.stringify(all)), all);
});

// buildStage applies the overrides with patchOwned(), which takes the tree as it is: it must already be
// what patch() would make of it.
test('the tree is plain data without undefined fields, with settings on and off', () => {
  const specs: Record<string, unknown>[] = [
    {},
    { networkPolicies: false, alloyMetrics: { replicas: 1, storageClassName: 'fast' }, prometheus: { storageClassName: 'slow' } },
    { kubeStateMetrics: { enabled: false }, nodeExporter: { enabled: false }, alloyMetrics: { resources: { requests: { cpu: '1' } } } },
  ];
  for (const spec of specs) {
    const rendered = tree(spec);
    assert.equal(JSON.parse(JSON.stringify(rendered)), rendered, JSON.stringify(spec));
  }
});

test('no object or array is shared between two places (YAML would print anchors and aliases)', () => {
  const seen = new Set<object>();
  const shared: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    if (seen.has(value)) shared.push(path);
    seen.add(value);
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  walk(tree(), 'tree');
  assert.equal(shared, []);
});

// The rendered objects go to callers as they are (buildStage copies nothing): two renders from the
// same config and pipeline outputs must not share an object, or changing one would change the other.
test('two trees built from the same inputs share no object or array', () => {
  const objectsOf = (value: unknown, into = new Set<object>()): Set<object> => {
    if (typeof value === 'object' && value !== null && !into.has(value)) {
      into.add(value);
      for (const child of Object.values(value)) objectsOf(child, into);
    }
    return into;
  };
  const given = inputs();
  const settings = config({ alloyMetrics: { resources: { requests: { cpu: '1' } } }, prometheus: { resources: { limits: { memory: '8Gi' } } } });
  const first = objectsOf(workloads(settings, given));
  const shared = [...objectsOf(workloads(settings, given))].filter((o) => first.has(o));
  assert.equal(shared.map((o) => JSON.stringify(o)), []);
});

test('the full stack renders these objects', () => {
  assert.equal(names(objects()), [
    'ClusterRole/monitoring-alloy-stack-alloy-events', 'ClusterRole/monitoring-alloy-stack-alloy-logs', 'ClusterRole/monitoring-alloy-stack-alloy-metrics', 'ClusterRole/monitoring-alloy-stack-kube-state-metrics',
    'ClusterRoleBinding/monitoring-alloy-stack-alloy-events', 'ClusterRoleBinding/monitoring-alloy-stack-alloy-logs', 'ClusterRoleBinding/monitoring-alloy-stack-alloy-metrics', 'ClusterRoleBinding/monitoring-alloy-stack-kube-state-metrics',
    'ConfigMap/alloy-stack-alloy-events', 'ConfigMap/alloy-stack-alloy-logs', 'ConfigMap/alloy-stack-alloy-metrics', 'ConfigMap/alloy-stack-prometheus',
    'DaemonSet/alloy-stack-alloy-logs', 'DaemonSet/alloy-stack-node-exporter',
    'Deployment/alloy-stack-alloy-events', 'Deployment/alloy-stack-kube-state-metrics',
    'Namespace/monitoring',
    'NetworkPolicy/alloy-stack-alloy-events', 'NetworkPolicy/alloy-stack-alloy-logs', 'NetworkPolicy/alloy-stack-alloy-metrics', 'NetworkPolicy/alloy-stack-kube-state-metrics', 'NetworkPolicy/alloy-stack-node-exporter', 'NetworkPolicy/alloy-stack-prometheus',
    'PodDisruptionBudget/alloy-stack-alloy-metrics',
    'Service/alloy-stack-alloy-metrics', 'Service/alloy-stack-alloy-metrics-cluster', 'Service/alloy-stack-kube-state-metrics', 'Service/alloy-stack-node-exporter', 'Service/alloy-stack-prometheus',
    'ServiceAccount/alloy-stack-alloy-events', 'ServiceAccount/alloy-stack-alloy-logs', 'ServiceAccount/alloy-stack-alloy-metrics', 'ServiceAccount/alloy-stack-kube-state-metrics', 'ServiceAccount/alloy-stack-node-exporter', 'ServiceAccount/alloy-stack-prometheus',
    'StatefulSet/alloy-stack-alloy-metrics', 'StatefulSet/alloy-stack-prometheus',
  ]);
});

test('workload, PDB, Service and NetworkPolicy selectors match the pod template labels, without the version', () => {
  const all = objects();
  const templates = all.filter((o) => ['StatefulSet', 'DaemonSet', 'Deployment'].includes(o.kind));
  for (const w of templates) {
    const spec = w.spec as { selector: { matchLabels: Record<string, string> }; template: PodTemplateSpec };
    const podLabels = spec.template.metadata!.labels!;
    assert.ok(Object.keys(spec.selector.matchLabels).length >= 2);
    assert.not.ok('app.kubernetes.io/version' in spec.selector.matchLabels, w.metadata.name);
    for (const [k, v] of Object.entries(spec.selector.matchLabels)) assert.is(podLabels[k], v, `${w.metadata.name} ${k}`);
    assert.ok(podLabels['app.kubernetes.io/version'], `${w.metadata.name} pods carry the version`);
    // Everything selecting by the same name selects exactly these pods.
    const selectors = all.filter((o) => o.metadata.name === w.metadata.name || o.metadata.name === `${w.metadata.name}-cluster`).flatMap((o) => {
      const s = o.spec as Record<string, any> | undefined;
      if (o.kind === 'Service') return [s!.selector];
      if (o.kind === 'PodDisruptionBudget') return [s!.selector.matchLabels];
      if (o.kind === 'NetworkPolicy') return [s!.podSelector.matchLabels];
      return [];
    });
    for (const selector of selectors) assert.equal(selector, spec.selector.matchLabels, w.metadata.name);
  }
});

test('the three Alloy workloads select only their own pods', () => {
  const all = objects();
  const selectors = all.filter((o) => (o.metadata.name ?? '').startsWith('alloy-stack-alloy-') && ['StatefulSet', 'DaemonSet', 'Deployment'].includes(o.kind))
    .map((o) => JSON.stringify((o.spec as any).selector.matchLabels));
  assert.is(new Set(selectors).size, 3);
});

test.run();
