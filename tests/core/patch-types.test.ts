// Compile-time checks: each `@ts-expect-error` line must fail `tsc`, or tsc reports the unused directive.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { append, byName, patch, prepend, remove, replace, type Patch } from '../../lib/core/patch.ts';

interface EnvVar { name: string; value?: string }
interface Container { name: string; image: string; args?: string[]; env?: EnvVar[] }
interface StatefulSet {
  apiVersion: 'apps/v1';
  kind: 'StatefulSet';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas?: number; serviceName: string; template: { spec: { containers: Container[] } } };
}

const statefulSet: StatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'alloy', labels: { app: 'alloy' } },
  spec: { replicas: 1, serviceName: 'alloy', template: { spec: { containers: [{ name: 'alloy', image: 'grafana/alloy' }] } } },
};

test('well-typed patches compile and apply', () => {
  const out: StatefulSet = patch(statefulSet, {
    metadata: { labels: { tier: 'metrics' }, annotations: replace({ a: 'b' }) },
    spec: {
      replicas: 3,
      template: { spec: { containers: byName({ alloy: { args: append(['--x']), env: prepend([{ name: 'A' }]) } }) } },
    },
  });
  assert.is(out.spec.replicas, 3);
  assert.equal(patch(statefulSet, { spec: { replicas: remove } }).spec.replicas, undefined);
  const untyped: unknown = statefulSet;
  patch(untyped, { anything: { goes: append([1]) } });
  const annotated: Patch<StatefulSet> = { spec: { template: { spec: { containers: byName({ alloy: { image: 'x' } }) } } } };
  patch(statefulSet, annotated);
});

test('ill-typed patches are refused by tsc (these lines never run)', () => {
  const never = false as boolean;
  if (!never) return;
  // @ts-expect-error replicas is a number
  patch(statefulSet, { spec: { replicas: 'three' } });
  // @ts-expect-error no field "replica"
  patch(statefulSet, { spec: { replica: 3 } });
  // @ts-expect-error args holds strings
  patch(statefulSet, { spec: { template: { spec: { containers: byName({ alloy: { args: append([1]) } }) } } } });
  // @ts-expect-error a container has no "imag"
  patch(statefulSet, { spec: { template: { spec: { containers: byName({ alloy: { imag: 'x' } }) } } } });
  // @ts-expect-error a required field cannot be removed
  patch(statefulSet, { spec: { serviceName: remove } });
  // @ts-expect-error append on an object
  patch(statefulSet, { metadata: { labels: append(['x']) } });
  // @ts-expect-error replace() of the wrong shape
  patch(statefulSet, { metadata: { labels: replace({ a: 1 }) } });
  // @ts-expect-error env values are strings
  patch(statefulSet, { spec: { template: { spec: { containers: byName({ alloy: { env: byName({ A: { value: 1 } }) } }) } } } });
  // @ts-expect-error an array replaces an array of the same items only
  patch(statefulSet, { spec: { template: { spec: { containers: [{ name: 'x' }] } } } });
});

test.run();
