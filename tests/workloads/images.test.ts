// Images and registries: a mirror replaces the registry host of every default image, an environment's image or digest
// replaces a default everywhere it runs, a workload's own image wins as written, pull secrets reach every pod.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import schema from '../../lib/config/environment.schema.json' with { type: 'json' };
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';
import { imageFor, images } from '../../lib/workloads/images.ts';

const file = 'environments/test.ts';
const base: EnvironmentInput = {
  name: 'test', clusterName: 'test',
  logs: { destinations: [{ name: 'loki', url: 'https://loki.example.com/loki/api/v1/push' }] },
};
type Pod = { spec: { containers: { image: string }[]; imagePullSecrets?: { name: string }[] } };
const pods = (objects: readonly KubeObject[]) => objects.flatMap((o) => {
  const template = (o as { spec?: { template?: Pod } }).spec?.template;
  return template === undefined ? [] : [{ name: o.metadata.name, pod: template }];
});
const rendered = (spec: EnvironmentInput) => render({ spec: environment(spec), file, allowLists: {} }).objects;

test('a mirror keeps the repository path and replaces only the registry host', () => {
  const config = { images: { registry: 'registry.example.com/mirror', pullSecrets: [] } };
  assert.is(imageFor(config, 'alloy'), `registry.example.com/mirror/${images.alloy.slice('docker.io/'.length)}`);
  assert.is(imageFor(config, 'kubeStateMetrics'), 'registry.example.com/mirror/kube-state-metrics/kube-state-metrics:v2.19.1');
  assert.is(imageFor(config, 'alloy', 'my.registry/alloy:custom'), 'my.registry/alloy:custom', 'a workload setting is taken as written');
});

test('every pod pulls through the mirror with the pull secrets', () => {
  const objects = rendered({ ...base, images: { registry: 'mirror.internal:5000', pullSecrets: ['pull-a', 'pull-b'] } });
  const all = pods(objects);
  assert.ok(all.length >= 4, all.map((p) => p.name).join(', '));
  for (const { name, pod } of all) {
    assert.equal(pod.spec.imagePullSecrets, [{ name: 'pull-a' }, { name: 'pull-b' }], name);
    for (const c of pod.spec.containers) assert.ok(c.image.startsWith('mirror.internal:5000/'), `${name}: ${c.image}`);
  }
  assert.not.ok(pods(rendered(base)).some(({ pod }) => 'imagePullSecrets' in pod.spec), 'none without pull secrets');
});

test('an image by digest replaces the default in every workload that runs it', () => {
  const digest = `docker.io/grafana/alloy@sha256:${'ab'.repeat(32)}`;
  const alloyPods = pods(rendered({ ...base, images: { alloy: digest } })).filter(({ name }) => name?.startsWith('alloy-stack-alloy-'));
  assert.ok(alloyPods.length >= 2);
  for (const { pod } of alloyPods) assert.is(pod.spec.containers[0]!.image, digest);
});

test('the schema offers exactly the pinned images, and refuses a registry with a scheme', () => {
  const offered = Object.keys(schema.properties.images.properties).filter((k) => k !== 'registry' && k !== 'pullSecrets');
  assert.equal(offered.sort(), Object.keys(images).sort());
  try {
    rendered({ ...base, images: { registry: 'https://mirror.example.com' } });
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.problems.join('\n'), /images\.registry/);
  }
});

test.run();
