// Property tests: printing and parsing are inverse on any tree, and user data cannot change the shape
// of a config (no injection through strings or keys).
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlloyFile, Attribute, Block, Expr, ListLayout, ObjectField, Statement, StatementLayout } from '../../lib/alloy/ast.ts';
import { isIdentifier } from '../../lib/alloy/ident.ts';
import { parse } from '../../lib/alloy/parse.ts';
import { print } from '../../lib/alloy/print.ts';
import { keyProblem, quote } from '../../lib/alloy/quote.ts';

const runs = { numRuns: 2000 };

// ---- Arbitraries ----

const identifier = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('ключ', 'é', '名前', 'x١٢', '_', 'truex', 'nullable', 'True') },
).filter(isIdentifier);

/** Pieces that break naive serializers. */
const nasty = fc.constantFrom('"', '\\', '\n', '\r', '\t', '}', '{', '//', '/*', '*/', '${', '`', "'", '#', '\0', '\x7f', '\u0085', '\u2028', '\ufeff', '😀', 'é', ' ', '=', ',');
const userString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((parts) => parts.join('')),
);
const userKey = fc.oneof(userString, identifier, fc.constantFrom('true', 'false', 'null', 'app.kubernetes.io/name', 'X-Scope-OrgID'))
  .filter((k) => keyProblem(k) === undefined);

const numberValue = fc.oneof(fc.nat(), fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, 1e21, 5e-324, 2 ** 53 + 2))
  .map((v) => v || 0);
const refPath = fc.array(identifier, { minLength: 1, maxLength: 4 });

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  userString.map((value): Expr => ({ kind: 'string', value })),
  numberValue.map((value): Expr => ({ kind: 'number', value })),
  fc.boolean().map((value): Expr => ({ kind: 'bool', value })),
  fc.constant<Expr>({ kind: 'null' }),
  refPath.map((path): Expr => ({ kind: 'ref', path })),
);

/** Expressions without layout; operands that need parentheses get an explicit ParenExpr. */
const { expr } = fc.letrec<{ expr: Expr; operand: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('expr'), { maxLength: 4 }).map((elements): Expr => ({ kind: 'array', elements })),
    fc.array(field(tie('expr')), { maxLength: 4 }).map((fields): Expr => ({ kind: 'object', fields })),
    fc.tuple(refPath, fc.array(tie('expr'), { maxLength: 3 })).map(([fn, args]): Expr => ({ kind: 'call', fn, args })),
    fc.tuple(refPath, tie('expr')).map(([path, index]): Expr => ({ kind: 'index', target: { kind: 'ref', path }, index })),
    fc.tuple(fc.constantFrom('!', '-') as fc.Arbitrary<'!' | '-'>, tie('operand')).map(([op, operand]): Expr => ({ kind: 'unary', op, operand })),
    fc.tuple(fc.constantFrom('||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '^') as fc.Arbitrary<'+'>, tie('operand'), tie('operand'))
      .map(([op, left, right]): Expr => ({ kind: 'binary', op, left, right })),
  ),
  operand: tie('expr').map((e): Expr => (e.kind === 'binary' ? { kind: 'paren', inner: e } : e)),
}));

function field(value: fc.Arbitrary<Expr>): fc.Arbitrary<ObjectField> {
  return fc.tuple(userKey, fc.boolean(), value).map(([key, quoted, v]) => (quoted && isIdentifier(key) ? { key, quoted: true, value: v } : { key, value: v }));
}

const blockName = fc.array(identifier, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('.'));

const { statement } = fc.letrec<{ statement: Statement }>((tie) => ({
  statement: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(identifier, expr).map(([name, value]): Statement => ({ kind: 'attribute', name, value })),
    fc.tuple(blockName, fc.option(identifier, { nil: undefined }), fc.array(tie('statement'), { maxLength: 3 }))
      .map(([name, label, body]): Statement => (label === undefined ? { kind: 'block', name, body } : { kind: 'block', name, label, body })),
  ),
}));

const alloyFile = fc.array(statement, { maxLength: 4 }).map((body): AlloyFile => ({ kind: 'file', body }));

// ---- (a) parse ∘ print is the identity on trees without layout ----

test('parse(print(ast)) deep-equals ast, and print is idempotent through parse', () => {
  fc.assert(fc.property(alloyFile, (ast) => {
    const text = print(ast);
    const back = parse(text);
    assert.equal(back, ast);
    assert.is(print(back), text);
  }), runs);
});

test('string values come back exactly, whatever they contain', () => {
  fc.assert(fc.property(userString, (value) => {
    const back = parse(print({ kind: 'file', body: [{ kind: 'attribute', name: 'v', value: { kind: 'string', value } }] }));
    assert.equal((back.body[0] as Attribute).value, { kind: 'string', value });
  }), runs);
});

// ---- (b) no injection: user data never changes the shape of the config ----

function skeleton(strings: string[], keys: string[]): AlloyFile {
  const s = (i: number): Expr => ({ kind: 'string', value: strings[i]! });
  return {
    kind: 'file',
    body: [
      { kind: 'block', name: 'loki.process', label: 'main', body: [
        { kind: 'attribute', name: 'forward_to', value: { kind: 'array', elements: [{ kind: 'ref', path: ['loki', 'write', 'default', 'receiver'] }] } },
        { kind: 'block', name: 'stage.static_labels', body: [
          { kind: 'attribute', name: 'values', value: { kind: 'object', fields: keys.map((key, i) => ({ key, value: s(i % strings.length) })) } },
        ] },
        { kind: 'block', name: 'stage.match', body: [
          { kind: 'attribute', name: 'selector', value: s(0) },
          { kind: 'block', name: 'stage.regex', body: [{ kind: 'attribute', name: 'expression', value: s(1) }] },
        ] },
      ] },
      { kind: 'block', name: 'loki.write', label: 'default', body: [
        { kind: 'block', name: 'endpoint', body: [
          { kind: 'attribute', name: 'url', value: { kind: 'binary', op: '+', left: s(2), right: { kind: 'call', fn: ['sys', 'env'], args: [s(3)] } } },
          { kind: 'attribute', name: 'tenant_id', value: { kind: 'index', target: { kind: 'ref', path: ['remote', 'kubernetes', 'secret', 'x', 'data'] }, index: s(4) } },
        ] },
      ] },
    ],
  };
}

/** Every block path with label, attribute name and reference, plus the strings and keys in order. */
function shape(file: AlloyFile) {
  const structure: string[] = [];
  const strings: string[] = [];
  const keys: string[] = [];
  const walkExpr = (e: Expr): void => {
    switch (e.kind) {
      case 'string': strings.push(e.value); break;
      case 'ref': structure.push(`ref ${e.path.join('.')}`); break;
      case 'array': e.elements.forEach(walkExpr); break;
      case 'object': e.fields.forEach((f) => { keys.push(f.key); walkExpr(f.value); }); break;
      case 'call': structure.push(`call ${e.fn.join('.')}`); e.args.forEach(walkExpr); break;
      case 'index': walkExpr(e.target); walkExpr(e.index); break;
      case 'binary': structure.push(e.op); walkExpr(e.left); walkExpr(e.right); break;
      default: structure.push(e.kind);
    }
  };
  const walk = (body: Statement[], path: string): void => {
    for (const s of body) {
      if (s.kind === 'attribute') {
        structure.push(`${path}/${s.name} =`);
        walkExpr(s.value);
      } else {
        const here = `${path}/${s.name}${s.label === undefined ? '' : `[${s.label}]`}`;
        structure.push(here);
        walk(s.body, here);
      }
    }
  };
  walk(file.body, '');
  return { structure, strings, keys };
}

test('user strings and keys in a fixed config cannot add, remove or rename blocks, attributes or references', () => {
  const keysArb = fc.uniqueArray(userKey, { minLength: 1, maxLength: 4 });
  fc.assert(fc.property(fc.array(userString, { minLength: 5, maxLength: 5 }), keysArb, (strings, keys) => {
    const ast = skeleton(strings, keys);
    const back = parse(print(ast));
    assert.equal(shape(back), shape(ast));
    assert.equal(back, ast);
  }), runs);
});

// ---- (c) with layout and comments: print is a fixed point through parse ----

const commentText = fc.string({ unit: 'binary', maxLength: 12 }).filter((t) => !/[\r\n\0\ufeff]/.test(t));
const comment = fc.oneof(
  commentText.map((t) => `//${t}`),
  commentText.filter((t) => !t.includes('*/') && !t.endsWith('*')).map((t) => `/*${t}*/`),
  fc.tuple(commentText, commentText).filter(([a, b]) => !`${a}\n${b}`.includes('*/') && !b.endsWith('*')).map(([a, b]) => `/*${a}\n${b}*/`),
);
const commentList = fc.array(fc.oneof({ weight: 3, arbitrary: comment }, { weight: 1, arbitrary: fc.constant('') }), { maxLength: 4 });

const statementLayout: fc.Arbitrary<StatementLayout | undefined> = fc.option(
  fc.record({ blankLineBefore: fc.boolean(), leadingComments: commentList, trailingComment: comment }, { requiredKeys: [] }),
  { nil: undefined },
);

/** Adds random list layouts, raw literals and comments to a tree. */
function decorate(ast: AlloyFile, seed: number): AlloyFile {
  let state = seed >>> 0 || 1;
  const rand = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const layout = (n: number): ListLayout | undefined =>
    rand() < 0.5 ? undefined : { breaks: Array.from({ length: n }, () => rand() < 0.5), closeOnNewLine: rand() < 0.5 };
  const expr = (e: Expr): Expr => {
    switch (e.kind) {
      case 'array': { const l = layout(e.elements.length); const r: Expr = { kind: 'array', elements: e.elements.map(expr) }; if (l) r.layout = l; return r; }
      case 'object': { const l = layout(e.fields.length); const r: Expr = { kind: 'object', fields: e.fields.map((f) => ({ ...f, value: expr(f.value) })) }; if (l) r.layout = l; return r; }
      case 'call': { const l = layout(e.args.length); const r: Expr = { kind: 'call', fn: e.fn, args: e.args.map(expr) }; if (l) r.layout = l; return r; }
      case 'string': return rand() < 0.2 && !/[`\t\v\f\r\0\ufeff]/.test(e.value) ? { ...e, raw: `\`${e.value}\`` } : e;
      case 'index': return { ...e, index: expr(e.index) };
      case 'unary': return { ...e, operand: expr(e.operand) };
      case 'binary': return { ...e, left: expr(e.left), right: expr(e.right) };
      case 'paren': return { ...e, inner: expr(e.inner) };
      default: return e;
    }
  };
  return { ...ast, body: ast.body.map(function stmt(s: Statement): Statement {
    return s.kind === 'attribute' ? { ...s, value: expr(s.value) } : { ...s, body: s.body.map(stmt) };
  }) };
}

function withComments(ast: AlloyFile, layouts: (StatementLayout | undefined)[], closings: string[][]): AlloyFile {
  let i = 0;
  const stmt = (s: Statement): Statement => {
    const layout = layouts[i++ % layouts.length];
    const out: Statement = s.kind === 'attribute' ? { ...s } : { ...s, body: s.body.map(stmt) } as Block;
    if (layout) out.layout = layout;
    if (out.kind === 'block' && closings.length > 0) out.closingComments = closings[i % closings.length]!;
    return out;
  };
  return { kind: 'file', body: ast.body.map(stmt), closingComments: closings[0] ?? [] };
}

test('with random layouts, raw literals and comments, print(parse(print(ast))) === print(ast)', () => {
  fc.assert(fc.property(
    alloyFile, fc.integer(), fc.array(statementLayout, { minLength: 1, maxLength: 6 }), fc.array(commentList, { maxLength: 3 }),
    (ast, seed, layouts, closings) => {
      const decorated = withComments(decorate(ast, seed), layouts, closings);
      const text = print(decorated);
      const back = parse(text);
      assert.is(print(back), text);
      assert.equal(parse(print(back)), back);
    },
  ), runs);
});

// ---- escaping edge cases ----

test('escaping: every code point but lone surrogates quotes and reads back', () => {
  const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((cp) => cp < 0xd800 || cp > 0xdfff);
  fc.assert(fc.property(anyCodePoint, (cp) => {
    const value = `a${String.fromCodePoint(cp)}b`;
    const text = quote(value);
    assert.not.match(text, /\\'/);
    assert.equal((parse(`v = ${text}\n`).body[0] as Attribute).value, { kind: 'string', value });
  }), runs);
});

test('escaping: lone surrogates are refused with a clear error', () => {
  const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
  fc.assert(fc.property(fc.string(), lone, fc.string(), (a, s, b) => {
    assert.throws(() => quote(a + s + b), /lone surrogate/);
  }), runs);
});

test.run();
