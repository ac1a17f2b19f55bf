// metrics.nodeLabels: node labels on every node-scoped series (the kubelet's endpoints from the node watch,
// node-exporter from the pod watch with the node attached), the first present key winning, off by default.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { print } from '../../../lib/alloy/print.ts';
import { environment, type EnvironmentInput } from '../../../lib/config/environment.ts';
import { isUserError } from '../../../lib/errors.ts';
import { render as renderEnvironment } from '../../../lib/render.ts';
import { components, fileNamed, render, subBlocks } from './support.ts';
import { podTargets, relabel, type Target } from './targets.ts';

type Spec = Record<string, unknown>;
const rulesOf = (patch: Spec, id: string) => subBlocks(components(render(patch)).find((c) => c.id === id)!.block, 'rule');

// A node as node discovery (and attach_metadata) shows it: an EKS node of a managed node group.
const nodeLabels: Target = {
  __meta_kubernetes_node_label_topology_kubernetes_io_zone: 'eu-west-1a',
  __meta_kubernetes_node_label_topology_kubernetes_io_region: 'eu-west-1',
  __meta_kubernetes_node_label_node_kubernetes_io_instance_type: 'm6i.large',
  __meta_kubernetes_node_label_kubernetes_io_os: 'linux',
  __meta_kubernetes_node_label_kubernetes_io_arch: 'amd64',
  __meta_kubernetes_node_label_eks_amazonaws_com_nodegroup: 'general',
};
const node: Target = { __address__: '10.0.1.5:10250', __meta_kubernetes_node_name: 'ip-10-0-1-5', ...nodeLabels };
const wellKnown = { region: 'eu-west-1', zone: 'eu-west-1a', instance_type: 'm6i.large', os: 'linux', arch: 'amd64', node_pool: 'general' };
const pick = (t: Target | undefined, names: readonly string[]) => Object.fromEntries(names.filter((n) => t?.[n] !== undefined).map((n) => [n, t![n]]));

test('off by default: no node label rules, no node attached to the pod watch', () => {
  assert.equal(pick(relabel(rulesOf({}, 'discovery.relabel.kubelet'), node), Object.keys(wellKnown)), {});
  assert.not.match(print(fileNamed(render(), 'targets.alloy')), /attach_metadata/);
});

test('on: the well-known labels on every kubelet endpoint, whichever access', () => {
  for (const access of ['proxy', 'direct']) {
    for (const label of ['kubelet', 'resources', 'cadvisor', 'kubelet_probes']) {
      const target = relabel(rulesOf({ metrics: { kubelet: { access }, kubeletProbes: { enabled: true }, nodeLabels: { enabled: true } } }, `discovery.relabel.${label}`), node);
      assert.equal(pick(target, Object.keys(wellKnown)), wellKnown, `${access} ${label}`);
      assert.is(target?.node, 'ip-10-0-1-5', 'node stays the node name');
    }
  }
});

test('node-exporter: the pod watch attaches its node, and the same labels reach its targets', () => {
  const config = render({ metrics: { nodeLabels: { enabled: true } } });
  assert.match(print(fileNamed(config, 'targets.alloy')), /discovery\.kubernetes "pods" \{[\s\S]*?attach_metadata \{\s*node = true/);
  const pod = podTargets({ namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/part-of': 'alloy-stack' }, containers: [{ name: 'node-exporter', ports: [{ name: 'metrics', port: 9100 }] }] })[0]!;
  const target = relabel(rulesOf({ metrics: { nodeLabels: { enabled: true } } }, 'discovery.relabel.node_exporter'), { ...pod, __meta_kubernetes_pod_node_name: 'ip-10-0-1-5', ...nodeLabels });
  assert.equal(pick(target, Object.keys(wellKnown)), wellKnown);
  // No node-exporter: nothing needs the node on pod targets.
  assert.not.match(print(fileNamed(render({ metrics: { nodeExporter: { enabled: false }, nodeLabels: { enabled: true } } }), 'targets.alloy')), /attach_metadata/);
});

test('the first key a node carries wins; absent keys set nothing; own labels replace the defaults', () => {
  const labels = { pool: ['example.com/pool', 'cloud.google.com/gke-nodepool'] };
  const rules = rulesOf({ metrics: { nodeLabels: { enabled: true, labels } } }, 'discovery.relabel.kubelet');
  const gke = { ...node, __meta_kubernetes_node_label_cloud_google_com_gke_nodepool: 'default-pool' };
  assert.equal(pick(relabel(rules, gke), ['pool', 'zone']), { pool: 'default-pool' }, 'only the named label; zone is no longer a default');
  assert.equal(pick(relabel(rules, { ...gke, __meta_kubernetes_node_label_example_com_pool: 'batch' }), ['pool']), { pool: 'batch' });
  assert.equal(pick(relabel(rules, node), ['pool']), {}, 'a node with neither key gets no pool label (not an empty one)');
});

const refused = (spec: Partial<EnvironmentInput>) => {
  try {
    renderEnvironment({ spec: environment({ name: 't', clusterName: 't', ...spec }), file: 'environments/t.ts', allowLists: {} });
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return error.problems.join('\n');
  }
  assert.unreachable('expected a refusal');
  return '';
};

test('a label the stack sets itself, a "__" name, a bad key, and rbac.mode namespaced are refused, naming the field', () => {
  assert.match(refused({ metrics: { nodeLabels: { enabled: true, labels: { instance: ['kubernetes.io/hostname'] } } } }), /environments\/t\.ts: metrics\.nodeLabels\.labels\.instance: "instance" is a label the stack sets itself/);
  assert.match(refused({ metrics: { nodeLabels: { enabled: true, labels: { __zone: ['topology.kubernetes.io/zone'] } } } }), /metrics\.nodeLabels\.labels\.__zone: a label starting with "__"/);
  assert.match(refused({ metrics: { nodeLabels: { enabled: true, labels: { zone: ['not a key'] } } } }), /metrics\.nodeLabels\.labels\.zone\[0\]/);
  assert.match(refused({ rbac: { mode: 'namespaced' }, metrics: { nodeLabels: { enabled: true } } }), /metrics\.nodeLabels\.enabled: reads cluster-scoped objects/);
});

test.run();
