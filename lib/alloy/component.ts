// The generic component value the constructors return, and the small helpers they share to build a
// body in a fixed order and to report every argument problem of one component in a single error.
import type { Attribute, Block, ExportType, Ref, Statement, ValueLike } from './ast.ts';
import { attr, block, ref } from './ast.ts';
import { assertLabel, isIdentifier } from './ident.ts';
import type { ComponentType } from './registry.ts';

/** A component instance: its block, ready to put in a file, and typed references to its exports. */
export interface Component<E extends object = object> {
  readonly type: ComponentType;
  readonly label: string;
  /** `<type>.<label>`, the ID Alloy uses in references and messages. */
  readonly id: string;
  readonly block: Block;
  readonly exports: E;
}

/** A statement, a list of them, or nothing (an unset optional argument). */
export type Item = Statement | undefined | readonly Statement[];

export function body(...items: readonly Item[]): Statement[] {
  const out: Statement[] = [];
  for (const item of items) {
    if (item === undefined) continue;
    if (Array.isArray(item)) out.push(...(item as readonly Statement[]));
    else out.push(item as Statement);
  }
  return out;
}

/** An attribute, or nothing when the argument is unset. */
export function opt(name: string, value: ValueLike | undefined): Attribute | undefined {
  return value === undefined ? undefined : attr(name, value);
}

/** Receives one problem, phrased as `<argument> <what is wrong>`. */
export type Report = (problem: string) => void;

export interface Draft {
  readonly id: string;
  readonly report: Report;
  ref<T extends ExportType>(exportName: string): Ref<T>;
  finish<E extends object>(statements: Statement[], exports: E): Component<E>;
}

// A class, not an object of arrow functions: every component of every environment starts one, and
// per-call closures cost an allocation (and a keepNames rename under tsx) each.
class ComponentDraft implements Draft {
  readonly id: string;
  readonly report: Report;
  private readonly problems: string[] = [];

  constructor(private readonly type: ComponentType, private readonly label: string) {
    this.id = `${type}.${label}`;
    // Assigned, not a class field: callers pass it on detached, so it must not need `this`.
    const problems = this.problems;
    this.report = (problem) => { problems.push(problem); };
  }

  ref<T extends ExportType>(exportName: string): Ref<T> {
    return ref<T>(...this.type.split('.'), this.label, exportName);
  }

  finish<E extends object>(statements: Statement[], exports: E): Component<E> {
    const { problems, id, type, label } = this;
    if (problems.length === 1) throw new Error(`${id}: ${problems[0]}`);
    if (problems.length > 1) throw new Error(`${id} has ${problems.length} problems:\n  ${problems.join('\n  ')}`);
    return { type, label, id, block: block(type, label, statements), exports };
  }
}

/**
 * Starts a component. Labels are refused, not silently sanitized: a renamed component would no
 * longer match references other code built from the original name, and two names could collapse
 * into one ID. The error names the sanitized label; callers sanitize explicitly with sanitizeLabel.
 */
export function draft(type: ComponentType, label: string): Draft {
  // The message is built only for a bad label: this runs for every component of every environment.
  if (!isIdentifier(label)) assertLabel(label, `${type} label`);
  return new ComponentDraft(type, label);
}

/** A report that prefixes each problem with the sub-block it came from, e.g. `endpoint 2 tls_config`. */
export function within(report: Report, where: string): Report {
  return (problem) => report(`${where} ${problem}`);
}
