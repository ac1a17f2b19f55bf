// The externalServices layout: cluster name, Prometheus and Loki services, the main switches.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectFormat } from '../../lib/import/detect.ts';
import { environmentText, importValues, unsupportedCount } from '../../lib/import/import.ts';
import { parseValues } from '../../lib/import/values.ts';
import { libImport, renderImported, root, writeImported } from '../support/imported.ts';

test('externalServices values import and render', async () => {
  const file = path.join(root, 'tests/fixtures/import/k8s-monitoring-2/values.yaml');
  const values = parseValues(readFileSync(file, 'utf8'), 'values.yaml');
  assert.is(detectFormat(values), 'k8s-monitoring-2');
  const result = importValues({ values, file: 'values.yaml' });
  assert.is(unsupportedCount(result), 0);
  const data = result.draft.data as Record<string, any>;
  assert.equal(data.cloud.metrics, {
    url: 'https://prometheus-prod-01.grafana.net/api/prom/push',
    auth: { secret: 'prometheus-credentials', usernameKey: 'username', passwordKey: 'password' },
  });
  assert.equal(data.logs.destinations, [{ name: 'loki', url: 'https://logs-prod-01.grafana.net/loki/api/v1/push', tenantId: '42' }]);
  assert.equal(data.metrics, { enabled: true, nodeExporter: { enabled: false } });
  const text = environmentText(result, 'values.yaml', { libImport });
  assert.not.ok(text.includes('legacy_literal_password'));
  const out = await renderImported(writeImported('import-unit-2', 'legacy', text));
  assert.is(out.config.logs.events.enabled, true);
});

test.run();
