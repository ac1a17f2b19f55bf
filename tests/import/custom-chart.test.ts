// The custom chart (reference/custom-chart.md): its values keys, and its config/*.alloy files, where a
// three-stage app file becomes a metrics.apps entry, targets.alloy maps to nothing, others are kept.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPipelineFiles } from '../../lib/import/custom-chart/pipeline-files.ts';
import { detectFormat } from '../../lib/import/detect.ts';
import { environmentText, importValues, unsupportedCount } from '../../lib/import/import.ts';
import { formatPath, parseValues } from '../../lib/import/values.ts';
import { libImport, renderImported, root, typecheckImported, writeImported } from '../support/imported.ts';

const dir = path.join(root, 'tests/fixtures/import/custom-chart');
const values = (name: string) => parseValues(readFileSync(path.join(dir, name), 'utf8'), name);

test('detected by its keys', () => {
  assert.is(detectFormat(values('values.yaml')), 'custom-chart');
});

test('values and pipeline files become typed fields, and the result renders', async () => {
  const result = importValues({ values: values('values.yaml'), file: 'values.yaml', pipelineFiles: readPipelineFiles(path.join(dir, 'config')) });
  assert.is(unsupportedCount(result), 0);
  const data = result.draft.data as Record<string, any>;
  assert.is(data.name, 'custom-eu-1');
  assert.is(data.enableCloudWrite, false);
  assert.equal(data.metrics.apps, [{
    name: 'traefik',
    podLabels: { 'app.kubernetes.io/name': 'traefik' },
    port: 9100,
    jobName: 'integrations/traefik',
    scrapeInterval: '60s',
    scrapeTimeout: '10s',
  }]);
  // The file's own keep rule, exactly (up and scrape_samples_scraped are always kept anyway).
  assert.equal(data.metricsTuning.traefik, {
    useDefaultAllowList: false,
    includeMetrics: ['traefik_entrypoint_requests_total', 'traefik_entrypoint_request_duration_seconds_bucket',
      'traefik_service_requests_total', 'traefik_service_request_duration_seconds_bucket', 'traefik_router_requests_total'],
  });
  assert.equal(data.metricsTuning['kube-state-metrics'], { useDefaultAllowList: true, includeMetrics: ['kube_pod_labels'], excludeMetrics: [] });
  assert.equal(data.logs.dropProbeLogs, { enabled: true, expression: '(?i)(GET /actuator/health)' });
  assert.equal(Object.keys(data.alloyMetrics.extraConfig), ['billing-exporter.alloy']);
  assert.equal(result.files.map((f) => [f.file, f.status]), [
    ['billing-exporter.alloy', 'mapped'], ['targets.alloy', 'ignored'], ['traefik.alloy', 'mapped'],
  ]);
  const text = environmentText(result, 'values.yaml', { libImport });
  assert.match(text, '// from: config/traefik.alloy\n');
  assert.match(text, '    \'billing-exporter.alloy\': `// A static target');
  const out = await renderImported(writeImported('import-custom', 'custom', text));
  const config = out.files.get('custom-eu-1/v1.ConfigMap-alloy-stack-alloy-metrics.yaml') ?? '';
  assert.match(config, 'job_name        = "integrations/traefik"');
  assert.match(config, 'billing-exporter.alloy');
  assert.is(typecheckImported('import-custom'), '');
});

test('cloud write on: the endpoint is not in the values, so it is a gap; a Helm-templated file too', () => {
  const result = importValues({
    values: values('values-cloud.yaml'),
    file: 'values-cloud.yaml',
    pipelineFiles: [...readPipelineFiles(path.join(dir, 'config')), ...readPipelineFiles(path.join(dir, 'config-template'))],
  });
  assert.equal(result.records.byStatus('unsupported').map((r) => formatPath(r.path)), ['enableCloudWrite', 'metricsTuning.postgres']);
  assert.equal(result.files.find((f) => f.file === 'postgres.alloy')?.status, 'unsupported');
  // The values tune traefik: they win over the file's rendered list.
  assert.equal((result.draft.data as any).metricsTuning.traefik, { useDefaultAllowList: true });
  const text = environmentText(result, 'values-cloud.yaml', { libImport });
  assert.match(text, '// TODO(import): config/postgres.alloy: a Helm template, not Alloy');
  assert.match(text, '// TODO(import): enableCloudWrite: the Grafana Cloud endpoint is not among these values');
});

test.run();
