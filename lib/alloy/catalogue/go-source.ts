// Reads the top-level declarations of one Go file from its tokens: the package clause, imports (with
// aliases), type declarations (structs with their fields and tags, definitions, aliases, generics),
// method names per receiver type, and constant expressions. Function bodies and initialisers are skipped
// by bracket matching; compositeLiterals() finds keyed literals such as `component.Registration{...}`.

import { GoSyntaxError, goStringValue, tokenizeGo, type GoToken } from './go-tokens.ts';

export type GoType =
  | { kind: 'name'; pkg?: string; name: string; args?: GoType[] }
  | { kind: 'pointer'; elem: GoType }
  | { kind: 'slice'; elem: GoType }
  | { kind: 'array'; elem: GoType }
  | { kind: 'map'; key: GoType; value: GoType }
  | { kind: 'struct'; fields: GoField[] }
  | { kind: 'interface'; empty: boolean }
  | { kind: 'func' }
  | { kind: 'chan'; elem: GoType };

export interface GoField {
  /** Empty for an embedded field. */
  names: string[];
  type: GoType;
  /** The tag's value (the string literal decoded), if any. */
  tag?: string;
  line: number;
}

export interface GoTypeDecl {
  name: string;
  typeParams: string[];
  /** `type A = B`. */
  alias: boolean;
  type: GoType;
  line: number;
}

export interface GoImport {
  /** Explicit alias (`_`, `.` or a name); absent when the package's own name is used. */
  alias?: string;
  path: string;
}

export interface GoFile {
  file: string;
  package: string;
  imports: GoImport[];
  types: Map<string, GoTypeDecl>;
  /** Receiver base type name -> method names. */
  methods: Map<string, Set<string>>;
  /** Constant (and var) name -> the tokens of its initialiser. */
  values: Map<string, GoToken[]>;
  tokens: GoToken[];
}

export interface CompositeLiteral {
  line: number;
  /** Key -> the tokens of its value. */
  fields: Map<string, GoToken[]>;
}

/** Build constraints that exclude a file from every build (`//go:build ignore`). */
export function isIgnoredBuild(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || (t.startsWith('//') && !t.startsWith('//go:build'))) continue;
    if (t.startsWith('//go:build')) return /^\/\/go:build\s+ignore\b/.test(t);
    return false;
  }
  return false;
}

class Reader {
  i = 0;
  constructor(readonly toks: GoToken[], readonly file: string) {}

  peek(k = 0): GoToken | undefined {
    return this.toks[this.i + k];
  }
  is(text: string, k = 0): boolean {
    const t = this.peek(k);
    return t !== undefined && t.text === text && (t.kind === 'op' || t.kind === 'ident');
  }
  next(): GoToken {
    const t = this.toks[this.i++];
    if (!t) this.fail('unexpected end of file');
    return t!;
  }
  expect(text: string): GoToken {
    const t = this.next();
    if (t.text !== text) this.fail(`expected ${text}, found ${t.text}`, t);
    return t;
  }
  ident(): string {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(`expected a name, found ${t.text}`, t);
    return t.text;
  }
  fail(reason: string, at = this.peek() ?? this.toks.at(-1)): never {
    throw new GoSyntaxError(this.file, at?.line ?? 0, reason);
  }
  skipSemis() {
    while (this.is(';')) this.i++;
  }
  /** Skips a bracketed group starting at the current opening bracket. */
  skipGroup() {
    const open = this.next().text;
    const close = ({ '(': ')', '[': ']', '{': '}' } as Record<string, string>)[open];
    if (!close) this.fail(`expected a bracket, found ${open}`);
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
    }
  }
  /** Tokens up to (not including) a `;`, `,` or closing bracket at depth 0. */
  expression(stops: readonly string[] = [';']): GoToken[] {
    const start = this.i;
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.kind === 'op') {
        if (depth === 0 && (stops.includes(t.text) || t.text === ')' || t.text === ']' || t.text === '}')) break;
        if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
        else if (t.text === ')' || t.text === ']' || t.text === '}') depth--;
      }
      this.i++;
    }
    return this.toks.slice(start, this.i);
  }

  /** Can the current token start a type? */
  startsType(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.kind === 'ident') return !['break', 'case', 'const', 'continue', 'default', 'defer', 'else', 'for', 'go', 'goto', 'if', 'import', 'package', 'range', 'return', 'select', 'switch', 'type', 'var'].includes(t.text);
    return t.kind === 'op' && ['*', '[', '(', '<-'].includes(t.text);
  }

  type(): GoType {
    const t = this.next();
    if (t.kind === 'op') {
      switch (t.text) {
        case '*':
          return { kind: 'pointer', elem: this.type() };
        case '(': {
          const inner = this.type();
          this.expect(')');
          return inner;
        }
        case '[':
          if (this.is(']')) {
            this.i++;
            return { kind: 'slice', elem: this.type() };
          }
          this.expression([']']);
          this.expect(']');
          return { kind: 'array', elem: this.type() };
        case '<-':
          this.expect('chan');
          return { kind: 'chan', elem: this.type() };
      }
      this.fail(`expected a type, found ${t.text}`, t);
    }
    if (t.kind !== 'ident') this.fail(`expected a type, found ${t.text}`, t);
    switch (t.text) {
      case 'map': {
        this.expect('[');
        const key = this.type();
        this.expect(']');
        return { kind: 'map', key, value: this.type() };
      }
      case 'chan':
        if (this.is('<-')) this.i++;
        return { kind: 'chan', elem: this.type() };
      case 'func':
        this.signature();
        return { kind: 'func' };
      case 'struct':
        return { kind: 'struct', fields: this.structFields() };
      case 'interface': {
        const empty = this.is('}', 1);
        if (!this.is('{')) this.fail('expected { after interface');
        this.skipGroup();
        return { kind: 'interface', empty };
      }
    }
    const named: GoType & { kind: 'name' } = { kind: 'name', name: t.text };
    if (this.is('.')) {
      this.i++;
      named.pkg = t.text;
      named.name = this.ident();
    }
    if (this.is('[')) {
      this.i++;
      const args: GoType[] = [];
      while (!this.is(']')) {
        args.push(this.type());
        if (this.is(',')) this.i++;
      }
      this.i++;
      named.args = args;
    }
    return named;
  }

  /** Parameters and an optional result; the current token is `(`. */
  signature() {
    if (!this.is('(')) this.fail('expected ( in a function signature');
    this.skipGroup();
    if (this.is('(')) this.skipGroup();
    else if (this.startsType() && !this.is('{')) this.type();
  }

  structFields(): GoField[] {
    this.expect('{');
    const fields: GoField[] = [];
    this.skipSemis();
    while (!this.is('}')) {
      const line = this.peek()!.line;
      let names: string[] = [];
      let type: GoType;
      // `A, B T` and `A T` name fields; `T`, `*T`, `pkg.T` (then a tag, `;` or `}`) embed one.
      const embedded = this.is('*') || this.is('.', 1) || this.is(';', 1) || this.is('}', 1) || this.peek(1)?.kind === 'string';
      if (embedded) type = this.type();
      else {
        names = [this.ident()];
        while (this.is(',')) {
          this.i++;
          names.push(this.ident());
        }
        type = this.type();
      }
      const field: GoField = { names, type, line };
      if (this.peek()?.kind === 'string') field.tag = goStringValue(this.next().text);
      fields.push(field);
      if (!this.is('}')) this.expect(';');
      this.skipSemis();
    }
    this.expect('}');
    return fields;
  }
}

/** Looks a key up in a struct tag the way Go's reflect.StructTag.Lookup does. */
export function structTagLookup(tag: string, key: string): string | undefined {
  let i = 0;
  while (i < tag.length) {
    while (tag[i] === ' ') i++;
    let k = i;
    while (k < tag.length && tag[k]! > ' ' && tag[k] !== ':' && tag[k] !== '"') k++;
    if (k === i || tag[k] !== ':' || tag[k + 1] !== '"') return undefined;
    const name = tag.slice(i, k);
    let j = k + 2;
    while (j < tag.length && tag[j] !== '"') j += tag[j] === '\\' ? 2 : 1;
    if (j >= tag.length) return undefined;
    if (name === key) return goStringValue(tag.slice(k + 1, j + 1));
    i = j + 1;
  }
  return undefined;
}

/** Declarations of one Go file. */
export function readGoFile(text: string, file: string): GoFile {
  const toks = tokenizeGo(text, file);
  const r = new Reader(toks, file);
  const out: GoFile = { file, package: '', imports: [], types: new Map(), methods: new Map(), values: new Map(), tokens: toks };
  r.skipSemis();
  r.expect('package');
  out.package = r.ident();
  // One spec, or a parenthesised group of them.
  const specs = (each: () => void) => {
    if (r.is('(')) {
      r.i++;
      r.skipSemis();
      while (!r.is(')')) {
        each();
        if (!r.is(')')) r.expect(';');
        r.skipSemis();
      }
      r.i++;
    } else each();
  };
  while (r.peek()) {
    r.skipSemis();
    const t = r.peek();
    if (!t) break;
    const kw = r.next();
    switch (kw.text) {
      case 'import':
        specs(() => {
          let alias: string | undefined;
          if (r.peek()?.kind !== 'string') alias = r.next().text;
          const lit = r.next();
          if (lit.kind !== 'string') r.fail('expected an import path', lit);
          out.imports.push({ ...(alias !== undefined ? { alias } : {}), path: goStringValue(lit.text) });
        });
        break;
      case 'type':
        specs(() => {
          const line = r.peek()!.line;
          const name = r.ident();
          const typeParams: string[] = [];
          // `type A[T any] ...` has type parameters; `type A [4]int` is an array.
          if (r.is('[') && r.peek(1)?.kind === 'ident' && !r.is(']', 2)) {
            r.i++;
            while (!r.is(']')) {
              typeParams.push(r.ident());
              while (r.is(',')) {
                r.i++;
                typeParams.push(r.ident());
              }
              r.expression([',', ']']);
              if (r.is(',')) r.i++;
            }
            r.i++;
          }
          const alias = r.is('=');
          if (alias) r.i++;
          out.types.set(name, { name, typeParams, alias, type: r.type(), line });
        });
        break;
      case 'const':
      case 'var':
        specs(() => {
          const names = [r.ident()];
          while (r.is(',')) {
            r.i++;
            names.push(r.ident());
          }
          if (!r.is('=') && !r.is(';') && !r.is(')')) r.type();
          if (r.is('=')) {
            r.i++;
            for (const name of names) {
              out.values.set(name, r.expression([',', ';']));
              if (r.is(',')) r.i++;
            }
          }
        });
        break;
      case 'func': {
        let receiver: string | undefined;
        if (r.is('(')) {
          // (r *T), (T), (r T[K]): the base type name is the last name before `)` or `[`.
          r.i++;
          while (!r.is(')') && !r.is('[')) {
            const tok = r.next();
            if (tok.kind === 'ident') receiver = tok.text;
          }
          if (r.is('[')) r.skipGroup();
          r.expect(')');
        }
        const name = r.ident();
        if (r.is('[')) r.skipGroup();
        r.signature();
        if (r.is('{')) r.skipGroup();
        if (receiver) {
          let set = out.methods.get(receiver);
          if (!set) out.methods.set(receiver, (set = new Set()));
          set.add(name);
        }
        break;
      }
      default:
        r.fail(`unexpected ${kw.text} at top level`, kw);
    }
  }
  return out;
}

/** Every keyed composite literal `<qualifier>.<typeName>{ Key: value, ... }` anywhere in the file. */
export function compositeLiterals(file: GoFile, qualifier: string, typeName: string): CompositeLiteral[] {
  const toks = file.tokens;
  const found: CompositeLiteral[] = [];
  for (let i = 0; i + 3 < toks.length; i++) {
    if (toks[i]!.text !== qualifier || toks[i + 1]!.text !== '.' || toks[i + 2]!.text !== typeName || toks[i + 3]!.text !== '{') continue;
    if (toks[i]!.kind !== 'ident' || (i > 0 && toks[i - 1]!.text === '.')) continue;
    const r = new Reader(toks, file.file);
    r.i = i + 4;
    const fields = new Map<string, GoToken[]>();
    r.skipSemis();
    // `func f() pkg.T { return x }`: a type followed by a function body, not a keyed literal.
    if (!r.is('}') && !(toks[r.i]?.kind === 'ident' && toks[r.i + 1]?.text === ':')) continue;
    while (!r.is('}')) {
      const key = r.ident();
      r.expect(':');
      fields.set(key, r.expression([',']));
      if (r.is(',')) r.i++;
      r.skipSemis();
    }
    found.push({ line: toks[i]!.line, fields });
    i = r.i;
  }
  return found;
}

/** Parses tokens as one type (for `Args: pkg.Arguments{}` the tokens before `{`). */
export function parseTypeTokens(tokens: GoToken[], file: string): GoType {
  const r = new Reader(tokens, file);
  return r.type();
}
