// The shape of vendor/alloy/catalogue.json: every Alloy component and top-level configuration block of a
// pinned Alloy release, as facts read from Alloy's Go source (names, kinds, required/optional), never its
// code. scripts/vendor-alloy.ts writes it; the check (lib/alloy/check), the graph check and the generated
// component types read it.

export type Stability = 'experimental' | 'public-preview' | 'generally-available';

/**
 * A value type, as a compact string:
 * - scalars: `string`, `number`, `bool`, `duration` (a string like "10s"), `secret` (a string or a secret),
 *   `optional_secret` (likewise; shown in clear when not a secret), `bytes` (a string like "1MiB"), `any`;
 * - `targets`: a list of target objects (`[]discovery.Target`), the value discovery components exchange;
 * - `list(T)`, `map(T)` (an object with any keys, each value a T);
 * - `object(<TypeId>)`: an object whose keys are the attributes of that body (a struct used as an attribute);
 * - `capsule(<Name>)`: a value only a reference can give. Names the graph check knows:
 *   MetricsReceiver, LogsReceiver, OtelConsumer, ProfilesReceiver, RelabelRules; others keep their Go name.
 */
export type ValueType = string;

/** The Go struct a body was read from: `<package path inside the repository>.<TypeName>`. */
export type TypeId = string;

export interface AttributeSpec {
  type: ValueType;
  required?: true;
}

export interface BlockSpec {
  /** The body of the block. */
  body: TypeId;
  required?: true;
  /** A Go slice: the block may be given more than once. */
  repeatable?: true;
}

/**
 * An enum field (`alloy:"stage,enum"`): a repeatable, ordered sequence of blocks named `<field>.<member>`
 * (`stage.json`, `stage.regex`), each member with its own body.
 */
export interface EnumSpec {
  members: Record<string, TypeId>;
  required?: true;
}

export interface Body {
  /** Attributes in declaration order (squashed structs already inlined). */
  attributes: Record<string, AttributeSpec>;
  blocks: Record<string, BlockSpec>;
  enums?: Record<string, EnumSpec>;
  /** The block takes a label (`alloy:",label"`), e.g. `endpoint "name" { }`. */
  label?: true;
}

export interface ComponentEntry {
  stability: Stability;
  /** A community component (needs --feature.community-components.enabled). */
  community?: true;
  /** The Arguments body; absent when the component takes none. */
  arguments?: TypeId;
  /** The Exports body (its attributes are the exports); absent when it exports nothing. */
  exports?: TypeId;
  /** The Go file that registers it, inside the repository. */
  source: string;
}

export interface ConfigBlockEntry {
  stability: Stability;
  arguments?: TypeId;
  source: string;
}

export interface Catalogue {
  source: { repository: string; commit: string; tag?: string };
  /** Component name (`prometheus.scrape`) to entry, sorted by name. */
  components: Record<string, ComponentEntry>;
  /** Unlabelled top-level configuration blocks of Alloy's services (`logging`, `http`, `remotecfg`, ...). */
  configBlocks: Record<string, ConfigBlockEntry>;
  /** Every body the entries name, sorted by TypeId. */
  types: Record<TypeId, Body>;
}
