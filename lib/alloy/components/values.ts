// Argument value types for the constructors, and readers that recover a literal from an expression so
// validation runs whenever the value is known at generation time (and is skipped for expressions
// like `sys.env("X")`, which only Alloy can evaluate).
import type { ArrayExpr, CallExpr, Expr, IndexExpr, Ref, ValueLike } from '../ast.ts';

export type Str = string | Expr;
export type Num = number | Expr;
export type Bool = boolean | Expr;
/** A Go duration such as "30s" or "1m30s". */
export type Duration = string | Expr;
export type StrList = readonly Str[] | Expr;
export type StrMap = { readonly [key: string]: Str } | Expr;
/** A list argument: literal elements, or an expression Alloy evaluates (`array.concat(...)`). */
export type List<T> = readonly T[] | Expr;
/** An object argument with any keys (`map(T)` in the catalogue). */
export type Dict<T> = { readonly [key: string]: T } | Expr;
/** An argument of any type (`any` in the catalogue). */
export type Value = ValueLike;
/** A secret-typed argument: a plain string or e.g. `remote.kubernetes.secret.x.data["password"]`. */
export type Secret = string | Expr;

/**
 * `list(map(string))`. Not any Expr: a bare reference must be a `Targets` export, so a receiver
 * or rules reference cannot be passed by mistake. `array.concat(...)` calls are allowed.
 */
export type Targets = Ref<'Targets'> | CallExpr | IndexExpr | ArrayExpr | readonly { readonly [key: string]: Str }[];

export function literalString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const expr = value as Expr | undefined;
  return expr?.kind === 'string' ? expr.value : undefined;
}

export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const expr = value as Expr | undefined;
  if (expr?.kind === 'number') return expr.value;
  if (expr?.kind === 'unary' && expr.op === '-' && expr.operand.kind === 'number') return -expr.operand.value;
  return undefined;
}

export function literalBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const expr = value as Expr | undefined;
  return expr?.kind === 'bool' ? expr.value : undefined;
}

/** A list whose every element is a literal string, else undefined. */
export function literalStrings(value: unknown): string[] | undefined {
  const items = Array.isArray(value) ? value : (value as Expr | undefined)?.kind === 'array' ? (value as ArrayExpr).elements : undefined;
  if (!items) return undefined;
  const out: string[] = [];
  for (const item of items) {
    const text = literalString(item);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}
