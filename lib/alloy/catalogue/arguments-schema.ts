// The catalogue's component arguments as a JSON Schema that json-schema-to-typescript turns into
// lib/alloy/components/arguments.gen.ts (scripts/gen-types.ts): one interface per body, required fields
// where Alloy requires them, so a constructor that picks its arguments from the generated interface
// cannot name one Alloy does not have. Scalars and lists become the constructors' value types
// (components/values.ts) through `tsType`: a literal where the value is known, an expression otherwise.
import type { Body, Catalogue, TypeId, ValueType } from './types.ts';
import { typeNode, type TypeNode } from './value-type.ts';

type Schema = Record<string, unknown>;

// Receivers a reference may carry, as the AST's phantom export types; other capsules take any expression.
const typedCapsules: ReadonlySet<string> = new Set(['MetricsReceiver', 'LogsReceiver', 'OtelConsumer', 'ProfilesReceiver', 'RelabelRules']);

const scalars: Readonly<Record<string, string>> = {
  string: 'Str', number: 'Num', bool: 'Bool', duration: 'Duration', secret: 'Secret', optional_secret: 'Secret',
  bytes: 'Str', any: 'Value', targets: 'Targets',
};

const pascal = (words: readonly string[]) => words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** `prometheus.scrape` -> `PrometheusScrapeArguments`. */
export function argumentsTypeName(component: string): string {
  return `${pascal(component.split(/[._]/))}Arguments`;
}

/**
 * Names for every body reachable from a component's arguments: a component's own Arguments body is named
 * for the (first) component; any other for its Go type, prefixed with as many package segments as it takes
 * to be unique (`config.TLSConfig` -> `ConfigTLSConfig`).
 */
function bodyNames(catalogue: Catalogue, bodies: readonly TypeId[]): Map<TypeId, string> {
  const names = new Map<TypeId, string>();
  const taken = new Set<string>();
  for (const [component, entry] of Object.entries(catalogue.components)) {
    if (entry.arguments === undefined || names.has(entry.arguments)) continue;
    const name = argumentsTypeName(component);
    names.set(entry.arguments, name);
    taken.add(name);
  }
  const rest = bodies.filter((id) => !names.has(id));
  const candidate = (id: TypeId, depth: number) => {
    const [pkg, type] = [id.slice(0, id.lastIndexOf('.')), id.slice(id.lastIndexOf('.') + 1)];
    const segments = pkg.split('/').filter((s) => s !== 'internal' && s !== 'component').slice(-depth);
    return pascal([...segments.flatMap((s) => s.split(/[-_.]/)), type]);
  };
  for (let depth = 1; rest.some((id) => !names.has(id)); depth += 1) {
    const open = rest.filter((id) => !names.has(id));
    const counts = new Map<string, number>();
    for (const id of open) counts.set(candidate(id, depth), (counts.get(candidate(id, depth)) ?? 0) + 1);
    for (const id of open) {
      const name = candidate(id, depth);
      // A name two bodies would share at this depth waits for a longer prefix; the deepest always differs.
      if ((counts.get(name) === 1 && !taken.has(name)) || depth > 12) {
        names.set(id, depth > 12 ? `${name}${names.size}` : name);
        taken.add(name);
      }
    }
  }
  return names;
}

/** Every body the components' arguments reach, in a fixed order. */
function reachable(catalogue: Catalogue): TypeId[] {
  const seen = new Set<TypeId>();
  const visit = (id: TypeId) => {
    if (seen.has(id)) return;
    seen.add(id);
    const body = catalogue.types[id];
    if (body === undefined) throw new Error(`vendor/alloy/catalogue.json: type ${id} is named but not described`);
    for (const b of Object.values(body.blocks)) visit(b.body);
    for (const e of Object.values(body.enums ?? {})) for (const m of Object.values(e.members)) visit(m);
    for (const a of Object.values(body.attributes)) for (const m of a.type.matchAll(/object\(([^)]+)\)/g)) visit(m[1]!);
  };
  for (const entry of Object.values(catalogue.components)) if (entry.arguments !== undefined) visit(entry.arguments);
  return [...seen].sort();
}

/** A value type as the TypeScript type the constructors take. */
function tsType(node: TypeNode, names: ReadonlyMap<TypeId, string>): string {
  switch (node.kind) {
    case 'list':
      // Forwarding lists hold references only: a literal list of receivers is not a thing.
      if (node.of.kind === 'capsule' && typedCapsules.has(node.of.name)) return `readonly Ref<'${node.of.name}'>[]`;
      return `List<${tsType(node.of, names)}>`;
    case 'map':
      return `Dict<${tsType(node.of, names)}>`;
    case 'object':
      return `${names.get(node.body) ?? 'Value'} | Expr`;
    case 'capsule':
      return typedCapsules.has(node.name) ? `Ref<'${node.name}'>` : 'Expr';
    case 'scalar':
      return scalars[node.name]!;
    case 'unknown':
      return 'Value';
  }
}

function bodySchema(body: Body, names: ReadonlyMap<TypeId, string>): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(body.attributes)) {
    properties[name] = { tsType: tsType(typeNode(spec.type as ValueType), names) };
    if (spec.required) required.push(name);
  }
  for (const [name, spec] of Object.entries(body.blocks)) {
    const ref = { $ref: `#/definitions/${names.get(spec.body)}` };
    properties[name] = spec.repeatable ? { type: 'array', items: ref } : ref;
    if (spec.required) required.push(name);
  }
  for (const [name, spec] of Object.entries(body.enums ?? {})) {
    // An ordered sequence of `<name>.<member>` blocks: each item names its member as its one key.
    properties[name] = {
      type: 'array',
      items: {
        anyOf: Object.entries(spec.members).map(([member, id]) => ({
          type: 'object', properties: { [member]: { $ref: `#/definitions/${names.get(id)}` } }, required: [member], additionalProperties: false,
        })),
      },
    };
    if (spec.required) required.push(name);
  }
  if (body.label) {
    properties['$label'] = { tsType: 'Str', description: 'The block label (`name "label" { }`).' };
    required.push('$label');
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false };
}

/** The schema: `ComponentArguments` maps each component name to its arguments interface. */
export function argumentsSchema(catalogue: Catalogue): Schema {
  const bodies = reachable(catalogue);
  const names = bodyNames(catalogue, bodies);
  const definitions: Record<string, Schema> = {};
  for (const id of bodies) definitions[names.get(id)!] = { title: names.get(id), description: `Alloy's \`${id}\`.`, ...bodySchema(catalogue.types[id]!, names) };
  const properties: Record<string, Schema> = {};
  for (const [component, entry] of Object.entries(catalogue.components)) {
    properties[component] = entry.arguments === undefined
      ? { type: 'object', additionalProperties: false, description: `${component} takes no arguments.` }
      : { $ref: `#/definitions/${names.get(entry.arguments)}` };
  }
  return {
    title: 'ComponentArguments',
    description: `Every component of Alloy ${catalogue.source.tag ?? catalogue.source.commit} and its arguments.`,
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
    definitions,
  };
}
