// Two views of environment.schema.json, derived so the schema stays the single source of truth:
// - resolvedSchema: every property with a default is required (the type of a validated Config);
// - defaultsAtUseSites: defaults written on a definition copied to each property that $refs it,
//   because ajv's useDefaults only applies a default written directly on the property.
// Defaults live on definitions in the source so json-schema-to-typescript emits one type per definition.

type Schema = { [key: string]: unknown };

const isSchema = (node: unknown): node is Schema => typeof node === 'object' && node !== null && !Array.isArray(node);

function definitionOf(root: Schema, node: Schema): Schema | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return undefined;
  const definitions = root.definitions as Schema;
  const target = definitions[ref.slice('#/definitions/'.length)];
  return isSchema(target) ? target : undefined;
}

function hasDefault(root: Schema, property: unknown): boolean {
  if (!isSchema(property)) return false;
  return 'default' in property || 'default' in (definitionOf(root, property) ?? {});
}

function mapSchema(root: Schema, node: unknown, visit: (node: Schema) => Schema): unknown {
  if (Array.isArray(node)) return node.map((item) => mapSchema(root, item, visit));
  if (!isSchema(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'default' || key === 'const' || key === 'enum' ? value : mapSchema(root, value, visit);
  }
  return visit(out);
}

export function resolvedSchema(schema: Schema, title = 'Config'): Schema {
  const out = mapSchema(schema, schema, (node) => {
    if (!isSchema(node.properties)) return node;
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(node.properties)) if (hasDefault(schema, property)) required.add(name);
    return required.size > 0 ? { ...node, required: [...required] } : node;
  }) as Schema;
  return { ...out, title, $id: `${String(schema.$id ?? 'schema')}#resolved` };
}

export function defaultsAtUseSites(schema: Schema): Schema {
  const hoisted = mapSchema(schema, schema, (node) => {
    if (!isSchema(node.properties)) return node;
    const properties: Schema = {};
    for (const [name, property] of Object.entries(node.properties)) {
      const target = isSchema(property) ? definitionOf(schema, property) : undefined;
      properties[name] = target && 'default' in target && !('default' in (property as Schema))
        ? { ...(property as Schema), default: structuredClone(target.default) }
        : property;
    }
    return { ...node, properties };
  }) as Schema;
  // A default on a definition is unreachable for ajv (it is a $ref target), and strict mode refuses it.
  const definitions: Schema = {};
  for (const [name, definition] of Object.entries(hoisted.definitions as Schema)) {
    const { default: _unused, ...rest } = definition as Schema;
    definitions[name] = rest;
  }
  return { ...hoisted, definitions };
}
