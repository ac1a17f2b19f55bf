import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { attr, block, call, concat, file, num, ref, str, toExpr, type AlloyFile, type Expr, type ObjectExpr } from '../../lib/alloy/ast.ts';
import { print, printExpr } from '../../lib/alloy/print.ts';
import { quote } from '../../lib/alloy/quote.ts';

const lines = (...text: string[]) => text.join('\n') + '\n';

test('builds the canonical example of alloy.md §1.9 byte for byte', () => {
  const inline: ObjectExpr = { kind: 'object', fields: [{ key: 'cluster', value: str('prod-eu1') }], layout: { breaks: [false], closeOnNewLine: false } };
  const ast = file([
    block('discovery.relabel', 'kubelet', [
      attr('targets', ref('discovery', 'kubernetes', 'nodes', 'targets')),
      block('rule', undefined, [
        attr('target_label', '__address__'),
        attr('replacement', 'kubernetes.default.svc.cluster.local:443'),
      ]),
      block('rule', undefined, [
        attr('source_labels', ['__meta_kubernetes_node_name']),
        attr('regex', '(.+)'),
        attr('target_label', '__metrics_path__'),
        attr('replacement', '/api/v1/nodes/${1}/proxy/metrics'),
      ]),
    ]),
    block('prometheus.remote_write', 'local', [
      block('endpoint', undefined, [
        attr('url', 'http://prometheus.monitoring.svc:9090/api/v1/write'),
        attr('headers', { 'X-Scope-OrgID': 'tenant-a' }),
      ]),
      attr('external_labels', inline),
    ]),
  ]);
  const expected = readFileSync(new URL('../fixtures/alloy-reference-examples/01-canonical-output.alloy', import.meta.url), 'utf8');
  assert.fixture(print(ast), expected);
});

test('aligns = across a run, counting code points; a blank line or a block ends the run', () => {
  const ast = file([block('b', 'l', [
    attr('a', 1),
    attr('ünïcödé', 2),
    { kind: 'attribute', name: 'after_blank', value: num(3), layout: { blankLineBefore: true } },
    attr('x', 4),
    block('inner', undefined, []),
    attr('longer_name', 5),
    attr('y', 6),
  ])]);
  assert.fixture(print(ast), lines(
    'b "l" {',
    '\ta       = 1',
    '\tünïcödé = 2',
    '',
    '\tafter_blank = 3',
    '\tx           = 4',
    '',
    '\tinner { }',
    '\tlonger_name = 5',
    '\ty           = 6',
    '}',
  ));
});

test('a multi-line attribute aligns with the run above and ends it', () => {
  const ast = file([
    attr('job', 'j'),
    attr('forward_to', [{ a: 1 }]),
    attr('scheme', 'https'),
    attr('x', 1),
  ]);
  assert.fixture(print(ast), lines(
    'job        = "j"',
    'forward_to = [',
    '\t{',
    '\t\ta = 1,',
    '\t},',
    ']',
    'scheme = "https"',
    'x      = 1',
  ));
});

test('object fields align; a multi-line value ends the run', () => {
  const value = toExpr({ a: 1, longer_key: { inner: true }, b: 'x', 'k8s.cluster.name': 'prod', 'true': null });
  assert.is(printExpr(value), [
    '{',
    '\ta          = 1,',
    '\tlonger_key = {',
    '\t\tinner = true,',
    '\t},',
    '\tb                  = "x",',
    '\t"k8s.cluster.name" = "prod",',
    '\t"true"             = null,',
    '}',
  ].join('\n'));
});

test('default layouts: scalar arrays inline, arrays with objects one per line, empty values, calls inline', () => {
  assert.is(printExpr(toExpr(['a', 1, true, null, ref('x', 'y')])), '["a", 1, true, null, x.y]');
  assert.is(printExpr(toExpr([])), '[]');
  assert.is(printExpr(toExpr({})), '{}');
  assert.is(printExpr(toExpr([{}])), '[\n\t{},\n]');
  assert.is(printExpr(toExpr([[1, 2], [3]])), '[[1, 2], [3]]');
  assert.is(printExpr(toExpr([[{ a: 1 }]])), '[\n\t[\n\t\t{\n\t\t\ta = 1,\n\t\t},\n\t],\n]');
  assert.is(printExpr(call('array.concat', ref('a', 'targets'), [{ __address__: 'localhost:1' }])),
    'array.concat(a.targets, [\n\t{\n\t\t__address__ = "localhost:1",\n\t},\n])');
  assert.is(printExpr(call('sys.env', 'HOSTNAME'), 2), 'sys.env("HOSTNAME")');
  assert.is(printExpr(toExpr({ a: 1 }), 2), '{\n\t\t\ta = 1,\n\t\t}');
});

test('explicit list layouts: breaks, trailing comma only when the close is on its own line', () => {
  const arr: Expr = { kind: 'array', elements: [num(1), num(2), num(3)], layout: { breaks: [true, false, true], closeOnNewLine: false } };
  assert.is(printExpr(arr), '[\n\t1, 2,\n\t3]');
  const args: Expr = { kind: 'call', fn: ['f'], args: [num(1), num(2)], layout: { breaks: [false, true], closeOnNewLine: true } };
  assert.is(printExpr(args), 'f(1,\n\t2,\n)');
  const obj: Expr = { kind: 'object', fields: [{ key: 'a', value: num(1) }, { key: 'b', quoted: true, value: num(2) }], layout: { breaks: [false, false], closeOnNewLine: false } };
  assert.is(printExpr(obj), '{a = 1, "b" = 2}');
  assert.throws(() => printExpr({ kind: 'array', elements: [num(1)], layout: { breaks: [], closeOnNewLine: false } }), /1 elements/);
});

test('one-line objects on adjacent lines are aligned like alloy fmt aligns them', () => {
  const one = (fields: Record<string, number>): ObjectExpr => ({
    kind: 'object',
    fields: Object.entries(fields).map(([key, v]) => ({ key, value: num(v) })),
    layout: { breaks: Object.keys(fields).map(() => false), closeOnNewLine: false },
  });
  assert.fixture(print(file([attr('a', one({ x: 1 })), attr('b', one({ yyy: 2 }))])), lines('a = {x   = 1}', 'b = {yyy = 2}'));
});

test('blocks: blank line before every block but the first, empty block braces, labels', () => {
  const ast = file([
    block('a', undefined, []),
    block('b.c', 'x', [attr('v', 1)]),
    attr('after', 2),
  ]);
  assert.fixture(print(ast), lines('a { }', '', 'b.c "x" {', '\tv = 1', '}', 'after = 2'));
  assert.is(print(file([])), '\n');
});

test('refuses names and labels that are not identifiers', () => {
  assert.throws(() => print(file([block('x', 'kube-state-metrics', [])])), /kube-state-metrics/);
  assert.throws(() => print(file([block('x', '', [])])), /label/);
  assert.throws(() => print(file([block('x.1y', undefined, [])])), /block name/);
  assert.throws(() => print(file([attr('a.b', 1)])), /attribute name/);
  assert.throws(() => print(file([attr('true', 1)])), /attribute name/);
  assert.throws(() => printExpr(ref('a', 'b-c')), /reference/);
  assert.throws(() => printExpr(call('sys.env-x')), /function name/);
});

test('object keys: bare when identifiers, quoted otherwise; refuses keys Alloy cannot represent', () => {
  assert.is(printExpr(toExpr({ __address__: 1, 'X-Scope-OrgID': 2, 'app.kubernetes.io/name': 3, null: 4, ключ: 5 })), [
    '{',
    '\t__address__              = 1,',
    '\t"X-Scope-OrgID"          = 2,',
    '\t"app.kubernetes.io/name" = 3,',
    '\t"null"                   = 4,',
    '\tключ                     = 5,',
    '}',
  ].join('\n'));
  for (const key of ['', 'a"b', 'a\\b', 'tab\there', 'nl\n', 'del\x7f', 'nbsp\u00a0', 'ls\u2028']) {
    assert.throws(() => printExpr(toExpr({ [key]: 1 })), (e: Error) => e.message.includes('key'), JSON.stringify(key));
  }
});

test('string escaping: only \\\\ \\" \\n \\r \\t, \\x for C0 and DEL, \\u for other non-printables, never \\\'', () => {
  assert.is(quote(''), '""');
  assert.is(quote('plain ascii ${1} // /* } #'), '"plain ascii ${1} // /* } #"');
  assert.is(quote('q"b\\n\nr\rt\t'), '"q\\"b\\\\n\\nr\\rt\\t"');
  assert.is(quote("it's"), `"it's"`);
  assert.is(quote('\x00\x07\x1b\x7f'), '"\\x00\\x07\\x1b\\x7f"');
  assert.is(quote('\u0085\u00a0\u2028\u2029\ufeff'), '"\\u0085\\u00a0\\u2028\\u2029\\ufeff"');
  assert.is(quote('\u{e0001}'), '"\\U000e0001"');
  assert.is(quote('é 世界 😀 \u00e9\u0301'), '"é 世界 😀 \u00e9\u0301"');
  assert.is(printExpr(str('a\tb')), '"a\\tb"');
});

test('refuses strings with lone surrogates (Alloy source is UTF-8)', () => {
  assert.throws(() => quote('bad \ud800 x'), /lone surrogate.*U\+D800/);
  assert.throws(() => quote('\udfff'), /U\+DFFF/);
  assert.throws(() => printExpr(str('x\ud83d')), /UTF-8/);
});

test('numbers: canonical decimal, raw kept, no NaN/Infinity, negatives are unary minus', () => {
  assert.is(printExpr(num(10000)), '10000');
  assert.is(printExpr(num(0.5)), '0.5');
  assert.is(printExpr(num(1e21)), '1e+21');
  assert.is(printExpr(num(-0)), '0');
  assert.is(printExpr(toExpr(-5)), '-5');
  assert.is(printExpr({ kind: 'number', value: 8, raw: '010' }), '010');
  assert.is(printExpr({ kind: 'string', value: 'a', raw: '`a`' }), '`a`');
  assert.throws(() => printExpr(num(NaN)), /NaN/);
  assert.throws(() => printExpr(num(Infinity)), /Infinity/);
  assert.throws(() => printExpr(num(-1)), /unary minus/);
});

test('operators: one space around binary operators, none after unary, parentheses added where needed', () => {
  const n = (v: number) => num(v);
  const bin = (op: '+' | '-' | '*' | '^' | '||', left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });
  assert.is(printExpr(concat('spec.nodeName=', call('sys.env', 'HOSTNAME'))), '"spec.nodeName=" + sys.env("HOSTNAME")');
  assert.is(printExpr(bin('+', bin('*', n(30), n(2)), n(5))), '30 * 2 + 5');
  assert.is(printExpr(bin('*', bin('+', n(1), n(2)), n(3))), '(1 + 2) * 3');
  assert.is(printExpr(bin('-', n(1), bin('-', n(2), n(3)))), '1 - (2 - 3)');
  assert.is(printExpr(bin('^', n(2), bin('^', n(3), n(4)))), '2 ^ 3 ^ 4');
  assert.is(printExpr(bin('^', bin('^', n(2), n(3)), n(4))), '(2 ^ 3) ^ 4');
  assert.is(printExpr({ kind: 'unary', op: '!', operand: bin('||', ref('a'), ref('b')) }), '!(a || b)');
  assert.is(printExpr({ kind: 'unary', op: '-', operand: { kind: 'unary', op: '-', operand: n(1) } }), '--1');
  assert.is(printExpr({ kind: 'paren', inner: n(1) }), '(1)');
  assert.is(printExpr({ kind: 'index', target: ref('remote', 'kubernetes', 'secret', 'cloud', 'data'), index: str('password') }),
    'remote.kubernetes.secret.cloud.data["password"]');
  assert.is(printExpr({ kind: 'index', target: { kind: 'unary', op: '-', operand: ref('a') }, index: n(0) }), '(-a)[0]');
});

test('comments: leading, trailing (aligned), closing, and blank lines written as empty entries', () => {
  const ast: AlloyFile = {
    kind: 'file',
    body: [
      { ...block('a', 'x', [
        { ...attr('one', 1), layout: { trailingComment: '// first' } },
        { ...attr('three', 3), layout: { trailingComment: '// second' } },
        { ...block('inner', undefined, []), layout: { leadingComments: ['/* about inner */'] } },
      ]), layout: { leadingComments: ['// Header.', ''] }, closingComments: ['', '// closing'] },
      { ...attr('z', 1), layout: { leadingComments: ['// z'], blankLineBefore: true } },
    ],
    closingComments: ['// end'],
  };
  assert.fixture(print(ast), lines(
    '// Header.',
    '',
    'a "x" {',
    '\tone   = 1 // first',
    '\tthree = 3 // second',
    '',
    '\t/* about inner */',
    '\tinner { }',
    '',
    '\t// closing',
    '}',
    '',
    '// z',
    'z = 1',
    '// end',
  ));
});

test('trailing comments of consecutive lines are aligned, one column after the longest value', () => {
  const ast = file([
    { ...attr('a', 1), layout: { trailingComment: '// one' } },
    { ...attr('bb', 100), layout: { trailingComment: '/* two */' } },
    attr('ccc', 2),
  ]);
  assert.fixture(print(ast), lines('a   = 1   // one', 'bb  = 100 /* two */', 'ccc = 2'));
});

test('objects: a field or brace after a multi-line value starts a new line (fmt measures from key to key)', () => {
  const value: Expr = {
    kind: 'object',
    fields: [{ key: 'a', value: toExpr([{ x: 1 }]) }, { key: 'b', value: num(2) }],
    layout: { breaks: [false, false], closeOnNewLine: false },
  };
  assert.is(printExpr(value), '{a = [\n\t\t{\n\t\t\tx = 1,\n\t\t},\n\t],\n\tb = 2}');
  const last: Expr = { ...value, fields: [{ key: 'a', value: toExpr([{ x: 1 }]) }], layout: { breaks: [false], closeOnNewLine: false } } as Expr;
  assert.is(printExpr(last), '{a = [\n\t\t{\n\t\t\tx = 1,\n\t\t},\n\t],\n}');
});

test('refuses text that is not one comment', () => {
  assert.throws(() => print(file([{ ...attr('a', 1), layout: { trailingComment: 'no slashes' } }])), /comment/);
  assert.throws(() => print(file([{ ...attr('a', 1), layout: { leadingComments: ['// two\n// lines'] } }])), /comment/);
  assert.throws(() => print(file([{ ...attr('a', 1), layout: { leadingComments: ['/* a */ b */'] } }])), /comment/);
});

test('output has tabs for indentation, no trailing whitespace and one final newline', () => {
  const text = print(file([block('a', 'b', [attr('c', [{ d: 'e' }]), block('f', undefined, [attr('g', call('h', 1, { i: 2 }))])])]));
  assert.ok(text.endsWith('}\n') && !text.endsWith('\n\n'));
  for (const line of text.split('\n')) {
    assert.not.match(line, /[ \t]$/);
    assert.not.match(line, /^ /);
  }
});

test.run();
