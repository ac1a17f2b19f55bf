import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Attribute, Block, Expr } from '../../lib/alloy/ast.ts';
import { AlloySyntaxError, parse } from '../../lib/alloy/parse.ts';
import { print } from '../../lib/alloy/print.ts';

const lines = (...text: string[]) => text.join('\n') + '\n';
const valueOf = (text: string): Expr => (parse(`v = ${text}\n`).body[0] as Attribute).value;

/** Asserts that parsing fails at line:col with exactly this message. */
function fails(text: string, line: number, column: number, message: string): void {
  try {
    parse(text, 'f.alloy');
  } catch (error) {
    assert.instance(error, AlloySyntaxError, `${JSON.stringify(text)} threw ${String(error)}`);
    const e = error as AlloySyntaxError;
    assert.is(e.message, `f.alloy:${line}:${column}: ${message}`, JSON.stringify(text));
    assert.equal([e.file, e.line, e.column], ['f.alloy', line, column]);
    return;
  }
  assert.unreachable(`${JSON.stringify(text)} parsed`);
}

test('statements: dotted block names, labels, nested blocks, attributes; no layout for canonical text', () => {
  const text = lines(
    'prometheus.scrape "pods" {',
    '\ttargets    = discovery.kubernetes.pods.targets',
    '\tforward_to = [prometheus.remote_write.local.receiver]',
    '',
    '\tclustering {',
    '\t\tenabled = true',
    '\t}',
    '}',
  );
  const expected: AlloyFile = {
    kind: 'file',
    body: [{
      kind: 'block', name: 'prometheus.scrape', label: 'pods', body: [
        { kind: 'attribute', name: 'targets', value: { kind: 'ref', path: ['discovery', 'kubernetes', 'pods', 'targets'] } },
        { kind: 'attribute', name: 'forward_to', value: { kind: 'array', elements: [{ kind: 'ref', path: ['prometheus', 'remote_write', 'local', 'receiver'] }] } },
        { kind: 'block', name: 'clustering', body: [{ kind: 'attribute', name: 'enabled', value: { kind: 'bool', value: true } }] },
      ],
    }],
  };
  assert.equal(parse(text), expected);
});

test('block names may have spaces around dots; an empty label is no label', () => {
  const ast = parse('a . b "" {\n}\n');
  assert.equal(ast.body[0], { kind: 'block', name: 'a.b', body: [] });
  assert.is(print(ast), 'a.b { }\n');
});

test('literals: strings with escapes, raw strings, numbers (octal!), bool, null', () => {
  assert.equal(valueOf('"a\\tb\\u00e9\\x41\\101\\U0001F600"'), { kind: 'string', value: 'a\tbéAA😀', raw: '"a\\tb\\u00e9\\x41\\101\\U0001F600"' });
  assert.equal(valueOf('"\\xc3\\xa9"'), { kind: 'string', value: 'é', raw: '"\\xc3\\xa9"' });
  assert.equal(valueOf('"plain \\"q\\" \\\\"'), { kind: 'string', value: 'plain "q" \\' });
  assert.equal(valueOf('`raw \\d+\r\nline`'), { kind: 'string', value: 'raw \\d+\nline', raw: '`raw \\d+\r\nline`' });
  assert.equal(valueOf('42'), { kind: 'number', value: 42 });
  assert.equal(valueOf('010'), { kind: 'number', value: 8, raw: '010' });
  assert.equal(valueOf('08'), { kind: 'number', value: 8, raw: '08' });
  assert.equal(valueOf('.5'), { kind: 'number', value: 0.5, raw: '.5' });
  assert.equal(valueOf('1.e5'), { kind: 'number', value: 100000, raw: '1.e5' });
  assert.equal(valueOf('2.5E-3'), { kind: 'number', value: 0.0025, raw: '2.5E-3' });
  assert.equal(valueOf('false'), { kind: 'bool', value: false });
  assert.equal(valueOf('null'), { kind: 'null' });
});

test('expressions: precedence, right-associative ^, unary, parens, index, calls', () => {
  const r = (...path: string[]): Expr => ({ kind: 'ref', path });
  const n = (value: number): Expr => ({ kind: 'number', value });
  assert.equal(valueOf('1 + 2 * 3'), { kind: 'binary', op: '+', left: n(1), right: { kind: 'binary', op: '*', left: n(2), right: n(3) } });
  assert.equal(valueOf('1 - 2 - 3'), { kind: 'binary', op: '-', left: { kind: 'binary', op: '-', left: n(1), right: n(2) }, right: n(3) });
  assert.equal(valueOf('2 ^ 3 ^ 4'), { kind: 'binary', op: '^', left: n(2), right: { kind: 'binary', op: '^', left: n(3), right: n(4) } });
  assert.equal(valueOf('a || b && !c == d'), {
    kind: 'binary', op: '||', left: r('a'),
    right: { kind: 'binary', op: '&&', left: r('b'), right: { kind: 'binary', op: '==', left: { kind: 'unary', op: '!', operand: r('c') }, right: r('d') } },
  });
  assert.equal(valueOf('-2 ^ 2'), { kind: 'binary', op: '^', left: { kind: 'unary', op: '-', operand: n(2) }, right: n(2) });
  assert.equal(valueOf('(1 + 2) * 3'), { kind: 'binary', op: '*', left: { kind: 'paren', inner: { kind: 'binary', op: '+', left: n(1), right: n(2) } }, right: n(3) });
  assert.equal(valueOf('remote.kubernetes.secret.cloud.data["password"]'), { kind: 'index', target: r('remote', 'kubernetes', 'secret', 'cloud', 'data'), index: { kind: 'string', value: 'password' } });
  assert.equal(valueOf('sys.env("HOSTNAME")'), { kind: 'call', fn: ['sys', 'env'], args: [{ kind: 'string', value: 'HOSTNAME' }] });
  assert.equal(valueOf('f()'), { kind: 'call', fn: ['f'], args: [] });
});

test('objects: bare and quoted keys; an identifier written quoted stays quoted; keys are not unescaped', () => {
  assert.equal(valueOf('{a = 1, "b" = 2, "k8s.cluster.name" = 3, `raw` = 4}'), {
    kind: 'object',
    fields: [
      { key: 'a', value: { kind: 'number', value: 1 } },
      { key: 'b', quoted: true, value: { kind: 'number', value: 2 } },
      { key: 'k8s.cluster.name', value: { kind: 'number', value: 3 } },
      { key: 'raw', quoted: true, value: { kind: 'number', value: 4 } },
    ],
    layout: { breaks: [false, false, false, false], closeOnNewLine: false },
  });
  // Alloy would keep the backslash in the key and fmt would then re-quote it into another key: refused.
  fails('v = {"a\\"b" = 1}\n', 1, 6, 'object key "a\\\\\\"b" contains a backslash, which Alloy cannot represent in a key');
  fails('v = {"" = 1}\n', 1, 6, 'an object key cannot be empty');
  fails('v = {"a\tb" = 1}\n', 1, 6, 'object key "a\\tb" contains the non-printable character U+0009, which Alloy cannot represent in a key');
});

test('layout is recorded only where the source differs from the printer default', () => {
  const ast = parse(lines(
    'a = 1',
    '',
    'b = [1,',
    '  2]',
    'c = {x = 1}',
    'd = [',
    '  1,',
    ']',
    'e = f(',
    '  1,',
    ')',
  ));
  const layouts = ast.body.map((s) => [s.layout, (s as Attribute).value.kind === 'number' ? undefined : ((s as Attribute).value as { layout?: unknown }).layout]);
  assert.equal(layouts, [
    [undefined, undefined],
    [{ blankLineBefore: true }, { breaks: [false, true], closeOnNewLine: false }],
    [undefined, { breaks: [false], closeOnNewLine: false }],
    [undefined, { breaks: [true], closeOnNewLine: true }],
    [undefined, { breaks: [true], closeOnNewLine: true }],
  ]);
});

test('comments: leading, trailing, closing, with the blank lines around them', () => {
  const text = lines(
    '// Header.',
    '',
    'a "x" {',
    '\tone   = 1 // first',
    '\tthree = 3 // second',
    '\t/* about inner */',
    '\tinner { }',
    '',
    '\t// closing',
    '}',
    '// end',
  );
  const ast = parse(text);
  const a = ast.body[0] as Block;
  assert.equal(a.layout, { leadingComments: ['// Header.', ''] });
  assert.equal(a.body.map((s) => s.layout), [
    { trailingComment: '// first' },
    { trailingComment: '// second' },
    { leadingComments: ['/* about inner */'], blankLineBefore: false },
  ]);
  assert.equal(a.closingComments, ['', '// closing']);
  assert.equal(ast.closingComments, ['// end']);
  assert.fixture(print(ast), text);
});

test('comments where the tree has no place for them are refused', () => {
  fails('a = 1 /* x */ // y\n', 1, 15, 'more than one comment on a line is not supported here');
  fails('a = 1\n/* x */ /* y */\nb = 2\n', 2, 9, 'more than one comment on a line is not supported here');
  fails('a {\n\tb = 1\n\t// c', 3, 6, 'expected }, got EOF');
  fails('/* x */ a = 1\n', 1, 9, 'a statement on the same line as a comment before it is not supported');
  fails('a = 1 /* x\n*/ b = 2\n', 2, 4, 'a statement on the same line as a comment before it is not supported');
  fails('a {\n\tb = 1 /* x\n*/ }\n', 3, 4, "a '}' on the same line as a comment before it is not supported");
});

test('lexical errors, at the positions Alloy reports', () => {
  fails('# comment\n', 1, 1, "illegal character U+0023 '#'");
  fails('a = "it\\\'s"\n', 1, 9, 'unknown escape sequence');
  fails('a = "\\q"\n', 1, 7, 'unknown escape sequence');
  fails('a = "\\x4"\n', 1, 7, "illegal character U+0022 '\"' in escape sequence");
  fails('a = "\\ud800"\n', 1, 7, 'escape sequence is invalid Unicode code point');
  fails('a = "\\400"\n', 1, 7, 'escape sequence is invalid Unicode code point');
  fails('a = "\\xff"\n', 1, 5, 'string escapes (\\x or octal) produce invalid UTF-8');
  fails('a = "open\n', 1, 5, 'string literal not terminated');
  fails('a = "line\nbreak"\n', 1, 5, 'string literal not terminated');
  fails('a = `open\n', 1, 5, 'string literal not terminated');
  fails("a = 'x'\n", 1, 5, 'illegal single-quoted string; use double quotes');
  fails('a = 1e\n', 1, 5, 'exponent has no digits');
  fails('a = b | c\n', 1, 8, 'missing second | in ||');
  fails('a = b & c\n', 1, 8, 'missing second & in &&');
  fails('a = 1 /* open\n', 1, 7, 'block comment not terminated');
  fails('a = "\0"\n', 1, 6, 'illegal character NUL');
  fails('a = 1\n\ufeffb = 2\n', 2, 1, 'illegal byte order mark');
  fails('a = "\ud800"\n', 1, 6, 'illegal UTF-8 encoding');
  // Columns count UTF-8 bytes, as Alloy's do.
  fails('é = "\\q"\n', 1, 8, 'unknown escape sequence');
});

test('syntax errors, with Alloy\'s messages', () => {
  fails('a = 1 b = 2\n', 1, 7, 'expected TERMINATOR, got IDENT');
  fails('a = 0x10\n', 1, 6, 'expected TERMINATOR, got IDENT');
  fails('a = {\n  x = 1\n}\n', 2, 8, "missing ',' in field list");
  fails('a = [\n  1\n]\n', 2, 4, "missing ',' in expression list");
  fails('a = f(\n  1\n)\n', 2, 4, "missing ',' in expression list");
  fails('a.b = 1\n', 1, 1, 'attribute names may only consist of a single identifier with no "."');
  fails('a "l" = 1\n', 1, 3, 'attribute names may not have labels');
  fails('a `l` {\n}\n', 1, 3, 'expected block label to be a double quoted string, but got "`l`"');
  fails('a "1abc" {\n}\n', 1, 3, 'expected block label to be a valid identifier, but got "1abc"');
  fails('a b {\n}\n', 1, 3, 'expected block label, got IDENT');
  fails('a\n', 1, 2, 'expected block label, got TERMINATOR');
  fails('a "" x\n', 1, 6, 'expected attribute assignment or block body, got IDENT');
  fails('a.b "x"\n', 1, 8, 'expected block body, got TERMINATOR');
  fails('a = \n', 2, 1, 'expected expression, got EOF');
  fails('a = )\n', 1, 5, 'expected expression, got )');
  fails('a = x.true\n', 1, 7, 'expected IDENT, got BOOL');
  fails('a = b {\n}\n', 1, 5, 'cannot use a block as an expression');
  fails('a {\n', 2, 1, 'expected }, got EOF');
  fails('}\n', 1, 1, 'expected identifier, got }');
});

test('a BOM at the start, CRLF line ends and an empty file are fine', () => {
  assert.equal(parse('\ufeffa = 1\r\nb = "x"\r\n'), parse('a = 1\nb = "x"\n'));
  assert.equal(parse(''), { kind: 'file', body: [] });
  assert.equal(parse('\n\n'), { kind: 'file', body: [] });
});

test('a one-line block is accepted and expanded by the printer', () => {
  assert.is(print(parse('foo { a = 1 }')), 'foo {\n\ta = 1\n}\n');
});

test.run();
