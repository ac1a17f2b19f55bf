// A catalogue entry as text a person reads: stability, arguments (required first marked), nested blocks
// indented under the block that holds them, enum members, and exports. scripts/alloy-component.ts prints it.
import { closest } from '../../core/did-you-mean.ts';
import type { IndexedCatalogue } from './indexed.ts';
import type { TypeId } from './types.ts';

/** Nesting deeper than this is summarised: some bodies (TLS inside HTTP client inside ...) go far. */
const maxDepth = 4;

export function describeEntry(catalogue: IndexedCatalogue, name: string): string {
  const component = catalogue.component(name);
  const entry = component ?? catalogue.configBlock(name);
  if (entry === undefined) {
    const match = closest(name, [...catalogue.componentNames(), ...catalogue.configBlockNames()]);
    throw new Error(`${name} is neither a component nor a configuration block of the catalogue${match === undefined ? '' : ` (did you mean ${match}?)`}`);
  }
  const kind = component === undefined ? 'configuration block' : 'component';
  const community = component?.community ? ', community' : '';
  const lines = [`${name}: ${kind}, ${entry.stability}${community} (${entry.source})`];
  if (entry.arguments === undefined) lines.push('  takes no arguments');
  else {
    lines.push('arguments:');
    body(catalogue, entry.arguments, 1, lines, new Set());
  }
  const exportsId = component?.exports;
  if (exportsId !== undefined) {
    lines.push('exports:');
    for (const [n, spec] of catalogue.body(exportsId).attributes) lines.push(`  ${n}: ${spec.type}`);
  }
  return `${lines.join('\n')}\n`;
}

function body(catalogue: IndexedCatalogue, id: TypeId, depth: number, lines: string[], seen: Set<TypeId>): void {
  const pad = '  '.repeat(depth);
  const b = catalogue.body(id);
  if (b.open) {
    lines.push(`${pad}(not in the catalogue: ${id})`);
    return;
  }
  for (const [n, spec] of b.attributes) lines.push(`${pad}${n}: ${spec.type}${spec.required ? ' (required)' : ''}`);
  const nested = (label: string, inner: TypeId) => {
    lines.push(`${pad}${label}`);
    if (depth >= maxDepth || seen.has(inner)) lines.push(`${pad}  ...`);
    else body(catalogue, inner, depth + 1, lines, new Set([...seen, inner]));
  };
  for (const [n, spec] of b.blocks) {
    const notes = [spec.required ? 'required' : '', spec.repeatable ? 'repeatable' : ''].filter(Boolean).join(', ');
    nested(`${n} { }${notes ? ` (${notes})` : ''}`, spec.body);
  }
  for (const [n, member] of b.members) nested(`${n} { } (one of ${member.field}.*, repeatable)`, member.body);
}
