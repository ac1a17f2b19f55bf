import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { partLabel, splitObject } from '../../lib/diff/parts.ts';

const configMap = [
  'apiVersion: v1',
  'data:',
  '  a.alloy: |',
  '    one {',
  '',
  '    \tx = 1',
  '    }',
  '  prometheus.yml: |',
  '    scrape_configs: []',
  'kind: ConfigMap',
  'metadata:',
  '  name: alloy-metrics',
  '',
].join('\n');

test('a ConfigMap: each data value as its own text, the rest without the data block', () => {
  const parts = splitObject('v1.ConfigMap-alloy-metrics.yaml', configMap);
  assert.is(parts.name, 'alloy-metrics');
  assert.equal([...parts.data], [['a.alloy', 'one {\n\n\tx = 1\n}\n'], ['prometheus.yml', 'scrape_configs: []\n']]);
  assert.is(parts.rest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alloy-metrics\n');
});

test('data as the last key keeps the final newline', () => {
  const parts = splitObject('x.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  k: |\n    v\n');
  assert.is(parts.rest, 'apiVersion: v1\nkind: ConfigMap\n');
  assert.equal([...parts.data], [['k', 'v\n']]);
});

test('any other kind, or text that is not YAML, stays whole', () => {
  const service = 'apiVersion: v1\ndata:\n  a: b\nkind: Service\n';
  assert.equal(splitObject('s.yaml', service), { path: 's.yaml', name: undefined, rest: service, data: new Map() });
  assert.is(splitObject('bad.yaml', 'a: [\n').rest, 'a: [\n');
});

test('a part is named by its file and key', () => {
  assert.is(partLabel('v1.ConfigMap-alloy-metrics.yaml', 'kubelet.alloy'), 'v1.ConfigMap-alloy-metrics.yaml data["kubelet.alloy"]');
  assert.is(partLabel('v1.Service-x.yaml'), 'v1.Service-x.yaml');
});

test.run();
