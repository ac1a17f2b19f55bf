import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block, Expr } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { attribute, components, fileNames, refPaths, render, subBlocks, text } from './support.ts';

const strings = (expr: Expr | undefined) => (expr?.kind === 'array' ? expr.elements.map(text) : []);

const ruleRows = (block: Block) => subBlocks(block, 'rule').map((r) => ({
  source: strings(attribute(r, 'source_labels')),
  regex: text(attribute(r, 'regex')),
  target: text(attribute(r, 'target_label')),
  action: text(attribute(r, 'action')),
}));

function traefik(patch: Record<string, unknown> = {}) {
  const app = { name: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, port: 9100, ...patch };
  const config = render({ metrics: { apps: [app] } });
  const find = (type: string) => components(config).find((c) => c.id === type)!.block;
  return { config, relabel: find('discovery.relabel.traefik'), scrape: find('prometheus.scrape.traefik') };
}

test('the traefik example: pods by label and port, job integrations/traefik, in traefik.alloy', () => {
  const { config, relabel, scrape } = traefik();
  assert.ok(fileNames(config).includes('traefik.alloy'));
  assert.equal(ruleRows(relabel), [
    { source: ['__meta_kubernetes_pod_label_app_kubernetes_io_name'], regex: 'traefik', target: undefined, action: 'keep' },
    { source: ['__meta_kubernetes_pod_container_port_number'], regex: '9100', target: undefined, action: 'keep' },
    { source: ['__meta_kubernetes_pod_phase', '__meta_kubernetes_pod_container_init'], regex: 'Running;false', target: undefined, action: 'keep' },
    { source: ['__meta_kubernetes_namespace'], regex: undefined, target: 'namespace', action: undefined },
    { source: ['__meta_kubernetes_pod_name'], regex: undefined, target: 'pod', action: undefined },
    { source: ['__meta_kubernetes_pod_container_name'], regex: undefined, target: 'container', action: undefined },
  ]);
  assert.is(text(attribute(scrape, 'job_name')), 'integrations/traefik');
  assert.is(attribute(scrape, 'scheme'), undefined);
  assert.is(attribute(scrape, 'metrics_path'), undefined);
  assert.equal(refPaths(attribute(relabel, 'targets')), ['discovery.kubernetes.pods.targets']);
});

test('namespaces, path, scheme, job name and interval are honoured; label values are matched literally', () => {
  const { relabel, scrape } = traefik({
    podLabels: { app: 'a.b', tier: '' }, namespaces: ['edge', 'ingress'], path: '/stats', scheme: 'https',
    jobName: 'edge/traefik', scrapeInterval: '15s', scrapeTimeout: '5s',
  });
  const rows = ruleRows(relabel);
  assert.equal(rows[0], { source: ['__meta_kubernetes_namespace'], regex: 'edge|ingress', target: undefined, action: 'keep' });
  assert.equal(rows[1], { source: ['__meta_kubernetes_pod_label_app'], regex: 'a\\.b', target: undefined, action: 'keep' });
  assert.equal(rows[2], {
    source: ['__meta_kubernetes_pod_labelpresent_tier', '__meta_kubernetes_pod_label_tier'], regex: 'true;', target: undefined, action: 'keep',
  });
  assert.is(text(attribute(scrape, 'scheme')), 'https');
  assert.is(text(attribute(scrape, 'metrics_path')), '/stats');
  assert.is(text(attribute(scrape, 'job_name')), 'edge/traefik');
  assert.is(text(attribute(scrape, 'scrape_interval')), '15s');
  assert.is(text(attribute(scrape, 'scrape_timeout')), '5s');
});

test('apps keep config order and sanitized component labels', () => {
  const config = render({ metrics: { apps: [
    { name: 'web-api', podLabels: { app: 'web' }, port: 8080 },
    { name: 'billing', podLabels: { app: 'billing' }, port: 9000 },
  ] } });
  assert.equal(fileNames(config).slice(-3), ['web-api.alloy', 'billing.alloy', 'destinations.alloy']);
  assert.ok(components(config).some((c) => c.id === 'prometheus.scrape.web_api' && c.file === 'web-api.alloy'));
  assert.ok(components(config).some((c) => c.id === 'prometheus.relabel.web_api_remote'));
  assert.equal(checkGraph(config.files), []);
});

test.run();
