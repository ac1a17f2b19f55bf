// The catalogue as the checks read it: a body's names sorted into attributes, blocks and enum members once,
// when a check first asks for that body, so the walk over a config is map lookups only.
import type { AttributeSpec, BlockSpec, Body, Catalogue, ComponentEntry, ConfigBlockEntry, TypeId } from './types.ts';

export interface EnumMember {
  /** The enum field (`stage`); the block is written `<field>.<member>`. */
  field: string;
  body: TypeId;
}

export interface IndexedBody {
  readonly id: TypeId;
  readonly attributes: ReadonlyMap<string, AttributeSpec>;
  readonly blocks: ReadonlyMap<string, BlockSpec>;
  /** Enum members by block name (`stage.regex`). */
  readonly members: ReadonlyMap<string, EnumMember>;
  readonly requiredAttributes: readonly string[];
  readonly requiredBlocks: readonly string[];
  /** Enum fields that need at least one member. */
  readonly requiredEnums: readonly string[];
  readonly label: boolean;
  /** The catalogue has no body of this TypeId: nothing in it can be judged, so everything is accepted. */
  readonly open: boolean;
}

const emptyBody: Body = { attributes: {}, blocks: {} };

function indexBody(id: TypeId, body: Body, open: boolean): IndexedBody {
  const attributes = new Map(Object.entries(body.attributes));
  const blocks = new Map(Object.entries(body.blocks));
  const members = new Map<string, EnumMember>();
  const requiredEnums: string[] = [];
  for (const [field, spec] of Object.entries(body.enums ?? {})) {
    for (const [member, memberBody] of Object.entries(spec.members)) members.set(`${field}.${member}`, { field, body: memberBody });
    if (spec.required) requiredEnums.push(field);
  }
  const requiredAttributes: string[] = [];
  for (const [name, spec] of attributes) if (spec.required) requiredAttributes.push(name);
  const requiredBlocks: string[] = [];
  for (const [name, spec] of blocks) if (spec.required) requiredBlocks.push(name);
  return { id, attributes, blocks, members, requiredAttributes, requiredBlocks, requiredEnums, label: body.label === true, open };
}

export class IndexedCatalogue {
  private readonly bodies = new Map<TypeId, IndexedBody>();
  private readonly components: ReadonlyMap<string, ComponentEntry>;
  private readonly configBlocks: ReadonlyMap<string, ConfigBlockEntry>;

  constructor(readonly catalogue: Catalogue) {
    this.components = new Map(Object.entries(catalogue.components));
    this.configBlocks = new Map(Object.entries(catalogue.configBlocks));
  }

  component(name: string): ComponentEntry | undefined {
    return this.components.get(name);
  }

  configBlock(name: string): ConfigBlockEntry | undefined {
    return this.configBlocks.get(name);
  }

  componentNames(): IterableIterator<string> {
    return this.components.keys();
  }

  configBlockNames(): IterableIterator<string> {
    return this.configBlocks.keys();
  }

  /** A body by its TypeId; one the catalogue lacks is open (see IndexedBody.open). */
  body(id: TypeId): IndexedBody {
    let indexed = this.bodies.get(id);
    if (indexed === undefined) {
      const body = Object.hasOwn(this.catalogue.types, id) ? this.catalogue.types[id]! : undefined;
      indexed = indexBody(id, body ?? emptyBody, body === undefined);
      this.bodies.set(id, indexed);
    }
    return indexed;
  }
}
