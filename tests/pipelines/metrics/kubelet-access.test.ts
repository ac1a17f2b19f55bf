import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import type { Block } from '../../../lib/alloy/ast.ts';
import { attribute, components, render, subBlocks, text } from './support.ts';

const nodeRules = (access: string) => render({ metrics: { kubelet: { access } } }).rbac
  .filter((r) => 'resources' in r && r.resources.some((x) => x.startsWith('nodes/')));

function pipeline(access: string, label: string): { relabel: Block; scrape: Block } {
  const all = components(render({ metrics: { kubelet: { access } } }));
  const find = (type: string) => all.find((c) => c.id === `${type}.${label}`)!.block;
  return { relabel: find('discovery.relabel'), scrape: find('prometheus.scrape') };
}

const rules = (block: Block) => subBlocks(block, 'rule').map((r) => [text(attribute(r, 'target_label')), text(attribute(r, 'replacement'))]);

test('proxy: RBAC nodes/proxy only', () => {
  assert.equal(nodeRules('proxy'), [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]);
});

test('direct: RBAC nodes/metrics only', () => {
  assert.equal(nodeRules('direct'), [{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }]);
});

test('proxy: address is the API server and the path goes through nodes/<name>/proxy', () => {
  for (const [label, path] of [['kubelet', '/metrics'], ['resources', '/metrics/resource'], ['cadvisor', '/metrics/cadvisor']] as const) {
    const { relabel, scrape } = pipeline('proxy', label);
    assert.equal(rules(relabel), [
      ['__address__', 'kubernetes.default.svc.cluster.local:443'],
      ['__metrics_path__', `/api/v1/nodes/\${1}/proxy${path}`],
      ['node', undefined],
    ]);
    assert.is(text(attribute(scrape, 'scheme')), 'https');
    assert.is(attribute(scrape, 'metrics_path'), undefined);
    assert.is(text(attribute(scrape, 'bearer_token_file')), '/var/run/secrets/kubernetes.io/serviceaccount/token');
    const tls = subBlocks(scrape, 'tls_config')[0]!;
    assert.is(text(attribute(tls, 'ca_file')), '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt');
    assert.is(text(attribute(tls, 'server_name')), 'kubernetes');
    assert.is(attribute(tls, 'insecure_skip_verify'), undefined);
  }
});

test('direct: the node address as discovered, the kubelet path, skip-verify with the reason', () => {
  for (const [label, path] of [['kubelet', '/metrics'], ['resources', '/metrics/resource'], ['cadvisor', '/metrics/cadvisor']] as const) {
    const { relabel, scrape } = pipeline('direct', label);
    assert.equal(rules(relabel), [['node', undefined]]);
    assert.is(text(attribute(scrape, 'scheme')), 'https');
    assert.is(text(attribute(scrape, 'metrics_path')), path);
    assert.is(text(attribute(scrape, 'bearer_token_file')), '/var/run/secrets/kubernetes.io/serviceaccount/token');
    const tls = subBlocks(scrape, 'tls_config')[0]!;
    assert.equal(attribute(tls, 'insecure_skip_verify'), { kind: 'bool', value: true });
    const skip = tls.body.find((s) => s.name === 'insecure_skip_verify')!;
    assert.match(skip.layout?.leadingComments?.join('\n') ?? '', /self-signed/);
  }
});

test('both modes pass the graph check', () => {
  for (const access of ['proxy', 'direct']) assert.equal(checkGraph(render({ metrics: { kubelet: { access } } }).files), [], access);
});

test.run();
