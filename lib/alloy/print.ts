// The canonical Alloy printer: byte-identical to `alloy fmt`. It reproduces how Alloy's own printer
// works rather than its visible rules: a walker emits tokens plus tab-writer control characters (`\v`
// before `=`, `\t` for indentation and before trailing comments, `\n` inside an alignment run, `\f` to
// end one), and an elastic-tabstop writer (Go's text/tabwriter with Alloy's settings) pads the cells.
// That way alignment quirks (runs, multi-line values, comments, one-line objects on adjacent lines)
// come out exactly as fmt prints them. Layout fields of the tree stand in for the source positions fmt reads.

import { TabWriter } from './tabwriter.ts';
import type { AlloyFile, ApplyExpr, ArrayExpr, BinaryOp, CallExpr, Comment, Expr, ListLayout, ObjectExpr, Statement } from './ast.ts';
import { isIdentifier } from './ident.ts';
import { keyProblem, quote } from './quote.ts';

/** Canonical text of a file, ending with exactly one newline (as `alloy fmt` writes it). */
export function print(file: AlloyFile): string {
  const out = new Emitter(0);
  emitBody(out, file.body, file.closingComments, true);
  return out.finish(true);
}

/**
 * Canonical text of one expression as it prints after `name = ` in a body `depth` tabs deep: later lines
 * are indented, the first is not. No final newline.
 */
export function printExpr(expr: Expr, depth = 0): string {
  const out = new Emitter(depth, false);
  emitExpr(out, expr);
  return out.finish();
}

// ---- Layout defaults (the parser records a layout only when the source differs from these) ----

/** Arrays: one line when every element fits on one line and none holds an object; else one per line. Objects: one per line. Calls: one line. */
export function defaultListLayout(node: ArrayExpr | ObjectExpr | CallExpr | ApplyExpr): ListLayout {
  const multi = defaultIsMultiline(node);
  return { breaks: new Array<boolean>(itemCount(node)).fill(multi), closeOnNewLine: multi };
}

function defaultIsMultiline(node: ArrayExpr | ObjectExpr | CallExpr | ApplyExpr): boolean {
  if (node.kind === 'object') return node.fields.length > 0;
  if (node.kind !== 'array') return false;
  for (const e of node.elements) if (isMultiline(e) || containsObject(e)) return true;
  return false;
}

function itemCount(node: ArrayExpr | ObjectExpr | CallExpr | ApplyExpr): number {
  return node.kind === 'array' ? node.elements.length : node.kind === 'object' ? node.fields.length : node.args.length;
}

// Default layouts by item count, shared: the printer only reads them, and most generated lists have no layout.
const sharedLayouts = { multi: [] as ListLayout[], single: [] as ListLayout[] };

function layoutOf(node: ArrayExpr | ObjectExpr | CallExpr | ApplyExpr): ListLayout {
  const count = itemCount(node);
  if (node.layout === undefined) {
    const multi = defaultIsMultiline(node);
    return (multi ? sharedLayouts.multi : sharedLayouts.single)[count] ??= defaultListLayout(node);
  }
  if (node.layout.breaks.length !== count) {
    throw new Error(`${node.kind} layout has ${node.layout.breaks.length} line breaks for ${count} elements`);
  }
  return node.layout;
}

/** Whether an expression prints across more than one line. */
export function isMultiline(e: Expr): boolean {
  switch (e.kind) {
    case 'string': return e.raw !== undefined && /[\n\f]/.test(e.raw);
    case 'index': return isMultiline(e.target) || isMultiline(e.index);
    case 'access': return isMultiline(e.target);
    case 'unary': return isMultiline(e.operand);
    case 'binary': return isMultiline(e.left) || isMultiline(e.right);
    case 'paren': return isMultiline(e.inner);
    case 'array': case 'object': case 'call': case 'apply': {
      const layout = layoutOf(e);
      if (itemCount(e) > 0 && (layout.closeOnNewLine || layout.breaks.includes(true))) return true;
      if (e.kind === 'array') return e.elements.some(isMultiline);
      if (e.kind === 'call') return e.args.some(isMultiline);
      if (e.kind === 'apply') return isMultiline(e.callee) || e.args.some(isMultiline);
      for (const f of e.fields) if (isMultiline(f.value)) return true;
      return false;
    }
    default: return false;
  }
}

function containsObject(e: Expr): boolean {
  switch (e.kind) {
    case 'object': return true;
    case 'array': return e.elements.some(containsObject);
    case 'call': return e.args.some(containsObject);
    case 'index': return containsObject(e.target) || containsObject(e.index);
    case 'access': return containsObject(e.target);
    case 'apply': return containsObject(e.callee) || e.args.some(containsObject);
    case 'unary': return containsObject(e.operand);
    case 'binary': return containsObject(e.left) || containsObject(e.right);
    case 'paren': return containsObject(e.inner);
    default: return false;
  }
}

// ---- Tokens ----

/** Canonical decimal text of a number literal; a negative value must be written as unary minus. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Alloy has no literal for the number ${value}`);
  if (value < 0) throw new Error(`number literal ${value} is negative; write it as unary minus applied to ${-value}`);
  return String(value);
}

function identifierPath(parts: readonly string[], what: string): string {
  const joined = parts.length === 1 ? parts[0]! : parts.join('.');
  // A path known valid with as many parts: its dots can only fall between parts, so the parts are the same.
  if (validPaths.get(joined) === parts.length) return joined;
  if (parts.length === 0 || !parts.every(identifier)) throw pathError(parts, what);
  remember(validPaths, joined, parts.length);
  return joined;
}

/** identifierPath for a name already joined, such as a block name. */
function dottedName(name: string, what: string): string {
  if (validNames.has(name)) return name;
  // The common case (ASCII parts, none a keyword) is checked without splitting the name.
  if (!asciiDottedName.test(name) || keywordPart.test(name)) identifierPath(name.split('.'), what);
  remember(validNames, name, true);
  return name;
}

// Names already checked: generated configurations repeat a few hundred names thousands of times.
// Bounded, since parsed user snippets can hold any number of names.
const validPaths = new Map<string, number>();
const validNames = new Map<string, true>();
const identifiers = new Map<string, true>();

/** isIdentifier, remembered. */
function identifier(name: string): boolean {
  if (identifiers.has(name)) return true;
  if (!isIdentifier(name)) return false;
  remember(identifiers, name, true);
  return true;
}

function remember<V>(known: Map<string, V>, name: string, value: V): void {
  if (known.size < 10000) known.set(name, value);
}

function pathError(parts: readonly string[], what: string): Error {
  return new Error(`${what} ${JSON.stringify(parts.join('.'))} must be identifiers joined by "."`);
}

const asciiDottedName = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
const keywordPart = /(?:^|\.)(?:true|false|null)(?:\.|$)/;

function checkComment(text: string): string {
  const ok = text.startsWith('//') ? !/[\n\r]/.test(text)
    : text.startsWith('/*') && text.length >= 4 && text.indexOf('*/', 2) === text.length - 2;
  if (!ok) throw new Error(`not a single Alloy comment: ${JSON.stringify(text)}`);
  return text;
}

const precedence: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3, '+': 4, '-': 4, '*': 5, '/': 5, '%': 5, '^': 6,
};

/** Parentheses the printer adds so the text parses back to the same tree (`^` is right-associative). */
function needsParens(child: Expr, parent: BinaryOp, side: 'left' | 'right'): boolean {
  if (child.kind !== 'binary') return false;
  const c = precedence[child.op];
  const p = precedence[parent];
  return c < p || (c === p && (p === 6 ? side === 'left' : side === 'right'));
}

// ---- Walker: tokens and tab-writer control characters, as Alloy's printer emits them ----

// A node's `comments` are written just before its first token (`o.comments`), as fmt writes them.
function emitExpr(o: Emitter, e: Expr): void {
  switch (e.kind) {
    case 'string':
      if (e.comments !== undefined) o.comments(e.comments);
      if (e.raw === undefined) o.token(quote(e.value));
      else o.rawToken(e.raw);
      return;
    case 'number':
      if (e.comments !== undefined) o.comments(e.comments);
      if (e.raw === undefined) o.token(formatNumber(e.value));
      else o.rawToken(e.raw);
      o.lastNumber = true;
      return;
    case 'bool':
      if (e.comments !== undefined) o.comments(e.comments);
      o.token(e.value ? 'true' : 'false');
      return;
    case 'null':
      if (e.comments !== undefined) o.comments(e.comments);
      o.token('null');
      return;
    case 'ref':
      if (e.comments !== undefined) o.comments(e.comments);
      o.token(identifierPath(e.path, 'reference'));
      return;
    case 'index':
      emitOperand(o, e.target, isOperator(e.target));
      if (e.comments !== undefined) o.comments(e.comments);
      o.token('[');
      emitExpr(o, e.index);
      if (e.closeComments !== undefined) o.comments(e.closeComments);
      o.token(']');
      return;
    case 'access':
      emitOperand(o, e.target, isOperator(e.target));
      // `1.x` would scan as the number `1.` and then `x` (fmt's mayCombine).
      if (o.lastNumber) o.space();
      o.token('.');
      if (!identifier(e.name)) throw pathError([e.name], 'field name');
      o.token(e.name);
      return;
    case 'unary':
      if (e.comments !== undefined) o.comments(e.comments);
      o.token(e.op);
      emitOperand(o, e.operand, e.operand.kind === 'binary');
      return;
    case 'binary':
      emitOperand(o, e.left, needsParens(e.left, e.op, 'left'));
      o.space();
      if (e.comments !== undefined) o.comments(e.comments);
      o.token(e.op);
      o.space();
      emitOperand(o, e.right, needsParens(e.right, e.op, 'right'));
      return;
    case 'paren':
      emitOperand(o, e.inner, true);
      return;
    case 'array':
      if (e.comments !== undefined) o.comments(e.comments);
      emitList(o, '[', ']', e.elements, layoutOf(e), true, e.closeComments);
      return;
    case 'call':
      if (e.comments !== undefined) o.comments(e.comments);
      o.token(identifierPath(e.fn, 'function name'));
      emitList(o, '(', ')', e.args, layoutOf(e), false, undefined);
      return;
    case 'apply':
      emitOperand(o, e.callee, isOperator(e.callee));
      emitList(o, '(', ')', e.args, layoutOf(e), false, undefined);
      return;
    case 'object':
      emitObject(o, e);
      return;
  }
}

const isOperator = (e: Expr) => e.kind === 'binary' || e.kind === 'unary';

function emitOperand(o: Emitter, e: Expr, parens: boolean): void {
  if (parens) o.token('(');
  emitExpr(o, e);
  if (parens) o.token(')');
}

/** Arrays and call arguments; they differ only in where the indentation and separator spaces go. */
function emitList(o: Emitter, open: string, close: string, items: Expr[], layout: ListLayout, isArray: boolean, closing: Comment[] | undefined): void {
  o.token(open);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const broken = layout.breaks[i]!;
    // fmt indents arrays before the line break and calls after it; it matters to comments in between.
    if (broken) {
      if (isArray) {
        o.indentIn();
        o.lineBreak(true);
      } else {
        o.lineBreak(true);
        o.indentIn();
      }
    } else if (i > 0 && isArray) {
      o.space();
    }
    emitExpr(o, item);
    if (i + 1 < items.length) {
      o.token(',');
      if (!isArray) o.space();
    }
    if (broken) o.indentOut();
  }
  if (items.length > 0 && layout.closeOnNewLine) {
    o.token(',');
    if (isArray) {
      o.indentIn();
      o.lineBreak(true);
      o.indentOut();
    } else {
      o.lineBreak(true);
    }
  }
  if (closing !== undefined) o.comments(closing);
  o.token(close);
}

function emitObject(o: Emitter, e: ObjectExpr): void {
  const layout = layoutOf(e);
  if (e.comments !== undefined) o.comments(e.comments);
  o.token('{');
  o.indentIn();
  // fmt measures an object's line breaks from key to key: a field after a multi-line value, and the
  // closing brace after one, count as starting a new line. Printing them so keeps the output a fixed point.
  let previousMultiline = false;
  for (let i = 0; i < e.fields.length; i++) {
    const field = e.fields[i]!;
    if (layout.breaks[i] || previousMultiline) o.lineBreak(i === 0 || previousMultiline);
    else if (i > 0) o.space();
    if (field.comments !== undefined) o.comments(field.comments);
    const key = field.key;
    if (!field.quoted && identifier(key)) {
      o.token(key); // an identifier is also a valid key
    } else {
      const problem = keyProblem(key);
      if (problem) throw new Error(problem);
      o.token(field.quoted || !isIdentifier(key) ? `"${key}"` : key);
    }
    o.assign();
    const before = o.lineEnds;
    emitExpr(o, field.value);
    previousMultiline = o.lineEnds > before;
    if (i + 1 < e.fields.length) o.token(',');
  }
  if (e.fields.length > 0 && (layout.closeOnNewLine || previousMultiline)) {
    o.token(',');
    o.lineBreak(true);
  }
  o.indentOut();
  if (e.closeComments !== undefined) o.comments(e.closeComments);
  o.token('}');
}

function emitStatement(o: Emitter, s: Statement): void {
  if (s.kind === 'attribute') {
    if (!identifier(s.name)) throw pathError([s.name], 'attribute name');
    o.token(s.name);
    o.assign();
    emitExpr(o, s.value);
    return;
  }
  const name = dottedName(s.name, 'block name');
  if (s.label === undefined) {
    o.token(`${name} {`);
  } else {
    if (!identifier(s.label)) throw new Error(`block label ${JSON.stringify(s.label)} of ${s.name} is not a valid Alloy identifier`);
    o.token(`${name} "${s.label}" {`);
  }
  o.indentIn();
  emitBody(o, s.body, s.closingComments, false, s.openComments);
}

interface CommentRun {
  comments: { text: string; blankBefore: boolean }[];
  /** A blank line after the last comment (or, with no comments, a lone '' entry). */
  blankAfter: boolean;
}

const noComments: CommentRun = { comments: [], blankAfter: false };

/** Comment lists hold comments verbatim; an empty string stands for a blank line. */
function commentRun(entries: readonly string[] | undefined): CommentRun {
  if (entries === undefined || entries.length === 0) return noComments; // most statements have none
  const run: CommentRun = { comments: [], blankAfter: false };
  for (const entry of entries) {
    if (entry === '') run.blankAfter = true;
    else {
      run.comments.push({ text: checkComment(entry), blankBefore: run.blankAfter });
      run.blankAfter = false;
    }
  }
  return run;
}

/** Own-line comments, each after `\f` line ends (two for a blank line); none before one that opens the file. */
function emitComments(o: Emitter, run: CommentRun, firstBlank: boolean, atFileStart: boolean): void {
  for (let k = 0; k < run.comments.length; k++) {
    const c = run.comments[k]!;
    if (!(k === 0 && atFileStart)) o.lineBreaks(true, (k === 0 ? firstBlank || c.blankBefore : c.blankBefore) ? 2 : 1);
    o.comment(c.text);
  }
}

/**
 * Statements of a file or block body, then the closing brace of a block. Between statements fmt writes
 * `\n` (or `\f` after a multi-line statement) plus a blank line before blocks and where the source had
 * one; once a comment sits in between, the line breaks follow the source instead (kept in the layout).
 * `open` are the comments on the block's `{` line.
 */
function emitBody(o: Emitter, body: Statement[], closing: readonly string[] | undefined, isFile: boolean, open?: Comment[]): void {
  let previousMultiline = false;
  const hasOpen = open !== undefined && open.length > 0;
  if (hasOpen) {
    const last = open[open.length - 1]!;
    // `{ /* c */ }`: an empty block whose comments leave `}` on the same line (spaces, no tabs).
    if (body.length === 0 && closing === undefined && linesAfter(last) === 0) {
      for (const c of open) {
        o.space();
        o.comment(checkComment(c.text));
      }
      o.space();
      o.indentOut();
      o.token('}');
      return;
    }
    for (let k = 0; k < open.length; k++) {
      const c = open[k]!;
      if (k > 0 && open[k - 1]!.text.startsWith('//')) throw new Error(`a line comment must end its line: ${JSON.stringify(open[k - 1]!.text)}`);
      o.tab();
      o.comment(checkComment(c.text));
    }
  }
  for (let i = 0; i < body.length; i++) {
    const s = body[i]!;
    const lead = commentRun(s.layout?.leadingComments);
    const isBlock = s.kind === 'block';
    const blank = s.layout?.blankLineBefore ?? (i > 0 && isBlock);
    const trailing = i > 0 ? body[i - 1]!.layout?.trailingComment : undefined;
    if (trailing !== undefined) {
      o.tab();
      o.comment(checkComment(trailing));
    }
    if (i === 0) {
      if (lead.comments.length > 0) {
        emitComments(o, lead, blank && !isFile, isFile);
        o.lineBreaks(false, lead.blankAfter ? 2 : 1);
      } else if (hasOpen) {
        o.lineBreaks(true, blank ? 2 : 1);
      } else if (!isFile) {
        o.lineBreak(true);
      }
    } else if (lead.comments.length > 0) {
      emitComments(o, lead, blank, false);
      o.lineBreaks(true, lead.blankAfter ? 2 : 1);
    } else if (trailing !== undefined) {
      o.lineBreaks(previousMultiline || isBlock || blank, blank ? 2 : 1);
    } else {
      o.lineBreak(previousMultiline);
      if (isBlock || blank) o.lineBreak(true);
    }
    const before = o.lineEnds;
    emitStatement(o, s);
    previousMultiline = o.lineEnds > before;
  }

  const last = body.at(-1);
  const trailing = last?.layout?.trailingComment;
  if (trailing !== undefined) {
    o.tab();
    o.comment(checkComment(trailing));
  }
  const run = commentRun(closing);
  const hasComments = run.comments.length > 0;
  if (isFile) {
    if (hasComments) emitComments(o, run, false, o.isEmpty);
    return;
  }
  if (hasComments) {
    emitComments(o, run, false, false);
    o.indentOut();
    o.lineBreaks(false, run.blankAfter ? 2 : 1);
  } else if (last === undefined) {
    if (hasOpen) {
      o.indentOut();
      o.lineBreaks(false, Math.max(1, linesAfter(open[open.length - 1]!)));
    } else {
      o.space();
      o.indentOut();
    }
  } else if (trailing !== undefined) {
    o.indentOut();
    o.lineBreaks(previousMultiline, run.blankAfter ? 2 : 1);
  } else {
    o.lineBreak(previousMultiline);
    o.indentOut();
  }
  o.token('}');
}

/** Line ends after a comment: one after a line comment unless given, none after a block comment. */
function linesAfter(c: Comment): number {
  return c.linesAfter ?? (c.text.charCodeAt(1) === 0x2f ? 1 : 0);
}

/** Whether the token after comment `i` of a list is on the comment's line (nothing in between ends a line). */
function sameLineAsNext(list: readonly Comment[], i: number): boolean {
  for (let k = i; k < list.length; k++) {
    const c = list[k]!;
    if ((k > i && (c.linesBefore ?? 0) > 0) || c.text.includes('\n')) return false;
  }
  return linesAfter(list[list.length - 1]!) === 0;
}

// ---- Output: Alloy's printer state on top of a tab writer ----

// Whitespace the walker asks for is held until the next token, as in Alloy's printer: comments written
// before that token drop or keep parts of it (see `comments`).
const IGNORE = 0;
const BLANK = 1;
const VTAB = 2;
const NEWLINE = 3;
const FORMFEED = 4;
const INDENT = 5;
const UNINDENT = 6;

/** Mirrors Alloy's printer: indentation is written lazily, as `\t` cells, before the first byte of a line. */
class Emitter {
  private readonly tw = new TabWriter();
  /** Line ends written or pending so far; used to tell single-line from multi-line nodes. */
  lineEnds = 0;
  isEmpty = true;
  /** The last token written is a number literal (a `.` after it needs a space). */
  lastNumber = false;
  /** Pending whitespace codes, written before the next token. */
  private readonly ws = new Uint8Array(64);
  private wsCount = 0;

  constructor(public indent: number, private atLineStart = true) {}

  /** Pending indentation, before the first byte of a line. */
  private writeIndent(): void {
    if (this.atLineStart && this.indent > 0) this.tw.indent(this.indent);
  }

  private push(code: number): void {
    if (this.wsCount === this.ws.length) this.flushWhitespace(this.wsCount);
    this.ws[this.wsCount++] = code;
  }

  /** Writes the first `n` pending whitespace codes and drops them. */
  private flushWhitespace(n: number): void {
    const ws = this.ws;
    for (let i = 0; i < n; i++) {
      switch (ws[i]) {
        case BLANK:
          this.writeIndent();
          this.tw.space();
          this.atLineStart = false;
          this.isEmpty = false;
          break;
        case VTAB:
          this.writeIndent();
          this.tw.endCell(false);
          this.atLineStart = false;
          this.isEmpty = false;
          break;
        case NEWLINE: case FORMFEED:
          this.writeIndent();
          this.tw.endLine(ws[i] === FORMFEED);
          this.atLineStart = true;
          this.isEmpty = false;
          break;
        case INDENT: this.indent++; break;
        case UNINDENT: this.indent--; break;
      }
    }
    const rest = this.wsCount - n;
    if (rest > 0) ws.copyWithin(0, n, this.wsCount);
    this.wsCount = rest;
  }

  /** Before anything is written directly: the pending whitespace, in order. */
  private settle(): void {
    if (this.wsCount !== 0) this.flushWhitespace(this.wsCount);
    this.lastNumber = false;
  }

  // What the walker writes between tokens (Go's whitespace values): ' ', `\v` with the `= ` after it,
  // the line ends `\n` and `\f`, and indentation steps. All wait for the next token.

  space(): void {
    this.push(BLANK);
  }

  /** `\v= `: the name before it is aligned with the names of the lines around. */
  assign(): void {
    this.push(VTAB);
    this.token('=');
    this.push(BLANK);
  }

  /** `\f` (ends every column block) when `flush`, else `\n`. */
  lineBreak(flush: boolean): void {
    this.push(flush ? FORMFEED : NEWLINE);
    this.lineEnds++;
  }

  indentIn(): void {
    this.push(INDENT);
  }

  indentOut(): void {
    this.push(UNINDENT);
  }

  // Written at once, after the pending whitespace (Go's writeByte and writeString).

  /** `\t`: the cell before a trailing comment. */
  tab(): void {
    this.settle();
    this.writeIndent();
    this.tw.endCell(true);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** `count` line ends; only the first can be preceded by indentation (as in Go's writeByte). */
  lineBreaks(flush: boolean, count: number): void {
    this.settle();
    this.writeLineEnds(flush, count);
  }

  private writeLineEnds(flush: boolean, count: number): void {
    this.writeIndent();
    for (let i = 0; i < count; i++) this.tw.endLine(flush);
    this.lineEnds += count;
    this.atLineStart = true;
    this.isEmpty = false;
  }

  /** A token with no control characters in it (identifiers, punctuation, quoted strings); none ends with a space. */
  token(text: string): void {
    if (this.wsCount !== 0) this.flushWhitespace(this.wsCount);
    this.lastNumber = false;
    this.writeIndent();
    this.tw.writeWord(text);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** A comment: the tab writer keeps it whole. */
  comment(text: string): void {
    this.settle();
    this.writeIndent();
    this.tw.writeEscaped(text);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** One byte of whitespace written at once, ahead of the pending whitespace (Go's writeByte). */
  private writeSeparator(tab: boolean): void {
    this.writeIndent();
    if (tab) this.tw.endCell(true);
    else this.tw.space();
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /**
   * Comments before the next token, the way Alloy's printer injects them: one on the line of what precedes
   * it follows a tab (a space when the token follows on the same line too) and leaves the pending whitespace
   * alone; the first one on a line of its own drops the pending whitespace up to its first line end (keeping
   * indentation steps) and follows `\f` line ends. After the last, the rest of the pending whitespace is
   * dropped but for indentation steps, and the comment's own line ends are written (`\f` if a `\f` was dropped).
   */
  comments(list: readonly Comment[]): void {
    const n = list.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const c = list[i]!;
      const text = checkComment(c.text);
      if (i > 0 && list[i - 1]!.text.charCodeAt(1) === 0x2f && (c.linesBefore ?? 0) === 0) {
        throw new Error(`a line comment must end its line: ${JSON.stringify(list[i - 1]!.text)}`);
      }
      const before = c.linesBefore ?? 0;
      if (this.isEmpty) {
        // The first thing written: nothing before it.
      } else if (before === 0) {
        this.writeSeparator(!sameLineAsNext(list, i));
      } else {
        const ws = this.ws;
        let count = 0;
        for (let k = 0; k < this.wsCount; k++) {
          const code = ws[k];
          if (code === INDENT || code === UNINDENT) continue;
          if (code !== IGNORE) ws[k] = IGNORE;
          count = k;
          break;
        }
        this.flushWhitespace(count);
        this.writeLineEnds(true, before);
      }
      this.writeIndent();
      this.tw.writeEscaped(text);
      this.atLineStart = false;
      this.isEmpty = false;
      for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.lineEnds++;
    }
    const last = list[n - 1]!;
    const after = linesAfter(last);
    if (last.text.charCodeAt(1) === 0x2f && after === 0) throw new Error(`a line comment must end its line: ${JSON.stringify(last.text)}`);
    if (last.text.charCodeAt(1) === 0x2a && after === 0) this.writeSeparator(false);
    let droppedFormfeed = false;
    const ws = this.ws;
    for (let k = 0; k < this.wsCount; k++) {
      const code = ws[k];
      if (code === INDENT || code === UNINDENT) continue;
      if (code === FORMFEED) droppedFormfeed = true;
      ws[k] = IGNORE;
    }
    this.flushWhitespace(this.wsCount);
    if (after > 0) this.writeLineEnds(droppedFormfeed, after);
  }

  /** A literal as written in the source (a raw string can hold tabs and line breaks, which act as controls). */
  rawToken(text: string): void {
    this.settle();
    this.writeIndent();
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 9 || ch === 11 || ch === 10 || ch === 12) {
        this.tw.write(text.slice(from, i));
        if (ch === 9 || ch === 11) this.tw.endCell(ch === 9);
        else {
          this.tw.endLine(ch === 12);
          this.lineEnds++;
        }
        from = i + 1;
      }
    }
    this.tw.write(text.slice(from));
    this.atLineStart = false;
    this.isEmpty = false;
  }

  finish(finalNewline = false): string {
    return this.tw.finish(finalNewline);
  }
}
