import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { markdownReport, markdownTable } from '../../lib/diff/markdown.ts';
import type { EnvDiff } from '../../lib/diff/objects.ts';
import { plainReport, plainSummary } from '../../lib/diff/plain.ts';
import { costLine, summaryLine } from '../../lib/diff/summary.ts';

const patch = '--- a/prod/v1.ConfigMap-alloy-metrics.yaml data["traefik.alloy"]\n+++ b/prod/v1.ConfigMap-alloy-metrics.yaml data["traefik.alloy"]\n@@ -0,0 +1,1 @@\n+t\n';
const prod: EnvDiff = {
  file: 'environments/prod.ts',
  name: 'prod',
  status: 'changed',
  added: ['v1.Service-traefik.yaml'],
  removed: [],
  changed: [
    { path: 'apps-v1.StatefulSet-alloy-metrics.yaml', patches: ['--- a/prod/apps-v1.StatefulSet-alloy-metrics.yaml\n+++ b/prod/apps-v1.StatefulSet-alloy-metrics.yaml\n@@ -1,1 +1,1 @@\n-a\n+b\n'] },
    { path: 'v1.ConfigMap-alloy-metrics.yaml', data: { configMap: 'alloy-metrics', added: ['traefik.alloy'], removed: [], changed: [] }, patches: [patch] },
  ],
  cost: [
    { component: 'kube-state-metrics', status: 'changed', more: ['kube_pod_labels'], less: [] },
    { component: 'cadvisor', status: 'changed', more: [], less: ['container_network_.*_errors_total'] },
  ],
};
const dev: EnvDiff = { file: 'environments/dev.ts', name: 'dev', status: 'unchanged', added: [], removed: [], changed: [], cost: [] };

test('the summary and cost lines', () => {
  assert.is(summaryLine(prod), 'prod: 2 changed, 1 added, 0 removed (alloy-metrics: traefik.alloy added)');
  assert.is(costLine(prod), 'prod: cloud path: kube-state-metrics +kube_pod_labels; cadvisor -container_network_.*_errors_total');
  assert.is(costLine(dev), undefined);
  const many = { ...prod, changed: [{ ...prod.changed[1]!, data: { configMap: 'alloy-metrics', added: [], removed: ['x.alloy'], changed: ['a', 'b', 'c', 'd'] } }] };
  assert.is(summaryLine(many), 'prod: 1 changed, 1 added, 0 removed (alloy-metrics: x.alloy removed, 4 files changed)');
});

test('plain: one line per environment, or the lines, the objects and the diffs', () => {
  assert.is(plainSummary([prod, dev]), 'prod: 2 changed, 1 added, 0 removed (alloy-metrics: traefik.alloy added)\ndev: no changes\n');
  assert.is(plainReport([prod, dev]), [
    'prod: 2 changed, 1 added, 0 removed (alloy-metrics: traefik.alloy added)',
    'prod: cloud path: kube-state-metrics +kube_pod_labels; cadvisor -container_network_.*_errors_total',
    '  added:   v1.Service-traefik.yaml',
    '  changed: apps-v1.StatefulSet-alloy-metrics.yaml',
    '  changed: v1.ConfigMap-alloy-metrics.yaml',
    '',
    prod.changed[0]!.patches[0]! + patch,
    'dev: no changes',
    '',
  ].join('\n'));
});

test('markdown: a table, then per changed environment its lines and a collapsed diff per object', () => {
  const text = markdownReport([prod, dev], { subtitle: 'Compared with main.' });
  assert.ok(text.startsWith([
    '## Rendered output changes',
    '',
    'Compared with main.',
    '',
    '| Environment | Objects | Cloud path |',
    '| --- | --- | --- |',
    '| prod | 2 changed, 1 added, 0 removed (alloy-metrics: traefik.alloy added) | kube-state-metrics +`kube_pod_labels`; cadvisor -`container_network_.*_errors_total` |',
    '| dev | no changes |  |',
    '',
    '### prod',
    '',
    '`environments/prod.ts`: 2 changed, 1 added, 0 removed (alloy-metrics: traefik.alloy added)',
    '',
    '**Cloud path:** kube-state-metrics +`kube_pod_labels`; cadvisor -`container_network_.*_errors_total`',
    '',
    '**Added:** `v1.Service-traefik.yaml`',
    '',
    '<details><summary><code>apps-v1.StatefulSet-alloy-metrics.yaml</code></summary>',
    '',
    '```diff',
  ].join('\n')), text);
  assert.ok(text.includes(`<details><summary><code>v1.ConfigMap-alloy-metrics.yaml</code> (alloy-metrics: traefik.alloy added)</summary>\n\n\`\`\`diff\n${patch}\`\`\`\n\n</details>\n`), text);
  assert.not.match(text, /### dev/);
});

test('markdown: fences outgrow backticks, pipes and names stay literal, and diffs stop at the budget', () => {
  const odd: EnvDiff = {
    ...prod,
    name: 'prod_eu',
    changed: [{ path: 'v1.ConfigMap-x.yaml', patches: ['--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-```\n+````\n'] }],
    cost: [{ component: 'cadvisor', status: 'changed', more: ['(?:a|b)'], less: [] }],
  };
  const text = markdownReport([odd]);
  assert.ok(text.includes('`````diff\n--- a/x'), text);
  assert.ok(text.includes('| prod\\_eu |'), text);
  assert.ok(text.includes('cadvisor +`(?:a\\|b)`'), text);
  assert.equal(markdownTable([odd]).length, 3);
  const cut = markdownReport([prod], { maxLength: 900, fullCommand: 'npx tsx scripts/diff.ts --base abc1234' });
  assert.is(cut.match(/<details>/g)?.length, 1);
  assert.ok(cut.endsWith("_1 more changed object not shown, to keep this comment within GitHub's size limit: run `npx tsx scripts/diff.ts --base abc1234` to see them._\n"), cut);
});

test.run();
