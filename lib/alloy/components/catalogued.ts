// A component whose body is laid out from the vendored catalogue rather than by a hand-written constructor: the
// catalogue records, for every body, which names are blocks and which are attributes. For components with deep
// argument trees (otelcol.*, pyroscope.*); the argument types are the generated ones, so a name Alloy does not
// have fails tsc, and checkAlloy then checks every block against the same catalogue.
import type { Statement, ValueLike } from '../ast.ts';
import { attr, block, isExpr } from '../ast.ts';
import type { Component, Draft } from '../component.ts';
import { draft } from '../component.ts';
import { IndexedCatalogue } from '../catalogue/indexed.ts';
import { vendoredCatalogue } from '../catalogue/load.ts';
import type { ComponentType } from '../registry.ts';
import type { ComponentArguments } from './arguments.gen.ts';

let indexed: IndexedCatalogue | undefined;
const catalogue = (): IndexedCatalogue => (indexed ??= new IndexedCatalogue(vendoredCatalogue()));

function statements(bodyId: string | undefined, args: Readonly<Record<string, unknown>>): Statement[] {
  const body = bodyId === undefined ? undefined : catalogue().body(bodyId);
  const out: Statement[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const spec = body?.blocks.get(name);
    if (spec === undefined || isExpr(value)) {
      out.push(attr(name, value as ValueLike));
      continue;
    }
    // A repeatable block given as a list is written once per element, in order.
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) out.push(block(name, undefined, statements(spec.body, item as Record<string, unknown>)));
  }
  return out;
}

/** `<type> "label" { ... }` with the arguments laid out as the catalogue says; `exports` names its references. */
export function catalogued<T extends ComponentType, E extends object>(type: T, label: string, args: ComponentArguments[T], exports: (d: Draft) => E): Component<E> {
  const d = draft(type, label);
  const entry = catalogue().component(type);
  if (entry === undefined) throw new Error(`${type}: not in the vendored Alloy catalogue`);
  return d.finish(statements(entry.arguments, args as Readonly<Record<string, unknown>>), exports(d));
}
