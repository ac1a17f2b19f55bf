// The override example README.md shows must keep doing what it says.
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
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as
    { spec: { template: { spec: { containers: { name: string; imagePullPolicy?: string }[] } } } } | undefined;
  const alloy = find('StatefulSet', 'alloy-metrics')!.spec.template.spec.containers.find((c) => c.name === 'alloy')!;
  assert.is(alloy.imagePullPolicy, 'Always');
  assert.is(find('NetworkPolicy', 'alloy-metrics'), undefined);
  assert.ok(find('NetworkPolicy', 'prometheus'), 'other policies stay');
});

test.run();
