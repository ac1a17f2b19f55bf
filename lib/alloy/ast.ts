// The Alloy syntax tree: plain data that the printer turns into canonical text and the parser reads back.
// Layout fields are optional everywhere: absent means "what the printer does by default", so a tree built
// from TypeScript data and the same tree parsed from its printed text are deeply equal. The parser sets a
// layout field only where the source differs from that default (so `alloy fmt` output keeps its shape).

/** Where a statement came from in its source, kept only for what `alloy fmt` preserves. */
export interface StatementLayout {
  /**
   * The source had a blank line before this attribute (blocks always get one unless a comment precedes).
   * With comments involved it counts from the line above the statement's first comment: `false` on a
   * block drops its blank line (as fmt does after a comment); `true` on a body's first statement keeps a
   * blank line between `{` and its leading comments.
   */
  blankLineBefore?: boolean;
  /**
   * Comment lines on their own lines right before the statement, verbatim (line or block comments).
   * An empty string stands for a blank line between them, or after the last one.
   */
  leadingComments?: string[];
  /** A comment after the statement on its last line, verbatim. */
  trailingComment?: string;
}

/** Comments before a node's first token (fmt keeps a comment before the token that follows it). */
interface Commented {
  comments?: Comment[];
}

/** Comments before a node's closing bracket. */
interface CloseCommented {
  closeComments?: Comment[];
}

/**
 * A comment inside a statement (in an expression, after a block's `{`), written just before a token as
 * `alloy fmt` writes it: on the line of what precedes it, or after one line end, or after a blank line.
 */
export interface Comment {
  /** Verbatim, `// ...` or `/* ... *\/`. */
  text: string;
  /** Line ends before the comment: absent for none (it follows on the same line), 2 for a blank line. */
  linesBefore?: 1 | 2;
  /**
   * Line ends after the comment, before the token (or next comment): absent for the default, which is one
   * for a line comment and none for a block comment; 2 for a blank line.
   */
  linesAfter?: 0 | 1 | 2;
}

/** Line breaks of a parsed array, object or call whose layout differs from the printer's default. */
export interface ListLayout {
  /** breaks[i]: element i starts on a new line. */
  breaks: boolean[];
  /** The closing bracket sits on its own line. */
  closeOnNewLine: boolean;
}

export interface Attribute {
  kind: 'attribute';
  name: string;
  value: Expr;
  layout?: StatementLayout;
}

export interface Block {
  kind: 'block';
  /** Dotted block name, e.g. `prometheus.scrape` or `stage.cri`. */
  name: string;
  /** The label's content without quotes; must be an identifier. */
  label?: string;
  body: Statement[];
  layout?: StatementLayout;
  /** Comments after `{` on its line, before the first statement (or its own-line leading comments). */
  openComments?: Comment[];
  /**
   * Comment lines after the last statement, before the closing brace. An empty string stands for a
   * blank line (first: before the comments; last: before the brace, also after a trailing comment alone).
   */
  closingComments?: string[];
}

export type Statement = Attribute | Block;

export interface AlloyFile {
  kind: 'file';
  body: Statement[];
  /** Comment lines after the last statement of the file; an empty string stands for a blank line. */
  closingComments?: string[];
}

export interface StringLit extends Commented {
  kind: 'string';
  value: string;
  /** Source text including quotes, when it differs from the canonical quoting of `value`. */
  raw?: string;
}

export interface NumberLit extends Commented {
  kind: 'number';
  value: number;
  /** Source text, when it differs from the canonical decimal form of `value`. */
  raw?: string;
}

export interface BoolLit extends Commented {
  kind: 'bool';
  value: boolean;
}

export interface NullLit extends Commented {
  kind: 'null';
}

/** `comments` come before `[`, `closeComments` before `]`. */
export interface ArrayExpr extends Commented, CloseCommented {
  kind: 'array';
  elements: Expr[];
  layout?: ListLayout;
}

/** `comments` come before the key. */
export interface ObjectField extends Commented {
  key: string;
  /** The key was written quoted although it is a valid identifier (fmt keeps it quoted). */
  quoted?: boolean;
  value: Expr;
}

/** `comments` come before `{`, `closeComments` before `}`. */
export interface ObjectExpr extends Commented, CloseCommented {
  kind: 'object';
  fields: ObjectField[];
  layout?: ListLayout;
}

/**
 * Value types a reference can carry, so `forward_to` only accepts receivers of its own signal.
 * The type is a phantom: it exists for tsc, never in the data.
 */
export type ExportType =
  | 'Targets'
  | 'MetricsReceiver'
  | 'LogsReceiver'
  | 'OtelConsumer'
  | 'ProfilesReceiver'
  | 'RelabelRules'
  | 'Secret'
  | 'String'
  | 'Any';

/** A dotted identifier path: a component export (`discovery.relabel.kubelet.output`) or a stdlib value. */
export interface Ref<T extends ExportType = ExportType> extends Commented {
  kind: 'ref';
  path: string[];
  /** Phantom field for the type checker; never set at run time. */
  readonly __type?: T;
}

/**
 * `target[index]`, e.g. `remote.kubernetes.secret.cloud.data["password"]`; the target can be any
 * operand (`a[0][1]`, `f()[0]`). `comments` come before `[`, `closeComments` before `]`.
 */
export interface IndexExpr extends Commented, CloseCommented {
  kind: 'index';
  target: Expr;
  index: Expr;
}

/**
 * `target.name` on a computed value, e.g. `a[0].b` or `f().x`. A dotted name (`a.b.c`) is a Ref; the
 * parser never makes an access on a Ref.
 */
export interface AccessExpr {
  kind: 'access';
  target: Expr;
  name: string;
}

/** A standard-library call such as `sys.env("HOSTNAME")`; `comments` come before the function name. */
export interface CallExpr extends Commented {
  kind: 'call';
  /** Dotted function name, e.g. ['sys', 'env']. */
  fn: string[];
  args: Expr[];
  layout?: ListLayout;
}

/** A call of a computed value, e.g. `f()(1)`: Alloy's grammar allows a call after any operand. */
export interface ApplyExpr {
  kind: 'apply';
  callee: Expr;
  args: Expr[];
  layout?: ListLayout;
}

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';

/** `comments` come before the operator. */
export interface BinaryExpr extends Commented {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** `comments` come before the operator. */
export interface UnaryExpr extends Commented {
  kind: 'unary';
  op: '!' | '-';
  operand: Expr;
}

export interface ParenExpr {
  kind: 'paren';
  inner: Expr;
}

export type Expr =
  | StringLit
  | NumberLit
  | BoolLit
  | NullLit
  | ArrayExpr
  | ObjectExpr
  | Ref
  | IndexExpr
  | AccessExpr
  | CallExpr
  | ApplyExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr;

/** Plain TypeScript data that converts to an expression: scalars, arrays, plain objects, or nodes. */
export type ValueLike = Expr | string | number | boolean | null | readonly ValueLike[] | { readonly [key: string]: ValueLike };

const exprKinds = new Set<string>([
  'string', 'number', 'bool', 'null', 'array', 'object', 'ref', 'index', 'access', 'call', 'apply', 'binary', 'unary', 'paren',
]);

export function isExpr(value: unknown): value is Expr {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && typeof (value as { kind?: unknown }).kind === 'string' && exprKinds.has((value as { kind: string }).kind);
}

/** Converts plain data to an expression. Object keys keep their insertion order. */
export function toExpr(value: ValueLike): Expr {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'bool', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Alloy has no literal for the number ${value}`);
    return value < 0 ? { kind: 'unary', op: '-', operand: { kind: 'number', value: -value } } : { kind: 'number', value };
  }
  if (Array.isArray(value)) return { kind: 'array', elements: value.map(toExpr) };
  if (isExpr(value)) return value;
  return {
    kind: 'object',
    fields: Object.entries(value as { readonly [key: string]: ValueLike }).map(([key, v]) => ({ key, value: toExpr(v) })),
  };
}

export const str = (value: string): StringLit => ({ kind: 'string', value });
export const num = (value: number): NumberLit => ({ kind: 'number', value });
export const bool = (value: boolean): BoolLit => ({ kind: 'bool', value });

export function ref<T extends ExportType = 'Any'>(...path: string[]): Ref<T> {
  return { kind: 'ref', path };
}

export function call(fn: string, ...args: ValueLike[]): CallExpr {
  return { kind: 'call', fn: fn.split('.'), args: args.map(toExpr) };
}

export function concat(left: ValueLike, right: ValueLike): BinaryExpr {
  return { kind: 'binary', op: '+', left: toExpr(left), right: toExpr(right) };
}

export function attr(name: string, value: ValueLike): Attribute {
  return { kind: 'attribute', name, value: toExpr(value) };
}

export function block(name: string, label: string | undefined, body: Statement[]): Block {
  return label === undefined ? { kind: 'block', name, body } : { kind: 'block', name, label, body };
}

export function file(body: Statement[]): AlloyFile {
  return { kind: 'file', body };
}
