// A Go tokenizer, just enough for reading declarations: identifiers, numbers, interpreted and raw string
// literals, rune literals, comments (dropped) and operators, with Go's automatic semicolons inserted
// (a line ending after an identifier, literal, `)`, `]`, `}` ... ends a statement), so struct fields and
// declarations end where Go says they do.

export type GoTokenKind = 'ident' | 'number' | 'string' | 'rune' | 'op';

export interface GoToken {
  kind: GoTokenKind;
  /** Source text; for a string, the literal as written (quotes included). */
  text: string;
  /** 1-based line of the token's first character, for error messages. */
  line: number;
}

// A newline after one of these ends the statement (the Go spec's semicolon rule).
const ENDS_STATEMENT = new Set(['break', 'continue', 'fallthrough', 'return', '++', '--', ')', ']', '}']);
const endsStatement = (t: GoToken | undefined) =>
  t !== undefined && (t.kind !== 'op' || ENDS_STATEMENT.has(t.text)) && !(t.kind === 'ident' && isKeyword(t.text) && !ENDS_STATEMENT.has(t.text));
const KEYWORDS = new Set(['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var']);
const isKeyword = (s: string) => KEYWORDS.has(s);

// Longest first, so `<<=` wins over `<<` and `<`.
const OPERATORS = [
  '<<=', '>>=', '&^=', '...', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':=', '+=', '-=', '*=', '/=',
  '%=', '&=', '|=', '^=', '<<', '>>', '&^', '~',
  '+', '-', '*', '/', '%', '&', '|', '^', '<', '>', '=', '!', '(', ')', '[', ']', '{', '}', ',', ';', '.', ':',
];

const asciiLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentStart = (c: string) => asciiLetter(c) || (c > '\x7f' && /\p{L}/u.test(c));
const isIdentPart = (c: string) => asciiLetter(c) || (c >= '0' && c <= '9') || (c > '\x7f' && /[\p{L}\p{Nd}]/u.test(c));
const isDigit = (c: string) => c >= '0' && c <= '9';

export class GoSyntaxError extends Error {
  constructor(readonly file: string, readonly line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'GoSyntaxError';
  }
}

/** Tokens of a Go source file, comments dropped. */
export function tokenizeGo(text: string, file: string): GoToken[] {
  const tokens: GoToken[] = [];
  let i = 0;
  let line = 1;
  const fail = (reason: string): never => {
    throw new GoSyntaxError(file, line, reason);
  };
  // Advances over text[from, to), counting newlines; a comment spanning lines acts like one newline.
  const take = (from: number, to: number, asNewline: boolean) => {
    let lines = 0;
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) lines++;
    if (lines && asNewline) newline();
    line += lines - (lines && asNewline ? 1 : 0);
    i = to;
  };
  function newline() {
    if (endsStatement(tokens.at(-1))) tokens.push({ kind: 'op', text: ';', line });
    line++;
  }
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline();
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\ufeff') {
      i++;
      continue;
    }
    const startLine = line;
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail('comment not terminated');
      take(i, end + 2, true);
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) fail('raw string literal not terminated');
      const lit = text.slice(i, end + 1);
      take(i, end + 1, false);
      tokens.push({ kind: 'string', text: lit, line: startLine });
      continue;
    }
    if (c === '"' || c === "'") {
      let k = i + 1;
      while (k < text.length && text[k] !== c) {
        if (text[k] === '\n') fail(`${c === '"' ? 'string' : 'rune'} literal not terminated`);
        k += text[k] === '\\' ? 2 : 1;
      }
      if (k >= text.length) fail('literal not terminated');
      tokens.push({ kind: c === '"' ? 'string' : 'rune', text: text.slice(i, k + 1), line: startLine });
      i = k + 1;
      continue;
    }
    if (isIdentStart(c)) {
      let k = i + 1;
      while (k < text.length && isIdentPart(text[k]!)) k++;
      tokens.push({ kind: 'ident', text: text.slice(i, k), line: startLine });
      i = k;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      // Digits, letters (hex, exponents, suffix i), underscores, dots, and a sign right after an exponent.
      let k = i + 1;
      while (k < text.length) {
        const d = text[k]!;
        if (/[0-9a-zA-Z_.]/.test(d)) k++;
        else if ((d === '+' || d === '-') && /[eEpP]/.test(text[k - 1]!) && !/^0[xX][0-9a-fA-F]*$/.test(text.slice(i, k - 1))) k++;
        else break;
      }
      tokens.push({ kind: 'number', text: text.slice(i, k), line: startLine });
      i = k;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) fail(`unexpected character ${JSON.stringify(c)}`);
    tokens.push({ kind: 'op', text: op!, line: startLine });
    i += op!.length;
  }
  if (endsStatement(tokens.at(-1))) tokens.push({ kind: 'op', text: ';', line });
  return tokens;
}

/** The value of a Go string literal (interpreted or raw). */
export function goStringValue(literal: string): string {
  if (literal.startsWith('`')) return literal.slice(1, -1).replaceAll('\r', '');
  const body = literal.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i]!;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (e >= '0' && e <= '7') {
      out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Error(`unknown escape \\${e} in ${literal}`);
  }
  return out;
}
