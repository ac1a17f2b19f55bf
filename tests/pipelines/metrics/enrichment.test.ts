// Metric enrichment: pod and namespace labels you name onto the series of the pod-scraping sources, run on
// pod targets as discovery builds them; the namespace watch (and its grant) only with namespace labels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { components, render, prodConfig } from './support.ts';
import { podTargets, relabel, rulesOf, scraped } from './targets.ts';
import { renderEnv, ofKind } from '../../security/render.ts';

const enrichment = { podLabels: { team: 'example.com/team' }, namespaceLabels: { product: 'example.com/product' } };
const block = (id: string, alloy = render({ metrics: { enrichment } })): Block => components(alloy).find((c) => c.id === id)!.block;

test('an app\'s series carry the pod\'s and the namespace\'s labels; a pod without the key gets none', () => {
  const rules = rulesOf(block('discovery.relabel.traefik'));
  const [target] = podTargets({ labels: { 'app.kubernetes.io/name': 'traefik', 'example.com/team': 'edge' }, containers: [{ name: 'traefik', ports: [{ port: 9100 }] }] })
    .map((t) => ({ ...t, __meta_kubernetes_namespace_label_example_com_product: 'shop' }));
  const out = scraped(relabel(rules, target!))!;
  assert.is(out.team, 'edge');
  assert.is(out.product, 'shop');
  const [bare] = podTargets({ labels: { 'app.kubernetes.io/name': 'traefik' }, containers: [{ name: 'traefik', ports: [{ port: 9100 }] }] });
  const plain = scraped(relabel(rules, bare!))!;
  assert.not.ok('team' in plain);
  assert.not.ok('product' in plain);
});

test('the pod watch attaches namespaces, and alloy-metrics may list and watch them, only with namespace labels', () => {
  const attach = (alloy: ReturnType<typeof render>) => JSON.stringify(block('discovery.kubernetes.pods', alloy));
  assert.match(attach(render({ metrics: { enrichment } })), /"attach_metadata"[\s\S]*"namespace"/);
  assert.not.match(attach(render({ metrics: { enrichment: { podLabels: { team: 'example.com/team' } } } })), /attach_metadata/);
  const rbac = (alloy: ReturnType<typeof render>) => alloy.rbac.some((r) => 'resources' in r && r.resources.includes('namespaces'));
  assert.ok(rbac(render({ metrics: { enrichment } })));
  assert.not.ok(rbac(render()));
});

test('bad input: a label the stack sets, a name starting with __, one label from two sources', () => {
  assert.throws(() => prodConfig({ metrics: { enrichment: { podLabels: { namespace: 'x' } } } }), /metrics\.enrichment\.podLabels\.namespace: "namespace" is a label the stack sets itself/);
  assert.throws(() => prodConfig({ metrics: { enrichment: { podLabels: { __x: 'x' } } } }), /metrics\.enrichment\.podLabels\.__x/);
  assert.throws(() => prodConfig({ metrics: { enrichment: { podLabels: { team: 'a' }, namespaceLabels: { team: 'b' } } } }), /metrics\.enrichment\.namespaceLabels\.team: "team" is also set from a pod label/);
});

test('seriesAboutPods: cAdvisor and kube-state-metrics series joined to their pod by namespace and pod, with the experimental level said', () => {
  const alloy = render({ metrics: { enrichment: { ...enrichment, seriesAboutPods: true } } });
  const table = rulesOf(block('discovery.relabel.pod_enrichment', alloy));
  const [pod] = podTargets({ namespace: 'shop', name: 'cart-0', labels: { 'example.com/team': 'checkout' } });
  assert.equal(scraped(relabel(table, pod!))!.team, 'checkout');
  for (const label of ['cadvisor', 'kube_state_metrics']) {
    const enrich = JSON.stringify(block(`prometheus.enrich.${label}_enrichment`, alloy));
    assert.match(enrich, /"target_to_metric_match".*"namespace".*"pod"/);
    assert.match(enrich, /"labels_to_copy".*"team".*"product"/);
    assert.match(JSON.stringify(block(`prometheus.scrape.${label}`, alloy)), new RegExp(`"enrich","${label}_enrichment","receiver"`));
  }
  assert.not.ok(components(render({ metrics: { enrichment } })).some((c) => c.id.startsWith('prometheus.enrich')), 'off by default');
  const rendered = renderEnv({ name: 't', clusterName: 't', metrics: { enrichment: { ...enrichment, seriesAboutPods: true } } });
  assert.ok(rendered.warnings.some((w) => /alloy-metrics/.test(w) && /experimental/.test(w)), rendered.warnings.join('\n'));
  const args = ofKind<{ metadata: { name: string }; spec: { template: { spec: { containers: { args: string[] }[] } } } }>(rendered, 'StatefulSet').find((s) => s.metadata.name === 'alloy-stack-alloy-metrics')!.spec.template.spec.containers[0]!.args;
  assert.ok(args.includes('--stability.level=experimental'));
});

test.run();
