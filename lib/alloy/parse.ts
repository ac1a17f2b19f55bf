// The Alloy parser: a recursive-descent port of grafana/alloy syntax/parser (same grammar, precedence and
// error messages; it stops at the first error). It records layout only where the source differs from
// what the printer does by default, so parse(print(tree)) gives the tree back and print(parse(text))
// gives canonical text back. Comments go where fmt writes them: between statements (own lines, end of a
// line, after a block's `{`) into the statement layout, and inside a statement before the next token that
// fmt writes at its source position (a name, literal, bracket, brace, key or operator), with the line
// ends around them. Every node gets its source position (positions.ts), beside the tree.

import type {
  AlloyFile, ApplyExpr, ArrayExpr, Attribute, BinaryOp, Block, CallExpr, Comment as NodeComment, Expr, ListLayout, ObjectExpr,
  ObjectField, Statement, StatementLayout,
} from './ast.ts';
import { setPosition } from './positions.ts';
import { isIdentifier } from './ident.ts';
import { defaultListLayout, formatNumber } from './print.ts';
import { keyProblem, quote, unquote, unquoteRaw } from './quote.ts';
import { Scanner, SourceText, type Token, type TokenKind } from './scanner.ts';

export { AlloySyntaxError } from './scanner.ts';

export function parse(text: string, fileName = '<input>'): AlloyFile {
  const file = new Parser(new SourceText(text, fileName)).parseFile();
  setPosition(file, { file: fileName, line: 1, column: 1 });
  return file;
}

const precedence: Partial<Record<TokenKind, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6,
};

interface Comment {
  text: string;
  start: number;
  startLine: number;
  endLine: number;
}

/** A parsed statement with the source lines it spans. */
interface Placed {
  stmt: Statement;
  startLine: number;
  endLine: number;
}

class Parser {
  private readonly scanner: Scanner;
  private tok!: Token;
  /** End offset of the last token consumed (terminators aside). */
  private prevEnd = 0;
  private readonly comments: Comment[] = [];
  private commentsTaken = 0;
  /** Source span [start, end) of every expression, for line-break layout. */
  private readonly spans = new WeakMap<Expr, [number, number]>();

  constructor(private readonly src: SourceText) {
    this.scanner = new Scanner(src);
    this.next();
  }

  private next(): void {
    if (this.tok && this.tok.kind !== 'TERMINATOR') this.prevEnd = this.tok.end;
    for (;;) {
      const t = this.scanner.scan();
      if (t.kind !== 'COMMENT') {
        this.tok = t;
        return;
      }
      this.comments.push({ text: t.text, start: t.start, startLine: this.src.line(t.start), endLine: this.src.line(t.end - 1) });
    }
  }

  /** The current token's kind (a call, so narrowing does not survive `next()`). */
  private kind(): TokenKind {
    return this.tok.kind;
  }

  private fail(offset: number, reason: string): never {
    throw this.src.error(offset, reason);
  }

  private expect(kind: TokenKind): Token {
    const t = this.tok;
    if (t.kind !== kind) this.fail(t.start, `expected ${kind}, got ${t.kind}`);
    this.next();
    return t;
  }

  private line(offset: number): number {
    return this.src.line(offset);
  }

  /** Last line of a span ending (exclusively) at `end`. */
  private endLine(end: number): number {
    return this.src.line(Math.max(0, end - 1));
  }

  /** Records where a node starts: line, and column in characters. */
  private place(node: Expr | Statement | ObjectField, offset: number): void {
    const line = this.src.line(offset);
    setPosition(node, { file: this.src.fileName, line, column: this.src.column(line, offset) });
  }

  /**
   * Comments before the current token, for a token fmt writes at its source position: each with the line
   * ends before it (from the token before, or the comment before) and, on the last, after it.
   */
  private slot(): NodeComment[] | undefined {
    if (this.commentsTaken === this.comments.length || this.comments[this.commentsTaken]!.start > this.tok.start) return undefined;
    const taken: NodeComment[] = [];
    let lastLine = this.prevEnd === 0 ? 0 : this.endLine(this.prevEnd);
    while (this.commentsTaken < this.comments.length && this.comments[this.commentsTaken]!.start < this.tok.start) {
      const c = this.comments[this.commentsTaken++]!;
      const before = Math.min(2, Math.max(0, c.startLine - lastLine));
      taken.push(before === 0 ? { text: c.text } : { text: c.text, linesBefore: before as 1 | 2 });
      lastLine = c.endLine;
    }
    const last = taken[taken.length - 1]!;
    const after = Math.min(2, this.line(this.tok.start) - lastLine);
    if (after !== (last.text[1] === '/' ? 1 : 0)) last.linesAfter = after as 0 | 1 | 2;
    return taken;
  }

  /** Comments before a statement-level token fmt would keep in place, which this tree cannot hold. */
  private refuseComments(what: string): void {
    if (this.commentsTaken < this.comments.length && this.comments[this.commentsTaken]!.start < this.tok.start) {
      this.fail(this.comments[this.commentsTaken]!.start, `a comment ${what} is not supported; put it on its own line or at the end of the line`);
    }
  }

  parseFile(): AlloyFile {
    const { body, closingComments } = this.parseBody('EOF', 0);
    return closingComments ? { kind: 'file', body, closingComments } : { kind: 'file', body };
  }

  // ---- Statements ----

  /** Body = [ Statement { TERMINATOR Statement } ]; `openLine`/`openEnd` locate the `{` (0 for a file). */
  private parseBody(until: TokenKind, openLine: number): Body {
    const placed: Placed[] = [];
    let open: Comment[] | undefined;
    while (this.kind() !== until && this.kind() !== 'EOF') {
      const start = this.tok.start;
      let before = this.takeComments();
      if (placed.length === 0 && openLine > 0) [open, before] = openComments(before, openLine);
      const stmt = this.parseStatement();
      const here: Placed = { stmt, startLine: this.line(start), endLine: this.endLine(this.prevEnd) };
      this.attach(placed, before, open !== undefined ? open.at(-1)!.endLine : openLine, here, start, open !== undefined);
      placed.push(here);
      if (this.kind() === until) break;
      if (this.kind() !== 'TERMINATOR') this.fail(this.tok.start, `expected TERMINATOR, got ${this.kind()}`);
      this.next();
    }
    const closeLine = until !== 'EOF' && this.kind() === until ? this.line(this.tok.start) : undefined;
    let rest = this.takeComments();
    if (placed.length === 0 && openLine > 0) [open, rest] = openComments(rest, openLine);
    const result: Body = { body: placed.map((p) => p.stmt) };
    if (open !== undefined) {
      result.openComments = open.map((c) => ({ text: c.text }));
      if (placed.length === 0 && rest.length === 0 && closeLine !== undefined) {
        const last = result.openComments.at(-1)!;
        const after = Math.min(2, closeLine - open.at(-1)!.endLine);
        if (after !== (last.text[1] === '/' ? 1 : 0)) last.linesAfter = after as 0 | 1 | 2;
      }
    }
    const closingComments = this.attachClosing(placed, rest, open !== undefined ? open.at(-1)!.endLine : openLine, closeLine);
    if (closingComments) result.closingComments = closingComments;
    return result;
  }

  /** Comments scanned before the current token that no token inside a statement took. */
  private takeComments(): Comment[] {
    const taken: Comment[] = [];
    while (this.commentsTaken < this.comments.length && this.comments[this.commentsTaken]!.start < this.tok.start) {
      taken.push(this.comments[this.commentsTaken++]!);
    }
    return taken;
  }

  /**
   * Splits the comments before `here` into the previous statement's trailing comment and `here`'s
   * leading comments, and records blank lines that differ from the printer's defaults.
   */
  private attach(placed: Placed[], comments: Comment[], openLine: number, here: Placed, start: number, afterOpen: boolean): void {
    const prev = placed.at(-1);
    const { trailing, own, lastLine } = this.split(comments, prev, openLine);
    if (trailing) layout(prev!.stmt).trailingComment = trailing.text;
    const commentEnd = (own.at(-1) ?? trailing)?.endLine;
    if (commentEnd !== undefined && commentEnd >= here.startLine) {
      this.fail(start, 'a statement on the same line as a comment before it is not supported');
    }
    const { entries, blankBefore } = commentEntries(own, lastLine, here.startLine);
    const gap = own.length > 0 ? blankBefore : here.startLine - lastLine > 1;
    const commented = trailing !== undefined || own.length > 0;
    const next: StatementLayout = {};
    if (entries.length > 0) next.leadingComments = entries;
    if (prev === undefined) {
      // fmt drops blank lines after `{` and at the top of a file, unless a comment follows them in a block
      // (or a comment on the `{` line precedes them).
      if (openLine > 0 && (own.length > 0 || afterOpen) && gap) next.blankLineBefore = true;
    } else if (here.stmt.kind === 'block') {
      // A block always gets a blank line before it, unless a comment sits in between.
      if (commented && !gap) next.blankLineBefore = false;
    } else if (gap) {
      next.blankLineBefore = true;
    }
    if (Object.keys(next).length > 0) here.stmt.layout = { ...next, ...here.stmt.layout };
  }

  /** Comments after the last statement: its trailing comment, then the closing comments (with blank lines). */
  private attachClosing(placed: Placed[], comments: Comment[], openLine: number, closeLine: number | undefined): string[] | undefined {
    const last = placed.at(-1);
    const { trailing, own, lastLine } = this.split(comments, last, openLine);
    if (trailing) layout(last!.stmt).trailingComment = trailing.text;
    const commentEnd = (own.at(-1) ?? trailing)?.endLine;
    if (closeLine !== undefined && commentEnd !== undefined && commentEnd >= closeLine) {
      this.fail(this.tok.start, "a '}' on the same line as a comment before it is not supported");
    }
    const { entries, blankBefore } = commentEntries(own, lastLine, closeLine);
    if (blankBefore && (last !== undefined || openLine > 0)) entries.unshift('');
    if (own.length === 0 && trailing && closeLine !== undefined && closeLine - trailing.endLine > 1) entries.push('');
    return entries.length > 0 ? entries : undefined;
  }

  /** A comment on the line where `prev` ends is its trailing comment; the others must be on their own lines. */
  private split(comments: Comment[], prev: Placed | undefined, openLine: number) {
    let lastLine = prev ? prev.endLine : openLine;
    let trailing: Comment | undefined;
    const own: Comment[] = [];
    for (const c of comments) {
      if (c.startLine > lastLine) own.push(c);
      else if (trailing || own.length > 0) this.fail(c.start, 'more than one comment on a line is not supported here');
      else if (prev) trailing = c;
      else this.fail(c.start, "a comment on the same line as '{' is not supported; put it on its own line");
      lastLine = c.endLine;
    }
    return { trailing, own, lastLine: trailing ? trailing.endLine : prev ? prev.endLine : openLine };
  }

  /** Statement = Attribute | Block; Attribute = IDENT "=" Expression; Block = IDENT { "." IDENT } [ Label ] "{" Body "}". */
  private parseStatement(): Statement {
    const nameStart = this.tok.start;
    if (this.kind() !== 'IDENT') this.fail(this.tok.start, `expected identifier, got ${this.kind()}`);
    const fragments = [this.tok.text];
    this.next();
    while (this.kind() === '.') {
      this.next();
      if (this.kind() !== 'IDENT') this.fail(this.tok.start, `expected identifier, got ${this.kind()}`);
      fragments.push(this.tok.text);
      this.next();
    }
    let label: string | undefined;
    let labelStart: number | undefined;
    if (this.kind() !== '=') this.refuseComments("between a block's name and its body");
    if (this.kind() !== '=' && this.kind() !== '{') {
      if (this.kind() !== 'STRING') this.fail(this.tok.start, `expected block label, got ${this.kind()}`);
      const text = this.tok.text;
      if (text[0] !== '"') this.fail(this.tok.start, `expected block label to be a double quoted string, but got ${goQuote(text)}`);
      // Taken literally, without unescaping; `""` means no label.
      if (text.length > 2) {
        label = text.slice(1, -1);
        if (!isIdentifier(label)) this.fail(this.tok.start, `expected block label to be a valid identifier, but got ${goQuote(label)}`);
      }
      labelStart = this.tok.start;
      this.next();
    }
    if (this.kind() === '=') {
      if (fragments.length !== 1) this.fail(nameStart, 'attribute names may only consist of a single identifier with no "."');
      if (labelStart !== undefined) this.fail(labelStart, 'attribute names may not have labels');
      this.next();
      const attribute: Attribute = { kind: 'attribute', name: fragments[0]!, value: this.parseExpression() };
      this.place(attribute, nameStart);
      return attribute;
    }
    if (this.kind() !== '{') {
      const couldBeAttribute = fragments.length === 1 && label === undefined;
      this.fail(this.tok.start, `expected ${couldBeAttribute ? 'attribute assignment or block body' : 'block body'}, got ${this.kind()}`);
    }
    if (labelStart !== undefined) this.refuseComments("between a block's label and its body");
    const open = this.tok;
    this.next();
    const { body, closingComments, openComments } = this.parseBody('}', this.line(open.start));
    this.expect('}');
    const block: Block = { kind: 'block', name: fragments.join('.'), body };
    if (label !== undefined) block.label = label;
    if (openComments) block.openComments = openComments;
    if (closingComments) block.closingComments = closingComments;
    this.place(block, nameStart);
    return block;
  }

  // ---- Expressions ----

  private mark<T extends Expr>(e: T, start: number): T {
    this.spans.set(e, [start, this.prevEnd]);
    this.place(e, start);
    return e;
  }

  private startLineOf(e: Expr): number {
    return this.line(this.spans.get(e)![0]);
  }

  private endLineOf(e: Expr): number {
    return this.endLine(this.spans.get(e)![1]);
  }

  parseExpression(): Expr {
    return this.parseBinary(1);
  }

  /** Left-associative binary operators of precedence >= minPrec; `^` is handled by parsePower. */
  private parseBinary(minPrec: number): Expr {
    const start = this.tok.start;
    let left = this.parsePower();
    for (;;) {
      const op = this.kind();
      const prec = precedence[op] ?? 0;
      if (prec < minPrec) return left;
      const comments = this.slot();
      this.next();
      const right = this.parseBinary(prec + 1);
      left = this.mark(comments ? { kind: 'binary', op: op as BinaryOp, left, right, comments } : { kind: 'binary', op: op as BinaryOp, left, right }, start);
    }
  }

  private parsePower(): Expr {
    const start = this.tok.start;
    const left = this.parseUnary();
    if (this.kind() !== '^') return left;
    const comments = this.slot();
    this.next();
    const right = this.parsePower();
    return this.mark(comments ? { kind: 'binary', op: '^', left, right, comments } : { kind: 'binary', op: '^', left, right }, start);
  }

  private parseUnary(): Expr {
    const start = this.tok.start;
    const op = this.kind();
    if (op === '!' || op === '-') {
      const comments = this.slot();
      this.next();
      const operand = this.parseUnary();
      return this.mark(comments ? { kind: 'unary', op, operand, comments } : { kind: 'unary', op, operand }, start);
    }
    let primary = this.parsePrimary();
    for (;;) {
      const t = this.tok;
      if (t.kind === '.') {
        // OperExpr = PrimaryExpr { "." identifier | "[" Expression "]" | "(" [ ExpressionList ] ")" }
        this.next();
        const name = this.expect('IDENT');
        if (primary.kind === 'ref') {
          const path = [...primary.path, name.text];
          primary = this.mark(primary.comments ? { kind: 'ref', path, comments: primary.comments } : { kind: 'ref', path }, start);
        } else {
          primary = this.mark({ kind: 'access', target: primary, name: name.text }, start);
        }
      } else if (t.kind === '[') {
        const comments = this.slot();
        this.next();
        const index = this.parseExpression();
        const closeComments = this.slot();
        this.expect(']');
        const node: Expr = { kind: 'index', target: primary, index };
        if (comments) node.comments = comments;
        if (closeComments) node.closeComments = closeComments;
        primary = this.mark(node, start);
      } else if (t.kind === '(') {
        primary = this.parseCall(primary, t, start);
      } else if (t.kind === 'STRING' || t.kind === '{') {
        // Alloy's own diagnosis for `x = name "label" { ... }`.
        if (t.kind === 'STRING') this.next();
        const open = this.expect('{');
        this.parseBody('}', this.line(open.start));
        this.expect('}');
        this.fail(start, 'cannot use a block as an expression');
      } else {
        return primary;
      }
    }
  }

  /** A call of a dotted name is a CallExpr (the usual `sys.env("X")`), of anything else an ApplyExpr. */
  private parseCall(callee: Expr, open: Token, start: number): CallExpr | ApplyExpr {
    this.next();
    const args = this.kind() !== ')' ? this.parseList(')', 'expression') : [];
    const close = this.expect(')');
    let call: CallExpr | ApplyExpr;
    if (callee.kind === 'ref') {
      call = { kind: 'call', fn: callee.path, args };
      if (callee.comments) call.comments = callee.comments;
    } else {
      call = { kind: 'apply', callee, args };
    }
    // fmt would print `f(,` for an empty call closed on a later line; we print `f()`.
    if (args.length > 0) this.setLayout(call, this.listLayout(open, close, args.map((a) => [this.startLineOf(a), this.endLineOf(a)])));
    return this.mark(call, start);
  }

  private parsePrimary(): Expr {
    const t = this.tok;
    // Tokens fmt writes at their source position take the comments before them; `(` does not.
    const comments = t.kind === '(' ? undefined : this.slot();
    let e: Expr;
    switch (t.kind) {
      case 'IDENT':
        this.next();
        e = { kind: 'ref', path: [t.text] };
        break;
      case 'STRING':
        this.next();
        e = this.stringLiteral(t);
        break;
      case 'NUMBER': case 'FLOAT': {
        this.next();
        const value = numberValue(t.text);
        e = formatNumber(value) === t.text ? { kind: 'number', value } : { kind: 'number', value, raw: t.text };
        break;
      }
      case 'BOOL':
        this.next();
        e = { kind: 'bool', value: t.text === 'true' };
        break;
      case 'NULL':
        this.next();
        e = { kind: 'null' };
        break;
      case '(': {
        this.next();
        const inner = this.parseExpression();
        this.expect(')');
        return this.mark({ kind: 'paren', inner }, t.start);
      }
      case '[': {
        this.next();
        const elements = this.kind() !== ']' ? this.parseList(']', 'expression') : [];
        const closeComments = this.slot();
        const close = this.expect(']');
        const array: ArrayExpr = { kind: 'array', elements };
        if (closeComments) array.closeComments = closeComments;
        this.setLayout(array, this.listLayout(t, close, elements.map((e) => [this.startLineOf(e), this.endLineOf(e)])));
        e = array;
        break;
      }
      case '{': {
        this.next();
        const keyLines: number[] = [];
        // Alloy checks for `]` here (not `}`); an empty field list comes out the same either way.
        const fields = this.kind() !== ']' ? this.parseList('}', 'field', keyLines) : [];
        const closeComments = this.slot();
        const close = this.expect('}');
        const object: ObjectExpr = { kind: 'object', fields };
        if (closeComments) object.closeComments = closeComments;
        // fmt measures an object's line breaks from key to key, not from the end of the previous value.
        this.setLayout(object, this.listLayout(t, close, keyLines.map((line) => [line, line])));
        e = object;
        break;
      }
      default:
        this.fail(t.start, `expected expression, got ${t.kind}`);
    }
    if (comments) (e as { comments?: NodeComment[] }).comments = comments;
    return this.mark(e, t.start);
  }

  private stringLiteral(t: Token): Expr {
    if (t.text[0] === '`') return { kind: 'string', value: unquoteRaw(t.text), raw: t.text };
    let value: string;
    try {
      value = unquote(t.text);
    } catch (error) {
      this.fail(t.start, (error as Error).message);
    }
    return quote(value) === t.text ? { kind: 'string', value } : { kind: 'string', value, raw: t.text };
  }

  /** ExpressionList or FieldList up to (not including) `until`; a trailing comma is allowed. */
  private parseList(until: TokenKind, what: 'expression', keyLines?: number[]): Expr[];
  private parseList(until: TokenKind, what: 'field', keyLines: number[]): ObjectField[];
  private parseList(until: TokenKind, what: 'expression' | 'field', keyLines?: number[]): (Expr | ObjectField)[] {
    const items: (Expr | ObjectField)[] = [];
    while (this.kind() !== until && this.kind() !== 'EOF') {
      items.push(what === 'field' ? this.parseField(keyLines!) : this.parseExpression());
      if (this.kind() === until) break;
      if (this.kind() !== ',') this.fail(this.tok.start, `missing ',' in ${what} list`);
      this.next();
    }
    return items;
  }

  /** Field = ( string | identifier ) "=" Expression. A quoted key is taken literally, as Alloy does. */
  private parseField(keyLines: number[]): ObjectField {
    const t = this.tok;
    if (t.kind !== 'STRING' && t.kind !== 'IDENT') this.fail(t.start, `expected field name (string or identifier), got ${t.kind}`);
    const quoted = t.kind === 'STRING';
    if (quoted && t.text.length <= 2) this.fail(t.start, 'an object key cannot be empty');
    const key = quoted ? t.text.slice(1, -1) : t.text;
    const problem = keyProblem(key);
    if (problem) this.fail(t.start, problem);
    keyLines.push(this.line(t.start));
    const comments = this.slot();
    this.next();
    this.expect('=');
    const value = this.parseExpression();
    const field: ObjectField = quoted && isIdentifier(key) ? { key, quoted: true, value } : { key, value };
    if (comments) field.comments = comments;
    this.place(field, t.start);
    return field;
  }

  /** Where the items of a list start on a new line, measured as Alloy's printer does. */
  private listLayout(open: Token, close: Token, items: [startLine: number, endLine: number][]): ListLayout {
    let previous = this.line(open.start);
    const breaks = items.map(([startLine, endLine]) => {
      const broken = startLine !== previous;
      previous = endLine;
      return broken;
    });
    return { breaks, closeOnNewLine: items.length > 0 && this.line(close.start) !== previous };
  }

  private setLayout(node: ArrayExpr | ObjectExpr | CallExpr | ApplyExpr, actual: ListLayout): void {
    const fallback = defaultListLayout(node);
    const same = actual.closeOnNewLine === fallback.closeOnNewLine && actual.breaks.every((b, i) => b === fallback.breaks[i]);
    if (!same) node.layout = actual;
  }
}

interface Body {
  body: Statement[];
  openComments?: NodeComment[];
  closingComments?: string[];
}

/** The comments on a block's `{` line (after the brace) and the ones after it. */
function openComments(comments: Comment[], openLine: number): [Comment[] | undefined, Comment[]] {
  let n = 0;
  while (n < comments.length && comments[n]!.startLine === openLine) n++;
  return n === 0 ? [undefined, comments] : [comments.slice(0, n), comments.slice(n)];
}

function layout(stmt: Statement): StatementLayout {
  return (stmt.layout ??= {});
}

/** Comment texts with '' for each blank line between them and after the last one (before `beforeLine`). */
function commentEntries(own: Comment[], afterLine: number, beforeLine: number | undefined): { entries: string[]; blankBefore: boolean } {
  const entries: string[] = [];
  let last = afterLine;
  let blankBefore = false;
  own.forEach((c, k) => {
    if (c.startLine - last > 1) {
      if (k === 0) blankBefore = true;
      else entries.push('');
    }
    entries.push(c.text);
    last = c.endLine;
  });
  if (own.length > 0 && beforeLine !== undefined && beforeLine - last > 1) entries.push('');
  return { entries, blankBefore };
}

/** A number token's value as Alloy reads it: integer text with a leading zero is octal (Go ParseInt base 0). */
function numberValue(text: string): number {
  if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
  return Number(text);
}

/** Go's %q, for quoting source text in messages. */
function goQuote(text: string): string {
  return quote(text);
}
