// The Alloy tokenizer, a port of grafana/alloy syntax/scanner: same tokens, same automatic statement
// terminators (Go-style), same error messages at the same positions. Offsets are JS string indices;
// positions are reported the way Alloy reports them (1-based line, column in UTF-8 bytes).

import { isPrintable } from './quote.ts';

export type TokenKind =
  | 'ILLEGAL' | 'EOF' | 'COMMENT' | 'IDENT' | 'NUMBER' | 'FLOAT' | 'STRING' | 'BOOL' | 'NULL' | 'TERMINATOR'
  | '||' | '&&' | '!' | '=' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^'
  | '{' | '}' | '(' | ')' | '[' | ']' | ',' | '.';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (a TERMINATOR has '\n'). */
  text: string;
  /** Start offset, and the offset just after the token. */
  start: number;
  end: number;
}

export class AlloySyntaxError extends Error {
  constructor(readonly file: string, readonly line: number, readonly column: number, readonly reason: string) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'AlloySyntaxError';
  }
}

const utf8 = new TextEncoder();

/** Line lookups for one source text. */
export class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string, readonly fileName: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** 1-based line of an offset. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid;
    }
    return lo + 1;
  }

  /** 1-based column of an offset on its (1-based) line, in characters (code points). */
  column(line: number, offset: number): number {
    const start = this.lineStarts[line - 1]!;
    let column = offset - start + 1;
    const text = this.text;
    for (let i = start; i < offset; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) column--;
    }
    return column;
  }

  error(offset: number, reason: string): AlloySyntaxError {
    const line = this.line(offset);
    const column = utf8.encode(this.text.slice(this.lineStarts[line - 1], offset)).length + 1;
    return new AlloySyntaxError(this.fileName, line, column, reason);
  }
}

const EOF = -1;
const BOM = 0xfeff;
const letter = /^\p{L}$/u;
const decimalDigit = /^\p{Nd}$/u;

const isDecimal = (ch: number) => ch >= 0x30 && ch <= 0x39;
const isLetter = (ch: number) =>
  (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x41 && ch <= 0x5a) || ch === 0x5f || (ch >= 0x80 && letter.test(String.fromCodePoint(ch)));
const isDigit = (ch: number) => isDecimal(ch) || (ch >= 0x80 && decimalDigit.test(String.fromCodePoint(ch)));
const lower = (ch: number) => ch | 0x20;

function digitVal(ch: number): number {
  if (isDecimal(ch)) return ch - 0x30;
  if (lower(ch) >= 0x61 && lower(ch) <= 0x66) return lower(ch) - 0x61 + 10;
  return 16;
}

/** Go's %#U: `U+0023 '#'` (the character only when printable). */
export function describeChar(ch: number): string {
  const code = `U+${ch.toString(16).toUpperCase().padStart(4, '0')}`;
  return isPrintable(ch) ? `${code} '${String.fromCodePoint(ch)}'` : code;
}

const operators: Record<string, TokenKind> = {
  '+': '+', '-': '-', '*': '*', '%': '%', '^': '^', '{': '{', '}': '}', '(': '(', ')': ')', '[': '[', ']': ']', ',': ',', '.': '.',
};
/** Tokens after which a newline ends the statement. */
const terminates = new Set<TokenKind>(['IDENT', 'BOOL', 'NULL', 'NUMBER', 'FLOAT', 'STRING', '}', ')', ']']);

export class Scanner {
  private ch = 0;
  private offset = 0;
  private readOffset = 0;
  private insertTerm = false;

  constructor(private readonly src: SourceText) {
    this.next();
    if (this.ch === BOM) this.next();
  }

  private fail(offset: number, reason: string): never {
    throw this.src.error(offset, reason);
  }

  private next(): void {
    const text = this.src.text;
    if (this.readOffset >= text.length) {
      this.offset = text.length;
      this.ch = EOF;
      return;
    }
    this.offset = this.readOffset;
    const ch = text.codePointAt(this.readOffset)!;
    if (ch === 0) this.fail(this.offset, 'illegal character NUL');
    if (ch >= 0xd800 && ch <= 0xdfff) this.fail(this.offset, 'illegal UTF-8 encoding');
    if (ch === BOM && this.offset > 0) this.fail(this.offset, 'illegal byte order mark');
    this.readOffset += ch > 0xffff ? 2 : 1;
    this.ch = ch;
  }

  private peek(): number {
    return this.readOffset < this.src.text.length ? this.src.text.charCodeAt(this.readOffset) : 0;
  }

  private skipWhitespace(): void {
    while (this.ch === 0x20 || this.ch === 0x09 || this.ch === 0x0d || (this.ch === 0x0a && !this.insertTerm)) this.next();
  }

  scan(): Token {
    this.skipWhitespace();
    const start = this.offset;
    const ch = this.ch;
    let kind: TokenKind;
    if (isLetter(ch)) {
      while (isLetter(this.ch) || isDigit(this.ch)) this.next();
      const word = this.src.text.slice(start, this.offset);
      kind = word === 'true' || word === 'false' ? 'BOOL' : word === 'null' ? 'NULL' : 'IDENT';
    } else if (isDecimal(ch) || (ch === 0x2e && isDecimal(this.peek()))) {
      kind = this.scanNumber(start);
    } else {
      this.next();
      switch (ch) {
        case EOF:
          if (this.insertTerm) {
            this.insertTerm = false;
            return { kind: 'TERMINATOR', text: '\n', start, end: start };
          }
          return { kind: 'EOF', text: '', start, end: start };
        case 0x0a: // only reached when a terminator is due
          this.insertTerm = false;
          return { kind: 'TERMINATOR', text: '\n', start, end: start + 1 };
        case 0x27: // '
          this.fail(start, 'illegal single-quoted string; use double quotes');
        case 0x22: // "
          this.scanString(start, 0x22, true, false);
          kind = 'STRING';
          break;
        case 0x60: // `
          this.scanString(start, 0x60, false, true);
          kind = 'STRING';
          break;
        case 0x7c: // |
          if (this.ch !== 0x7c) this.fail(this.offset, 'missing second | in ||');
          this.next();
          kind = '||';
          break;
        case 0x26: // &
          if (this.ch !== 0x26) this.fail(this.offset, 'missing second & in &&');
          this.next();
          kind = '&&';
          break;
        case 0x21: kind = this.switch2('!', '!='); break;
        case 0x3d: kind = this.switch2('=', '=='); break;
        case 0x3c: kind = this.switch2('<', '<='); break;
        case 0x3e: kind = this.switch2('>', '>='); break;
        case 0x2f: // /
          if (this.ch === 0x2f || this.ch === 0x2a) {
            // A comment running to the end of the line ends the statement before it, as in Go.
            if (this.insertTerm && this.commentReachesLineEnd(start)) {
              // Rewind so the comment itself is scanned next.
              this.ch = 0x2f;
              this.offset = start;
              this.readOffset = start + 1;
              this.insertTerm = false;
              return { kind: 'TERMINATOR', text: '\n', start, end: start };
            }
            const text = this.scanComment(start);
            this.insertTerm = false;
            return { kind: 'COMMENT', text, start, end: this.offset };
          }
          kind = '/';
          break;
        default: {
          const op = ch >= 0 ? operators[String.fromCodePoint(ch)] : undefined;
          if (!op) this.fail(start, `illegal character ${describeChar(ch)}`);
          kind = op;
        }
      }
    }
    this.insertTerm = terminates.has(kind);
    return { kind, text: this.src.text.slice(start, this.offset), start, end: this.offset };
  }

  private switch2(single: TokenKind, double: TokenKind): TokenKind {
    if (this.ch !== 0x3d) return single;
    this.next();
    return double;
  }

  private digits(): number {
    let n = 0;
    while (isDecimal(this.ch)) { this.next(); n++; }
    return n;
  }

  private scanNumber(start: number): TokenKind {
    let kind: TokenKind = 'NUMBER';
    if (this.ch !== 0x2e) this.digits();
    if (this.ch === 0x2e) { kind = 'FLOAT'; this.next(); this.digits(); }
    if (lower(this.ch) === 0x65) {
      kind = 'FLOAT';
      this.next();
      if (this.ch === 0x2b || this.ch === 0x2d) this.next();
      if (this.digits() === 0) this.fail(start, 'exponent has no digits');
    }
    return kind;
  }

  private scanString(start: number, until: number, escapes: boolean, multiline: boolean): void {
    for (;;) {
      const ch = this.ch;
      if ((!multiline && ch === 0x0a) || ch === EOF) this.fail(start, 'string literal not terminated');
      this.next();
      if (ch === until) return;
      if (escapes && ch === 0x5c) this.scanEscape();
    }
  }

  private scanEscape(): void {
    const start = this.offset;
    let n: number;
    let base: number;
    let max: number;
    switch (this.ch) {
      case 0x61: case 0x62: case 0x66: case 0x6e: case 0x72: case 0x74: case 0x76: case 0x5c: case 0x22: // a b f n r t v \ "
        this.next();
        return;
      case 0x78: this.next(); [n, base, max] = [2, 16, 255]; break; // x
      case 0x75: this.next(); [n, base, max] = [4, 16, 0x10ffff]; break; // u
      case 0x55: this.next(); [n, base, max] = [8, 16, 0x10ffff]; break; // U
      default:
        if (this.ch >= 0x30 && this.ch <= 0x37) { [n, base, max] = [3, 8, 255]; break; }
        this.fail(start, this.ch === EOF ? 'escape sequence not terminated' : 'unknown escape sequence');
    }
    let x = 0;
    for (; n > 0; n--) {
      const d = digitVal(this.ch);
      if (d >= base) {
        this.fail(start, this.ch === EOF ? 'escape sequence not terminated' : `illegal character ${describeChar(this.ch)} in escape sequence`);
      }
      x = x * base + d;
      this.next();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) this.fail(start, 'escape sequence is invalid Unicode code point');
  }

  /** Whether the comment(s) starting at `start` run to a newline or EOF with nothing else on the line. */
  private commentReachesLineEnd(start: number): boolean {
    const text = this.src.text;
    let i = start;
    while (text.startsWith('/', i)) {
      if (text[i + 1] === '/') return true;
      if (text[i + 1] !== '*') return false;
      const close = text.indexOf('*/', i + 2);
      const newline = text.indexOf('\n', i + 2);
      if (newline >= 0 && (close < 0 || newline < close)) return true;
      if (close < 0) return true; // unterminated: runs to EOF
      i = close + 2;
      while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
      if (i >= text.length || text[i] === '\n') return true;
    }
    return false;
  }

  private scanComment(start: number): string {
    const block = this.ch === 0x2a;
    this.next();
    if (!block) {
      while (this.ch !== 0x0a && this.ch !== EOF) this.next();
    } else {
      for (;;) {
        if (this.ch === EOF) this.fail(start, 'block comment not terminated');
        const ch = this.ch;
        this.next();
        if (ch === 0x2a && this.ch === 0x2f) { this.next(); break; }
      }
    }
    return stripCR(this.src.text.slice(start, this.offset), block);
  }
}

/** Comment text without carriage returns, except one that keeps `*` and `/` apart (Go's stripCR). */
function stripCR(text: string, block: boolean): string {
  if (!text.includes('\r')) return text;
  let out = '';
  for (let j = 0; j < text.length; j++) {
    const ch = text[j];
    if (ch !== '\r' || (block && out.length > 2 && out.endsWith('*') && text[j + 1] === '/')) out += ch;
  }
  return out;
}
