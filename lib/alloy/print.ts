// The canonical Alloy printer: byte-identical to `alloy fmt`. It reproduces how Alloy's own printer
// works rather than its visible rules: a walker emits tokens plus tab-writer control characters (`\v`
// before `=`, `\t` for indentation and before trailing comments, `\n` inside an alignment run, `\f` to
// end one), and an elastic-tabstop writer (Go's text/tabwriter with Alloy's settings) pads the cells.
// That way alignment quirks (runs, multi-line values, comments, one-line objects on adjacent lines)
// come out exactly as fmt prints them. Layout fields of the tree stand in for the source positions fmt reads.

import { TabWriter } from './tabwriter.ts';
import type { AlloyFile, ArrayExpr, BinaryOp, CallExpr, Expr, ListLayout, ObjectExpr, Statement } from './ast.ts';
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
export function defaultListLayout(node: ArrayExpr | ObjectExpr | CallExpr): ListLayout {
  const multi = defaultIsMultiline(node);
  return { breaks: new Array<boolean>(itemCount(node)).fill(multi), closeOnNewLine: multi };
}

function defaultIsMultiline(node: ArrayExpr | ObjectExpr | CallExpr): boolean {
  if (node.kind === 'object') return node.fields.length > 0;
  if (node.kind === 'call') return false;
  for (const e of node.elements) if (isMultiline(e) || containsObject(e)) return true;
  return false;
}

function itemCount(node: ArrayExpr | ObjectExpr | CallExpr): number {
  return node.kind === 'array' ? node.elements.length : node.kind === 'call' ? node.args.length : node.fields.length;
}

// Default layouts by item count, shared: the printer only reads them, and most generated lists have no layout.
const sharedLayouts = { multi: [] as ListLayout[], single: [] as ListLayout[] };

function layoutOf(node: ArrayExpr | ObjectExpr | CallExpr): ListLayout {
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
    case 'unary': return isMultiline(e.operand);
    case 'binary': return isMultiline(e.left) || isMultiline(e.right);
    case 'paren': return isMultiline(e.inner);
    case 'array': case 'object': case 'call': {
      const layout = layoutOf(e);
      if (itemCount(e) > 0 && (layout.closeOnNewLine || layout.breaks.includes(true))) return true;
      if (e.kind === 'array') return e.elements.some(isMultiline);
      if (e.kind === 'call') return e.args.some(isMultiline);
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

function emitExpr(o: Emitter, e: Expr): void {
  switch (e.kind) {
    case 'string':
      if (e.raw === undefined) o.token(quote(e.value));
      else o.rawToken(e.raw);
      return;
    case 'number':
      if (e.raw === undefined) o.token(formatNumber(e.value));
      else o.rawToken(e.raw);
      return;
    case 'bool':
      o.token(e.value ? 'true' : 'false');
      return;
    case 'null':
      o.token('null');
      return;
    case 'ref':
      o.token(identifierPath(e.path, 'reference'));
      return;
    case 'index':
      emitOperand(o, e.target, e.target.kind === 'binary' || e.target.kind === 'unary');
      o.token('[');
      emitExpr(o, e.index);
      o.token(']');
      return;
    case 'unary':
      o.token(e.op);
      emitOperand(o, e.operand, e.operand.kind === 'binary');
      return;
    case 'binary':
      emitOperand(o, e.left, needsParens(e.left, e.op, 'left'));
      o.space();
      o.token(e.op);
      o.space();
      emitOperand(o, e.right, needsParens(e.right, e.op, 'right'));
      return;
    case 'paren':
      emitOperand(o, e.inner, true);
      return;
    case 'array':
      emitList(o, '[', ']', e.elements, layoutOf(e), true);
      return;
    case 'call':
      o.token(identifierPath(e.fn, 'function name'));
      emitList(o, '(', ')', e.args, layoutOf(e), false);
      return;
    case 'object':
      emitObject(o, e);
      return;
  }
}

function emitOperand(o: Emitter, e: Expr, parens: boolean): void {
  if (parens) o.token('(');
  emitExpr(o, e);
  if (parens) o.token(')');
}

/** Arrays and call arguments; they differ only in where the indentation and separator spaces go. */
function emitList(o: Emitter, open: string, close: string, items: Expr[], layout: ListLayout, isArray: boolean): void {
  o.token(open);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const broken = layout.breaks[i]!;
    if (broken) {
      o.indent++;
      o.lineBreak(true);
    } else if (i > 0 && isArray) {
      o.space();
    }
    emitExpr(o, item);
    if (i + 1 < items.length) {
      o.token(',');
      if (!isArray) o.space();
    }
    if (broken) o.indent--;
  }
  if (items.length > 0 && layout.closeOnNewLine) {
    o.token(',');
    o.lineBreak(true);
  }
  o.token(close);
}

function emitObject(o: Emitter, e: ObjectExpr): void {
  const layout = layoutOf(e);
  o.token('{');
  o.indent++;
  // fmt measures an object's line breaks from key to key: a field after a multi-line value, and the
  // closing brace after one, count as starting a new line. Printing them so keeps the output a fixed point.
  let previousMultiline = false;
  for (let i = 0; i < e.fields.length; i++) {
    const field = e.fields[i]!;
    if (layout.breaks[i] || previousMultiline) o.lineBreak(i === 0 || previousMultiline);
    else if (i > 0) o.space();
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
  o.indent--;
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
  o.indent++;
  emitBody(o, s.body, s.closingComments, false);
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
 */
function emitBody(o: Emitter, body: Statement[], closing: readonly string[] | undefined, isFile: boolean): void {
  let previousMultiline = false;
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
    o.indent--;
    o.lineBreaks(false, run.blankAfter ? 2 : 1);
  } else if (last === undefined) {
    o.space();
    o.indent--;
  } else if (trailing !== undefined) {
    o.indent--;
    o.lineBreaks(previousMultiline, run.blankAfter ? 2 : 1);
  } else {
    o.lineBreak(previousMultiline);
    o.indent--;
  }
  o.token('}');
}

// ---- Output: Alloy's printer state on top of a tab writer ----

/** Mirrors Alloy's printer: indentation is written lazily, as `\t` cells, before the first byte of a line. */
class Emitter {
  private readonly tw = new TabWriter();
  /** Line ends written so far; used to tell single-line from multi-line nodes. */
  lineEnds = 0;
  isEmpty = true;

  constructor(public indent: number, private atLineStart = true) {}

  /** Pending indentation, before the first byte of a line. */
  private writeIndent(): void {
    if (this.atLineStart && this.indent > 0) this.tw.indent(this.indent);
  }

  // One method per whitespace or control character the walker writes (Go's writeByte): ' ', `\t`,
  // `\v` with the `= ` after it, and the line ends `\n` and `\f`.

  space(): void {
    this.writeIndent();
    this.tw.space();
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** `\t`: the cell before a trailing comment. */
  tab(): void {
    this.writeIndent();
    this.tw.endCell(true);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** `\v= `: the name before it is aligned with the names of the lines around. */
  assign(): void {
    this.writeIndent();
    this.tw.endCell(false);
    this.tw.writeWord('=');
    this.tw.space();
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** `\f` (ends every column block) when `flush`, else `\n`. */
  lineBreak(flush: boolean): void {
    this.writeIndent();
    this.tw.endLine(flush);
    this.lineEnds++;
    this.atLineStart = true;
    this.isEmpty = false;
  }

  /** `count` line ends; only the first can be preceded by indentation (as in Go's writeByte). */
  lineBreaks(flush: boolean, count: number): void {
    this.writeIndent();
    for (let i = 0; i < count; i++) this.tw.endLine(flush);
    this.lineEnds += count;
    this.atLineStart = true;
    this.isEmpty = false;
  }

  /** A token with no control characters in it (identifiers, punctuation, quoted strings); none ends with a space. */
  token(text: string): void {
    this.writeIndent();
    this.tw.writeWord(text);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** A comment: the tab writer keeps it whole. */
  comment(text: string): void {
    this.writeIndent();
    this.tw.writeEscaped(text);
    this.atLineStart = false;
    this.isEmpty = false;
  }

  /** A literal as written in the source (a raw string can hold tabs and line breaks, which act as controls). */
  rawToken(text: string): void {
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
