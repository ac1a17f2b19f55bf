// nodeSelector and tolerations: the Deployments and StatefulSets they are set on take them (Linux kept),
// nothing else changes, and what the API server would refuse is refused at export, naming the field.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = { name: 'test', clusterName: 'test', opencost: { enabled: true } };
type PodSpec = { nodeSelector?: Record<string, string>; tolerations?: unknown[] };
const podSpecs = (objects: readonly KubeObject[]) => new Map(objects.flatMap((o) => {
  const spec = (o as { spec?: { template?: { spec: PodSpec } } }).spec?.template?.spec;
  return spec === undefined ? [] : [[`${o.kind}/${o.metadata.name}`, spec] as const];
}));
const rendered = (spec: EnvironmentInput) => podSpecs(render({ spec: environment(spec), file, allowLists: {} }).objects);
const taint = { key: 'protected-node', operator: 'Exists', effect: 'NoSchedule' } as const;

test('each workload with tolerations and nodeSelector takes them; the others are as before', () => {
  const before = rendered(base);
  const after = rendered({
    ...base,
    alloyMetrics: { tolerations: [taint], nodeSelector: { pool: 'monitoring' } },
    kubeStateMetrics: { tolerations: [{ key: 'dedicated', value: 'infra', effect: 'NoExecute', tolerationSeconds: 60 }] },
    prometheus: { nodeSelector: { pool: 'monitoring' } },
    opencost: { enabled: true, tolerations: [taint] },
  });
  const get = (m: Map<string, PodSpec>, key: string) => {
    const spec = m.get(key);
    assert.ok(spec, `${key} in ${[...m.keys()].join(', ')}`);
    return spec!;
  };
  assert.equal(get(after, 'StatefulSet/alloy-stack-alloy-metrics').nodeSelector, { 'kubernetes.io/os': 'linux', pool: 'monitoring' });
  assert.equal(get(after, 'StatefulSet/alloy-stack-alloy-metrics').tolerations, [taint]);
  assert.equal(get(after, 'Deployment/alloy-stack-kube-state-metrics').tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoExecute', tolerationSeconds: 60 }]);
  assert.equal(get(after, 'StatefulSet/alloy-stack-prometheus').nodeSelector, { 'kubernetes.io/os': 'linux', pool: 'monitoring' });
  assert.is(get(after, 'StatefulSet/alloy-stack-prometheus').tolerations, undefined);
  assert.equal(get(after, 'Deployment/alloy-stack-opencost').tolerations, [taint]);
  for (const [key, spec] of before) {
    if (/alloy-metrics|kube-state-metrics|prometheus|opencost/.test(key)) {
      assert.equal(spec.nodeSelector, { 'kubernetes.io/os': 'linux' }, key);
      assert.is(spec.tolerations, undefined, key);
    } else assert.equal(after.get(key), spec, `${key} is unchanged`);
  }
});

test('what the API server refuses is refused at export, every problem named', () => {
  try {
    rendered({
      ...base,
      alloyMetrics: { tolerations: [{ key: 'a', operator: 'Exists', value: 'x' }, { operator: 'Equal', value: 'y' }] },
      kubeStateMetrics: { tolerations: [{ key: 'b', effect: 'NoSchedule', tolerationSeconds: 5 }] },
      prometheus: { nodeSelector: { 'kubernetes.io/os': 'windows' } },
    });
    assert.unreachable('refused');
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    const text = (error as Error).message;
    for (const field of ['alloyMetrics.tolerations[0].value', 'alloyMetrics.tolerations[1].operator', 'kubeStateMetrics.tolerations[0].tolerationSeconds', 'prometheus.nodeSelector["kubernetes.io/os"]']) {
      assert.ok(text.includes(field), `${field} in:\n${text}`);
    }
  }
  // Near misses: the same without the faults renders.
  rendered({ ...base, alloyMetrics: { tolerations: [{ key: 'a', operator: 'Exists' }, { operator: 'Exists' }] }, prometheus: { nodeSelector: { 'kubernetes.io/os': 'linux' } } });
});

test.run();
