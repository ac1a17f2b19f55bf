// Literal values against the catalogue's ValueType: a number where a duration string is expected, a string
// that is no Go duration, a bool for a list, an object literal field by field against its body. Expressions
// that are not literals (references, calls, operators) are accepted here: their type is the graph check's
// business where it is known (references to component exports) and Alloy's at run time otherwise.
import type { Expr } from '../ast.ts';
import type { IndexedCatalogue } from '../catalogue/indexed.ts';
import { describeType, typeNode, type TypeNode } from '../catalogue/value-type.ts';
import { checkDuration } from '../components/duration.ts';
import { closest } from '../../core/did-you-mean.ts';

/** Receives a problem in a value: `path` is the place inside it (`[2].name`), empty for the value itself. */
export interface ValueReport {
  valueProblem(expr: Expr, path: string, text: string, hint?: string): void;
}

// Capsules only a component export can give; any other capsule may come from a string Alloy converts.
const referenceOnly: ReadonlySet<string> = new Set(['MetricsReceiver', 'LogsReceiver', 'OtelConsumer', 'ProfilesReceiver', 'RelabelRules']);

const bytesText = /^\s*\d+(\.\d+)?\s*([KMGTPE]i?)?B?\s*$/i;
// What Alloy's string -> number conversion parses: a signed integer, an unsigned one, or a float (Go's syntax).
const numericText = /^(-?[0-9]+|[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|[0-9]+\.[0-9]*([eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$/;

function words(expr: Expr): string {
  switch (expr.kind) {
    case 'string': return `the string ${JSON.stringify(expr.value)}`;
    case 'number': return `the number ${expr.raw ?? expr.value}`;
    case 'bool': return `${expr.value}`;
    case 'array': return 'a list';
    case 'object': return 'an object';
    default: return 'an expression';
  }
}

/** The literal kind an expression has, or undefined when only running it would tell. */
function literalKind(expr: Expr): 'string' | 'number' | 'bool' | 'array' | 'object' | undefined {
  switch (expr.kind) {
    case 'string': case 'number': case 'bool': case 'array': case 'object': return expr.kind;
    case 'unary': {
      const inner = literalKind(expr.operand);
      return expr.op === '-' && inner === 'number' ? 'number' : expr.op === '!' && inner === 'bool' ? 'bool' : undefined;
    }
    case 'paren': return literalKind(expr.inner);
    default: return undefined;
  }
}

/** Walks one value; `path` segments are kept in a stack and joined only for a message. */
export class ValueCheck {
  private readonly path: string[] = [];

  constructor(private readonly catalogue: IndexedCatalogue, private readonly report: ValueReport) {}

  check(expr: Expr, type: string): void {
    this.value(expr, typeNode(type), type);
  }

  private fail(expr: Expr, expected: string, hint?: string): void {
    this.report.valueProblem(expr, this.path.join(''), `expected ${describeType(expected)}, got ${words(expr)}`, hint);
  }

  private value(expr: Expr, node: TypeNode, type: string): void {
    const kind = literalKind(expr);
    if (kind === undefined) return;
    if (expr.kind === 'paren') return this.value(expr.inner, node, type);
    switch (node.kind) {
      case 'unknown': return;
      case 'capsule':
        if (referenceOnly.has(node.name)) this.fail(expr, type, 'only a reference to a component export gives one');
        return;
      case 'list':
        if (expr.kind !== 'array') return this.fail(expr, type, kind === 'string' || kind === 'number' || kind === 'bool' ? 'write it in a list: [ ... ]' : undefined);
        for (let i = 0; i < expr.elements.length; i++) {
          this.path.push(`[${i}]`);
          this.value(expr.elements[i]!, node.of, node.of.text);
          this.path.pop();
        }
        return;
      case 'map':
        if (expr.kind !== 'object') return this.fail(expr, type);
        for (const field of expr.fields) {
          this.path.push(`.${field.key}`);
          this.value(field.value, node.of, node.of.text);
          this.path.pop();
        }
        return;
      case 'object': return this.object(expr, node.body, type);
      case 'scalar': return this.scalar(expr, kind, node.name, type);
    }
  }

  private scalar(expr: Expr, kind: NonNullable<ReturnType<typeof literalKind>>, name: string, type: string): void {
    switch (name) {
      case 'any': return;
      case 'string': case 'secret': case 'optional_secret':
        // Alloy converts a number to a string (`port = 8080` where a string is expected), never into a secret.
        if (kind === 'number' && name === 'string') return;
        if (kind !== 'string') this.fail(expr, type, kind === 'number' || kind === 'bool' ? `quote it: "${expr.kind === 'number' || expr.kind === 'bool' ? String(expr.value) : ''}"` : undefined);
        return;
      case 'number':
        // ...and a string that reads as a number to that number ("10", "-1", "0.5").
        if (kind === 'string' && expr.kind === 'string' && numericText.test(expr.value)) return;
        if (kind !== 'number') this.fail(expr, type);
        return;
      case 'bool': if (kind !== 'bool') this.fail(expr, type, kind === 'string' ? 'write true or false without quotes' : undefined); return;
      case 'duration':
        if (kind === 'number') return this.fail(expr, type, `a duration is a string with a unit, e.g. "${expr.kind === 'number' ? expr.value : 30}s"`);
        if (expr.kind !== 'string') return this.fail(expr, type);
        {
          const problem = checkDuration(expr.value);
          if (problem !== undefined) this.report.valueProblem(expr, this.path.join(''), problem);
        }
        return;
      case 'bytes':
        if (kind === 'number') return;
        if (expr.kind !== 'string') return this.fail(expr, type);
        if (!bytesText.test(expr.value)) this.report.valueProblem(expr, this.path.join(''), `${JSON.stringify(expr.value)} is not a size (a number with a unit such as "512MiB")`);
        return;
      case 'targets':
        if (expr.kind !== 'array') return this.fail(expr, type, 'targets are a list of objects: [{ __address__ = "host:port" }]');
        for (let i = 0; i < expr.elements.length; i++) {
          const element = expr.elements[i]!;
          const elementKind = literalKind(element);
          if (elementKind === undefined || elementKind === 'object') continue;
          this.path.push(`[${i}]`);
          this.report.valueProblem(element, this.path.join(''), `expected a target (an object of labels), got ${words(element)}`);
          this.path.pop();
        }
        return;
    }
  }

  private object(expr: Expr, id: string, type: string): void {
    if (expr.kind !== 'object') return this.fail(expr, type);
    const body = this.catalogue.body(id);
    if (body.open) return;
    const seen = new Set<string>();
    for (const field of expr.fields) {
      seen.add(field.key);
      const spec = body.attributes.get(field.key);
      this.path.push(`.${field.key}`);
      if (spec === undefined) {
        const match = closest(field.key, body.attributes.keys());
        this.report.valueProblem(field.value, this.path.join(''), `${field.key} is not a field of this object`, match === undefined ? undefined : `did you mean ${match}?`);
      } else this.value(field.value, typeNode(spec.type), spec.type);
      this.path.pop();
    }
    for (const name of body.requiredAttributes) {
      if (!seen.has(name)) this.report.valueProblem(expr, this.path.join(''), `the object lacks its required field ${name}`);
    }
  }
}
