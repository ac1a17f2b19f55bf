// What each Alloy component type exports and what part it plays in a pipeline, derived from the vendored
// catalogue (vendor/alloy/catalogue.json) for every component Alloy has. The graph check reads this, not the
// constructors, so it works on parsed user snippets too.
//
// A component accepts data when it exports a receiver (a capsule the graph knows: MetricsReceiver,
// LogsReceiver, OtelConsumer, ProfilesReceiver); it forwards data through arguments of type
// list(capsule(<receiver>)): `forward_to`, or the attributes of a block such as otelcol's
// `output { traces = [...] }`. Role: forwards and accepts nothing = source; both = processor; accepts only =
// writer; neither = provider.
import type { ComponentArguments } from './components/arguments.gen.ts';
import { IndexedCatalogue } from './catalogue/indexed.ts';
import { vendoredCatalogue } from './catalogue/load.ts';
import type { Stability, ValueType } from './catalogue/types.ts';
import { typeNode } from './catalogue/value-type.ts';
import { otelInputSignals, type OtelSignal } from './otel-signals.ts';

/**
 * source: produces data and forwards it (must reach a writer).
 * processor: receives data and forwards it (must be forwarded to, and must reach a writer).
 * writer: receives data and sends it out of Alloy (must be forwarded to).
 * provider: exports values other components read (must be referenced when it exports anything).
 */
export type Role = 'source' | 'processor' | 'writer' | 'provider';
export type ReceiverType = 'MetricsReceiver' | 'LogsReceiver' | 'OtelConsumer' | 'ProfilesReceiver';

const receiverTypes: ReadonlySet<string> = new Set<ReceiverType>(['MetricsReceiver', 'LogsReceiver', 'OtelConsumer', 'ProfilesReceiver']);

/** One argument that forwards data: the receiver type it takes and, for OTel, which signal it carries. */
export interface ForwardSpec {
  readonly accepts: ReceiverType;
  /** The export type a reference in it must have: `capsule(<accepts>)`. */
  readonly exportType: ValueType;
  /** `traces`, `metrics` or `logs` for an otelcol output attribute. */
  readonly signal?: OtelSignal;
  readonly required: boolean;
}

export interface ComponentInfo {
  readonly role: Role;
  readonly stability: Stability;
  readonly community: boolean;
  /** Export name to value type (the catalogue's spelling, e.g. `capsule(MetricsReceiver)`, `targets`). */
  readonly exports: Readonly<Record<string, ValueType>>;
  /** Top-level arguments that forward. */
  readonly forwards: ReadonlyMap<string, ForwardSpec>;
  /** Blocks whose attributes forward (`output` of otelcol components): block name, then attribute. */
  readonly forwardBlocks: ReadonlyMap<string, ReadonlyMap<string, ForwardSpec>>;
  /** Whether it must forward somewhere (a required forwarding argument or block). */
  readonly mustForward: boolean;
  /** The receiver types it exports. */
  readonly receives: readonly ReceiverType[];
  /** Top-level attribute types, for bare references (`targets = discovery.x.y.targets`). */
  readonly arguments: ReadonlyMap<string, ValueType>;
  /** OTel signals its input takes, when not all three (otel-signals.ts). */
  readonly otelSignals?: readonly OtelSignal[];
  /** Its arguments have an `endpoint` block: without one it writes nowhere. */
  readonly needsEndpoint: boolean;
}

/** Every component type of the vendored catalogue: a constructor can build any of them (components/). */
export type ComponentType = keyof ComponentArguments;

/** What ends a pipeline of each receiver type, for messages. */
export const writerOf: Readonly<Record<ReceiverType, string>> = {
  MetricsReceiver: 'a prometheus.remote_write',
  LogsReceiver: 'a loki.write',
  OtelConsumer: 'an otelcol exporter',
  ProfilesReceiver: 'a pyroscope.write',
};

export const signalOf: Readonly<Record<ReceiverType, string>> = {
  MetricsReceiver: 'metrics', LogsReceiver: 'logs', OtelConsumer: 'OTel data', ProfilesReceiver: 'profiles',
};

function receiverOf(type: ValueType): ReceiverType | undefined {
  const node = typeNode(type);
  return node.kind === 'capsule' && receiverTypes.has(node.name) ? node.name as ReceiverType : undefined;
}

/** `list(capsule(<receiver>))`: an argument that forwards. */
function forwardedReceiver(type: ValueType): ReceiverType | undefined {
  const node = typeNode(type);
  return node.kind === 'list' && node.of.kind === 'capsule' && receiverTypes.has(node.of.name) ? node.of.name as ReceiverType : undefined;
}

const otelSignalNames: ReadonlySet<string> = new Set<OtelSignal>(['metrics', 'logs', 'traces']);

// Component names have 2 to 4 identifiers (local.file, loki.source.kubernetes_events, ...).
const maxTypeLength = 4;

/** Component types as a trie of their identifiers: a reference's type is found by walking its path. */
interface TypeNode {
  entry?: TypeEntry;
  next: Map<string, TypeNode>;
}
export interface TypeEntry {
  type: string;
  parts: number;
}

/** The catalogue's components as the graph check reads them, each derived once, when first asked for. */
export class Registry {
  readonly catalogue: IndexedCatalogue;
  private readonly infos = new Map<string, ComponentInfo | undefined>();
  private trie: TypeNode | undefined;
  private namespaces: ReadonlySet<string> | undefined;

  constructor(catalogue: IndexedCatalogue) {
    this.catalogue = catalogue;
  }

  has(type: string): boolean {
    return this.catalogue.component(type) !== undefined;
  }

  types(): IterableIterator<string> {
    return this.catalogue.componentNames();
  }

  isConfigBlock(name: string): boolean {
    return this.catalogue.configBlock(name) !== undefined;
  }

  info(type: string): ComponentInfo | undefined {
    if (this.infos.has(type)) return this.infos.get(type);
    const info = this.derive(type);
    this.infos.set(type, info);
    return info;
  }

  /**
   * First identifiers of component names. A reference starting with one of these is meant as a
   * component (so a typo in the type is reported); anything else is the standard library.
   */
  componentNamespaces(): ReadonlySet<string> {
    if (this.namespaces === undefined) {
      const names = new Set<string>();
      for (const type of this.types()) names.add(type.slice(0, type.indexOf('.')));
      this.namespaces = names;
    }
    return this.namespaces;
  }

  /** splitComponentPath's type for catalogue types, allocation-free: the longest prefix leaving a label. */
  knownTypeOf(path: readonly string[]): TypeEntry | undefined {
    let node = this.typeTrie().next.get(path[0]!);
    let found: TypeEntry | undefined;
    for (let i = 1; node && i < path.length - 1 && i < maxTypeLength; i++) {
      node = node.next.get(path[i]!);
      if (node?.entry) found = node.entry;
    }
    return found;
  }

  private typeTrie(): TypeNode {
    if (this.trie !== undefined) return this.trie;
    const root: TypeNode = { next: new Map() };
    for (const type of this.types()) {
      let node = root;
      const parts = type.split('.');
      for (const part of parts) {
        let child = node.next.get(part);
        if (!child) node.next.set(part, child = { next: new Map() });
        node = child;
      }
      node.entry = { type, parts: parts.length };
    }
    return this.trie = root;
  }

  private derive(type: string): ComponentInfo | undefined {
    const entry = this.catalogue.component(type);
    if (entry === undefined) return undefined;
    const exports: Record<string, ValueType> = {};
    const receives: ReceiverType[] = [];
    if (entry.exports !== undefined) {
      for (const [name, spec] of this.catalogue.body(entry.exports).attributes) {
        exports[name] = spec.type;
        const receiver = receiverOf(spec.type);
        if (receiver !== undefined && !receives.includes(receiver)) receives.push(receiver);
      }
    }
    const forwards = new Map<string, ForwardSpec>();
    const forwardBlocks = new Map<string, Map<string, ForwardSpec>>();
    const args = new Map<string, ValueType>();
    let mustForward = false;
    let needsEndpoint = false;
    if (entry.arguments !== undefined) {
      const body = this.catalogue.body(entry.arguments);
      for (const [name, spec] of body.attributes) {
        args.set(name, spec.type);
        const accepts = forwardedReceiver(spec.type);
        if (accepts === undefined) continue;
        forwards.set(name, { accepts, exportType: `capsule(${accepts})`, required: spec.required === true });
        if (spec.required) mustForward = true;
      }
      for (const [name, spec] of body.blocks) {
        if (name === 'endpoint' && spec.repeatable) needsEndpoint = true;
        if (spec.repeatable) continue;
        const inner = new Map<string, ForwardSpec>();
        for (const [attribute, attrSpec] of this.catalogue.body(spec.body).attributes) {
          const accepts = forwardedReceiver(attrSpec.type);
          if (accepts === undefined) continue;
          const signal = accepts === 'OtelConsumer' && otelSignalNames.has(attribute) ? attribute as OtelSignal : undefined;
          inner.set(attribute, { accepts, exportType: `capsule(${accepts})`, ...(signal ? { signal } : {}), required: attrSpec.required === true });
        }
        if (inner.size === 0) continue;
        forwardBlocks.set(name, inner);
        if (spec.required) mustForward = true;
      }
    }
    const sends = forwards.size > 0 || forwardBlocks.size > 0;
    const role: Role = sends ? (receives.length > 0 ? 'processor' : 'source') : receives.length > 0 ? 'writer' : 'provider';
    const otelSignals = otelInputSignals.get(type);
    return {
      role, stability: entry.stability, community: entry.community === true, exports, forwards, forwardBlocks, mustForward,
      receives, arguments: args, ...(otelSignals ? { otelSignals } : {}), needsEndpoint: needsEndpoint && role === 'writer',
    };
  }
}

let vendored: Registry | undefined;

/** The registry of the vendored catalogue, built on first use. */
export function registry(): Registry {
  return vendored ??= new Registry(new IndexedCatalogue(vendoredCatalogue()));
}

export interface ComponentPath {
  type: string;
  label: string;
  /** Undefined when the reference names the component without an export. */
  export?: string;
}

/**
 * Splits `<type>.<label>.<export>...` using the longest known type prefix (so `local.file_match`
 * wins over nothing and `local.file` is still found). `known` can add types declared in the config.
 */
export function splitComponentPath(path: readonly string[], known: (type: string) => boolean = (t) => registry().has(t)): ComponentPath | undefined {
  for (let n = Math.min(maxTypeLength, path.length - 1); n >= 2; n--) {
    const type = path.slice(0, n).join('.');
    if (!known(type)) continue;
    return path.length > n + 1 ? { type, label: path[n]!, export: path[n + 1]! } : { type, label: path[n]! };
  }
  return undefined;
}
