import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attr, block, call } from '../../lib/alloy/ast.ts';
import { checkRule, checkRuleBlock, rule, ruleBlocks } from '../../lib/alloy/relabel.ts';
import type { RuleArgs } from '../../lib/alloy/relabel.ts';

const valid: RuleArgs[] = [
  { target_label: '__address__', replacement: 'kubernetes.default.svc:443' },
  { source_labels: ['__meta_kubernetes_node_name'], regex: '(.+)', target_label: '__metrics_path__', replacement: '/api/v1/nodes/${1}/proxy/metrics' },
  { source_labels: ['__name__'], regex: 'up|kube_pod_info', action: 'keep' },
  { source_labels: ['__meta_kubernetes_pod_annotation_x'], regex: 'true', action: 'drop' },
  { regex: '__meta_kubernetes_pod_label_(.+)', action: 'labelmap' },
  { regex: '__meta_kubernetes_pod_label_(.+)', replacement: 'k8s_${1}', action: 'labelmap' },
  { regex: 'pod_template_hash', action: 'labeldrop' },
  { regex: 'pod_template_hash', separator: ';', action: 'labelkeep' }, // a default value counts as unset
  { source_labels: ['__address__'], modulus: 4, target_label: '__tmp_hash', action: 'hashmod' },
  { source_labels: ['a'], target_label: 'b', action: 'keepequal' },
  { source_labels: ['a'], target_label: 'a_lower', action: 'lowercase' },
  { source_labels: ['a'], target_label: '${1}_x', regex: '(.*)' },
  { source_labels: ['node'], regex: call('sys.env', 'HOSTNAME'), action: 'keep' }, // expressions are Alloy's to check
];

test('valid rules pass', () => {
  for (const args of valid) assert.equal(checkRule(args), [], JSON.stringify(args));
});

function problems(args: RuleArgs): string {
  return checkRule(args).join('\n');
}

test('action must be one of the 11, lowercase', () => {
  assert.match(problems({ action: 'Keep' as never, regex: 'x' }), /action "Keep" is not a relabel action \(actions are lowercase: "keep"\)/);
  assert.match(problems({ action: 'delete' as never }), /action "delete" is not a relabel action; use one of replace, keep/);
});

test('target_label is required for the actions that write a label', () => {
  for (const action of ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'] as const) {
    assert.match(problems({ source_labels: ['a'], action, modulus: 2 }), new RegExp(`target_label is required for action "${action}"`));
  }
  // The default action is replace.
  assert.match(problems({ source_labels: ['a'] }), /target_label is required for action "replace"/);
});

test('replace target_label must be a label name or a $ template', () => {
  assert.match(problems({ target_label: 'my-label' }), /target_label "my-label" is not a valid label name/);
  assert.match(problems({ target_label: '1abc' }), /not a valid label name/);
  assert.match(problems({ target_label: '$1-x' }), /target_label "\$1-x" is not a valid label name template/);
  assert.match(problems({ source_labels: ['a'], target_label: 'Bad.Name', action: 'lowercase' }), /not a valid label name/);
});

test('labelmap replacement must be a label name template', () => {
  assert.match(problems({ regex: '(.+)', replacement: 'k8s-$1', action: 'labelmap' }), /replacement "k8s-\$1" is not a valid label name template for action "labelmap"/);
});

test('labeldrop and labelkeep take only regex', () => {
  assert.match(problems({ source_labels: ['a'], regex: 'x', action: 'labeldrop' }), /action "labeldrop" uses only regex; remove source_labels/);
  assert.match(problems({ regex: 'x', target_label: 'y', replacement: 'z', action: 'labelkeep' }), /remove target_label, replacement/);
});

test('keepequal and dropequal take only source_labels and target_label', () => {
  assert.match(problems({ source_labels: ['a'], target_label: 'b', regex: 'x', action: 'dropequal' }), /uses only source_labels and target_label; remove regex/);
});

test('hashmod needs a whole modulus > 0', () => {
  assert.match(problems({ source_labels: ['a'], target_label: 't', action: 'hashmod' }), /modulus must be a whole number > 0/);
  assert.match(problems({ source_labels: ['a'], target_label: 't', action: 'hashmod', modulus: 0 }), /got 0/);
  assert.match(problems({ source_labels: ['a'], target_label: 't', action: 'hashmod', modulus: 1.5 }), /got 1.5/);
});

test('lowercase and uppercase take no replacement', () => {
  assert.match(problems({ source_labels: ['a'], target_label: 'b', replacement: 'x', action: 'uppercase' }), /replacement is not allowed for action "uppercase"/);
});

test('regex must be RE2', () => {
  assert.match(problems({ source_labels: ['a'], regex: '(?=x)', action: 'keep' }), /regex "\(\?=x\)": not valid RE2: .*lookahead/);
});

test('rule() builds a block in a fixed field order, omitting unset fields', () => {
  const b = rule({ action: 'replace', replacement: '$1', target_label: 't', regex: '(.+)', source_labels: ['a', 'b'], separator: '/' });
  assert.is(b.name, 'rule');
  assert.equal(b.body.map((s) => s.name), ['source_labels', 'separator', 'regex', 'target_label', 'replacement', 'action']);
  assert.equal(rule({ target_label: 'x', replacement: 'y' }).body.map((s) => s.name), ['target_label', 'replacement']);
  assert.is(rule({ regex: 'x', action: 'labeldrop' }, 'write_relabel_config').name, 'write_relabel_config');
});

test('rule() throws naming every wrong field', () => {
  assert.throws(() => rule({ target_label: 'bad-name', regex: '(?!x)' }), (e: Error) =>
    /^relabel rule: regex "\(\?!x\)": not valid RE2: .*; target_label "bad-name" is not a valid label name/.test(e.message));
});

test('checkRuleBlock reads parsed blocks and flags unknown fields', () => {
  const parsed = block('rule', undefined, [attr('source_labels', ['a']), attr('regex', '\\1'), attr('action', 'keep'), attr('regexp', 'x')]);
  const found = checkRuleBlock(parsed);
  assert.is(found.length, 2);
  assert.match(found[0]!, /regexp is not a relabel rule field/);
  assert.match(found[1]!, /regex "\\\\1": not valid RE2: .*backreference/);
});

test('ruleBlocks numbers problems and renames blocks', () => {
  const seen: string[] = [];
  const blocks = ruleBlocks([rule({ regex: 'x', action: 'labeldrop' }), { source_labels: ['a'], action: 'hashmod', target_label: 't' }], 'write_relabel_config', (p) => seen.push(p));
  assert.equal(blocks.map((b) => b.name), ['write_relabel_config', 'write_relabel_config']);
  assert.equal(seen, ['write_relabel_config 2 modulus must be a whole number > 0 for action "hashmod"']);
});

test('a rule() block from literal arguments is frozen, and still checked for its name when handed on', () => {
  const args = { source_labels: ['a'], target_label: 'b' };
  const built = rule(args);
  assert.ok(Object.isFrozen(built) && Object.isFrozen(built.body) && Object.isFrozen(built.body[0]));
  args.source_labels.push('c'); // the caller's arguments stay its own
  assert.is(built.body.length, 2);
  const problems: string[] = [];
  const [renamed] = ruleBlocks([built, { ...built, name: 'stage' as 'rule' }], 'write_relabel_config', (p) => problems.push(p));
  assert.is(renamed!.name, 'write_relabel_config');
  assert.equal(problems, ['write_relabel_config 2 is a stage block, not a rule']);
  // An expression argument could change after the check: such a block is not frozen.
  assert.not.ok(Object.isFrozen(rule({ target_label: 'b', replacement: call('sys.env', 'X') })));
});

test.run();
