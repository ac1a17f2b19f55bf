// The override example README.md shows must keep doing what it says.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, byName, remove } from '../../lib/index.ts';
import { render } from '../../lib/render.ts';
import prod from '../../environments/prod.ts';

test('README: byName() patches one container and remove drops an object', () => {
  const spec = environment(prod, {
    name: 'prod-us',
    clusterName: 'prod-us-east-1',
    overrides: {
      alloyMetrics: {
        statefulSet: { spec: { template: { spec: { containers: byName({ alloy: { imagePullPolicy: 'Always' } }) } } } },
        networkPolicy: remove,
      },
    },
  });
  const { objects } = render({ spec, file: 'environments/prod-us.ts', allowLists: {} });
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === `alloy-stack-${name}`) as
    { spec: { template: { spec: { containers: { name: string; imagePullPolicy?: string }[] } } } } | undefined;
  const alloy = find('StatefulSet', 'alloy-metrics')!.spec.template.spec.containers.find((c) => c.name === 'alloy')!;
  assert.is(alloy.imagePullPolicy, 'Always');
  assert.is(find('NetworkPolicy', 'alloy-metrics'), undefined);
  assert.ok(find('NetworkPolicy', 'prometheus'), 'other policies stay');
});

test('README: the destinations example renders, each destination with its own path', () => {
  const readme = readFileSync('README.md', 'utf8');
  const block = /## Destinations[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has a destinations example');
  // The fragment is plain object-literal syntax: evaluated as the fields of one environment.
  const fields = new Function(`return ({\n${block}\n});`)() as Record<string, unknown>;
  const { objects } = render({ spec: environment({ name: 'readme', clusterName: 'readme', ...fields }), file: 'README.md', allowLists: {} });
  const alloy = (name: string) => Object.values((objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `alloy-stack-${name}`) as unknown as { data: Record<string, string> }).data).join('\n');
  for (const name of ['team_mimir', 'vendor', 'central', 'amp']) assert.match(alloy('alloy-metrics'), `prometheus.remote_write "${name}"`);
  assert.match(alloy('alloy-logs'), /loki\.write "payments_loki"/);
});

test.run();
