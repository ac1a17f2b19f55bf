// The kubelet's /metrics/probes: off by default, the kubelet's route (proxy or direct) and RBAC, its own job
// and allow-list on the cloud path, and refused where nodes cannot be read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { print } from '../../../lib/alloy/print.ts';
import { environment } from '../../../lib/config/environment.ts';
import { isUserError } from '../../../lib/errors.ts';
import { parseAllowList } from '../../../lib/pipelines/allow-lists.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';
import { render as renderEnvironment } from '../../../lib/render.ts';
import { attribute, components, defaultAllowLists, fileNamed, fileNames, prodConfig, render, subBlocks, text } from './support.ts';

const on = (access = 'proxy') => render({ metrics: { kubelet: { access }, kubeletProbes: { enabled: true } } });

test('off by default: no file, no scrape', () => {
  assert.not.ok(fileNames(render()).includes('kubelet-probes.alloy'));
});

test('on: its own file after cAdvisor, job integrations/kubernetes/probes, the environment interval', () => {
  const config = on();
  const names = fileNames(config);
  assert.is(names.indexOf('kubelet-probes.alloy'), names.indexOf('cadvisor.alloy') + 1);
  const scrape = components(config).find((c) => c.id === 'prometheus.scrape.kubelet_probes')!.block;
  assert.is(text(attribute(scrape, 'job_name')), 'integrations/kubernetes/probes');
  assert.is(text(attribute(scrape, 'scrape_interval')), '60s');
  const tuned = components(render({ metrics: { kubeletProbes: { enabled: true, scrapeInterval: '15s' } } }))
    .find((c) => c.id === 'prometheus.scrape.kubelet_probes')!.block;
  assert.is(text(attribute(tuned, 'scrape_interval')), '15s');
  assert.equal(checkGraph(config.files).map((p) => p.message), []);
});

test('proxy: through nodes/<name>/proxy/metrics/probes; direct: the kubelet path; the same node grant as the kubelet', () => {
  const proxied = print(fileNamed(on('proxy'), 'kubelet-probes.alloy'));
  assert.match(proxied, /replacement\s+= "\/api\/v1\/nodes\/\$\{1\}\/proxy\/metrics\/probes"/);
  const direct = components(on('direct')).find((c) => c.id === 'prometheus.scrape.kubelet_probes')!.block;
  assert.is(text(attribute(direct, 'metrics_path')), '/metrics/probes');
  assert.equal(attribute(subBlocks(direct, 'tls_config')[0]!, 'insecure_skip_verify'), { kind: 'bool', value: true });
  // Only the kubelet probes of the kubelet endpoints: the grant is still the one node rule of the mode.
  const alone = (access: string) => render({ metrics: { kubelet: { enabled: false, access }, cadvisor: { enabled: false }, resources: { enabled: false }, kubeletProbes: { enabled: true } } })
    .rbac.filter((r) => 'resources' in r && r.resources.some((x) => x.startsWith('nodes/')));
  assert.equal(alone('proxy'), [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]);
  assert.equal(alone('direct'), [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }]);
});

test('cloud path: the kubelet-probes allow-list, tuned by metricsTuning["kubelet-probes"]', () => {
  const lists = { ...defaultAllowLists, 'kubelet-probes': ['prober_probe_total'] };
  const config = prodConfig({ metrics: { kubeletProbes: { enabled: true } }, metricsTuning: { 'kubelet-probes': { includeMetrics: ['prober_probe_duration_seconds_bucket'] } } });
  const relabel = components(metricsAlloyConfig(config, lists)).find((c) => c.id === 'prometheus.relabel.kubelet_probes_remote')!.block;
  const keep = subBlocks(relabel, 'rule').map((r) => text(attribute(r, 'regex'))).find((r) => r?.includes('prober_probe_total'));
  assert.is(keep, 'up|scrape_samples_scraped|prober_probe_total|prober_probe_duration_seconds_bucket');
});

test('the shipped list keeps the counter and leaves the histogram local', () => {
  const entries = parseAllowList('allow-lists/kubelet-probes.yaml', readFileSync(new URL('../../../allow-lists/kubelet-probes.yaml', import.meta.url), 'utf8'));
  assert.equal(entries, ['prober_probe_total']);
});

test('rbac.mode namespaced refuses it, naming the field', () => {
  try {
    renderEnvironment({ spec: environment({ name: 't', clusterName: 't', rbac: { mode: 'namespaced' }, metrics: { kubeletProbes: { enabled: true } } }), file: 'environments/t.ts', allowLists: {} });
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    assert.match(error.problems.join('\n'), /metrics\.kubeletProbes\.enabled: reads cluster-scoped objects/);
  }
});

test.run();
