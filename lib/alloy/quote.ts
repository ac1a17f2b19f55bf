// Alloy string literals and quoted object keys, both directions.
// Quoting follows alloy.md: `\\ \" \n \r \t`, other C0 controls and DEL as `\xHH`, other non-printable
// characters as `\uHHHH` (`\UHHHHHHHH` above the BMP), printable Unicode verbatim, never `\'`.

// Go's strconv.IsPrint: categories L, M, N, P, S and the ASCII space. Alloy's printer uses it (through %q)
// for labels and quoted keys, so it decides which keys survive `alloy fmt` unchanged.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const plainAscii = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

export function isPrintable(codePoint: number): boolean {
  return printable.test(String.fromCodePoint(codePoint));
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Canonical double-quoted literal for `value`. Refuses lone surrogates: Alloy source must be valid UTF-8. */
export function quote(value: string): string {
  if (plainAscii.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      throw new Error(`string ${JSON.stringify(value)} contains a lone surrogate (U+${hex(cp, 4).toUpperCase()}); Alloy source must be valid UTF-8`);
    }
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (isPrintable(cp)) out += ch;
    else out += cp > 0xffff ? `\\U${hex(cp, 8)}` : `\\u${hex(cp, 4)}`;
  }
  return out + '"';
}

const simpleEscapes: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // ignoreBOM: keep a leading U+FEFF

/**
 * The value of a double-quoted literal whose escapes the scanner already checked (Go strconv.Unquote).
 * `\xHH` and `\NNN` are bytes, so the result is decoded as UTF-8; invalid UTF-8 throws.
 */
export function unquote(literal: string): string {
  const body = literal.slice(1, -1);
  if (!body.includes('\\')) return body;
  const bytes: number[] = [];
  const pushText = (text: string) => { for (const b of utf8.encode(text)) bytes.push(b); };
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf('\\', i);
    if (slash < 0) { pushText(body.slice(i)); break; }
    pushText(body.slice(i, slash));
    const c = body[slash + 1]!;
    if (c in simpleEscapes) { bytes.push(simpleEscapes[c]!); i = slash + 2; continue; }
    if (c >= '0' && c <= '7') { bytes.push(parseInt(body.slice(slash + 1, slash + 4), 8)); i = slash + 4; continue; }
    const digits = c === 'x' ? 2 : c === 'u' ? 4 : 8;
    const n = parseInt(body.slice(slash + 2, slash + 2 + digits), 16);
    if (c === 'x') bytes.push(n);
    else pushText(String.fromCodePoint(n));
    i = slash + 2 + digits;
  }
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    throw new Error('string escapes (\\x or octal) produce invalid UTF-8');
  }
}

/** The value of a backtick raw string: no escapes; carriage returns are dropped (Go's rule). */
export function unquoteRaw(literal: string): string {
  return literal.slice(1, -1).replace(/\r/g, '');
}

/**
 * Why an object key cannot be written, or undefined when it can. Alloy takes a quoted key literally
 * (no unescaping) and `alloy fmt` re-quotes it with Go %q, so a key with `"`, `\` or a character %q
 * escapes would change meaning; an empty key cannot be written at all.
 */
export function keyProblem(key: string): string | undefined {
  if (key === '') return 'an object key cannot be empty';
  if (plainAscii.test(key)) return undefined; // printable ASCII other than `"` and `\`
  for (const ch of key) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') return `object key ${JSON.stringify(key)} contains ${ch === '"' ? 'a double quote' : 'a backslash'}, which Alloy cannot represent in a key`;
    if (!isPrintable(cp)) return `object key ${JSON.stringify(key)} contains the non-printable character U+${hex(cp, 4).toUpperCase()}, which Alloy cannot represent in a key`;
  }
  return undefined;
}
