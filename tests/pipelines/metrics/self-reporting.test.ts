// Self-reporting: the info series file is valid text exposition (the real promtool lints it), names
// exactly the features that are on, and is read, scraped once and sent to the local Prometheus and
// Grafana Cloud only; off, none of it renders.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { validateEnvironment } from '../../../lib/config/validate.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';
import { enabledFeatures, selfReportingText } from '../../../lib/pipelines/metrics/self-reporting.ts';
import { defaultAllowLists, prodSpec } from './support.ts';

const config = (change: Record<string, unknown> = {}) => validateEnvironment({ ...prodSpec, selfReporting: { enabled: true }, ...change }, 'test.ts');

test('the real promtool accepts the exposition, without lint problems', () => {
  const text = selfReportingText(config({ receiver: { enabled: true }, traces: { destinations: [{ name: 't', url: 't:4317', insecure: true }] } }));
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.is(result.status, 0, `promtool check metrics:\n${result.stdout}${result.stderr}`);
  assert.match(text, /^grafana_kubernetes_monitoring_build_info\{namespace="monitoring",platform="generic",source="alloy-stack"\} 1$/m);
});

test('the features are exactly those on', () => {
  assert.equal(enabledFeatures(config()), ['clusterMetrics', 'podLogs']);
  const more = config({ beyla: { enabled: true }, logs: { enabled: false, events: { enabled: false }, nodeLogs: { enabled: true } } });
  assert.equal(enabledFeatures(more), ['clusterMetrics', 'nodeLogs', 'autoInstrumentation']);
});

test('read from the config directory, scraped by one replica, to the local Prometheus and the cloud only', () => {
  const alloy = metricsAlloyConfig(config({ metrics: { ...prodSpec.metrics, destinations: [{ name: 'team', url: 'https://mimir.example.com/api/v1/push' }] } }), defaultAllowLists);
  assert.equal(checkGraph(alloy.files), []);
  assert.ok(alloy.dataFiles?.['self-reporting.prom']?.includes('grafana_kubernetes_monitoring_feature_info'));
  const text = JSON.stringify(alloy.files.find((f) => f.name === 'self-reporting.alloy'));
  assert.match(text, /"\/etc\/alloy"/);
  assert.match(text, /"clustering"/);
  assert.match(text, /"remote_write","local"/);
  assert.match(text, /"remote_write","remote"/);
  assert.not.match(text, /"remote_write","team"/);
});

test('off: no file, no data', () => {
  const alloy = metricsAlloyConfig(config({ selfReporting: { enabled: false } }), defaultAllowLists);
  assert.is(alloy.dataFiles, undefined);
  assert.not.ok(alloy.files.some((f) => f.name === 'self-reporting.alloy'));
});

test.run();
