// otelcol.* components from one catalogue-driven constructor. Their arguments nest deeply (a receiver's
// protocols, an exporter's client, tls and queue) and the catalogue already records, for every body,
// which names are blocks and which are attributes, so the body is laid out from it rather than by a
// hand-written constructor per component. The argument types are the generated ones, so a name Alloy
// does not have fails tsc; checkAlloy then checks every block against the same catalogue.
import type { Ref } from '../ast.ts';
import type { Component } from '../component.ts';
import type { ComponentType } from '../registry.ts';
import type { ComponentArguments } from './arguments.gen.ts';
import { catalogued } from './catalogued.ts';

export type OtelcolType = Extract<ComponentType, `otelcol.${string}`>;

/** What an otelcol component exports that others reference: `input` (a consumer) or `handler` (auth). */
export interface OtelcolExports {
  input: Ref<'OtelConsumer'>;
  handler: Ref<'Any'>;
}

/** `otelcol.<kind> "label" { ... }` with the arguments laid out as the catalogue says. */
export function otelcol<T extends OtelcolType>(type: T, label: string, args: ComponentArguments[T]): Component<OtelcolExports> {
  return catalogued(type, label, args, (d) => ({ input: d.ref<'OtelConsumer'>('input'), handler: d.ref<'Any'>('handler') }));
}
