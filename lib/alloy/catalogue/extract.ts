// Alloy's Go source (file texts) -> the catalogue: every component registered by a package that
// internal/component/all imports (so test components stay out), its Arguments and Exports bodies read
// from the `alloy:"..."` struct tags, and the config blocks of Alloy's services and runtime. Only names
// and kinds are kept. Go types map to value types by Alloy's own rules (syntax/internal/value): a type
// with an AlloyCapsule method is a capsule, a text (un)marshaler is a string, then the type's kind.
import type { AttributeSpec, Body, Catalogue, ComponentEntry, ConfigBlockEntry, Stability, TypeId, ValueType } from './types.ts';
import { GoRepository, type GoPackage } from './go-packages.ts';
import { compositeLiterals, parseTypeTokens, structTagLookup, type GoField, type GoFile, type GoType, type GoTypeDecl } from './go-source.ts';
import type { GoToken } from './go-tokens.ts';
import type { BuildTarget } from './go-build.ts';

/** The build Alloy's Linux image is made with (its Dockerfile's tags): one file of each real/stub pair. */
export const linuxBuild: BuildTarget = { goos: 'linux', goarch: 'amd64', tags: ['unix', 'cgo', 'netgo', 'embedalloyui', 'promtail_journal_enabled'] };

export interface Extracted {
  catalogue: Catalogue;
  /** Go types the catalogue could not see into (from other modules, without alloy tags): typed `any`. */
  fallbacks: string[];
}

// Capsules the graph check reasons about, by package import path suffix and type name. Storage lives in
// the Prometheus module, outside the repository, so it is matched by its import path.
const namedCapsules: ReadonlyMap<string, string> = new Map([
  ['github.com/prometheus/prometheus/storage.Appendable', 'MetricsReceiver'],
  ['internal/component/common/loki.LogsReceiver', 'LogsReceiver'],
  ['internal/component/otelcol.Consumer', 'OtelConsumer'],
  ['internal/component/pyroscope.Appendable', 'ProfilesReceiver'],
  ['internal/component/common/relabel.Rules', 'RelabelRules'],
]);
const namedScalars: ReadonlyMap<string, ValueType> = new Map([
  ['syntax/alloytypes.Secret', 'secret'],
  ['syntax/alloytypes.OptionalSecret', 'optional_secret'],
  ['time.Duration', 'duration'],
  ['github.com/alecthomas/units.Base2Bytes', 'bytes'],
  // prometheus/common model.Duration unmarshals from a duration string.
  ['github.com/prometheus/common/model.Duration', 'duration'],
]);
const stabilities: Readonly<Record<string, Stability>> = {
  StabilityGenerallyAvailable: 'generally-available',
  StabilityPublicPreview: 'public-preview',
  StabilityExperimental: 'experimental',
};
const numberTypes = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'byte', 'rune']);

interface Context {
  pkg: GoPackage;
  file: GoFile;
}

export function extractCatalogue(files: ReadonlyMap<string, string>, source: Catalogue['source'], rootPackage = 'internal/component/all'): Extracted {
  const repo = new GoRepository(files, linuxBuild);
  const reader = new BodyReader(repo);
  const modulePath = /^module\s+(\S+)/m.exec(files.get('go.mod') ?? '')?.[1];
  if (modulePath === undefined) throw new Error('go.mod: no module line at the root: is this a checkout of grafana/alloy?');
  const components: Record<string, ComponentEntry> = {};
  for (const pkg of reachable(repo, `${modulePath}/${rootPackage}`)) {
    for (const file of pkg.files) {
      const qualifier = qualifierOf(file, `${modulePath}/internal/component`);
      if (qualifier === undefined) continue;
      for (const lit of compositeLiterals(file, qualifier, 'Registration')) {
        const ctx = { pkg, file };
        const name = repo.constantString(pkg, file, need(lit.fields, 'Name', file, lit.line));
        const community = tokensText(lit.fields.get('Community')) === 'true';
        // A community component is gated by --feature.community-components.enabled, not by a stability
        // level: its registration leaves Stability unset, which needs no --stability.level.
        const stability = community && !lit.fields.has('Stability') ? 'generally-available' : stabilityOf(lit.fields.get('Stability'), file);
        const entry: ComponentEntry = { stability, source: file.file };
        if (community) entry.community = true;
        const args = reader.literalBody(lit.fields.get('Args'), ctx);
        if (args !== undefined) entry.arguments = args;
        const exports = reader.literalBody(lit.fields.get('Exports'), ctx);
        if (exports !== undefined) entry.exports = exports;
        if (components[name]) throw new Error(`${file.file}:${lit.line}: ${name} is registered twice (also in ${components[name]!.source})`);
        components[name] = entry;
      }
    }
  }
  const configBlocks = readConfigBlocks(repo, reader, modulePath);
  return {
    catalogue: { source, components: sortKeys(components), configBlocks: sortKeys(configBlocks), types: sortKeys(reader.types) },
    fallbacks: [...reader.fallbacks].sort(),
  };
}

/** Packages reachable from the root by in-repository imports, the root included. */
function reachable(repo: GoRepository, root: string): GoPackage[] {
  const seen = new Map<string, GoPackage>();
  const queue = [root];
  while (queue.length > 0) {
    const path = queue.pop()!;
    const pkg = repo.package(path);
    if (!pkg || seen.has(path)) continue;
    seen.set(path, pkg);
    for (const f of pkg.files) for (const imp of f.imports) queue.push(imp.path);
  }
  if (!seen.has(root)) throw new Error(`package ${root} not found: is this a checkout of grafana/alloy?`);
  return [...seen.values()].sort((a, b) => (a.dir < b.dir ? -1 : 1));
}

function qualifierOf(file: GoFile, importPath: string): string | undefined {
  const imp = file.imports.find((i) => i.path === importPath);
  if (!imp) return undefined;
  return imp.alias ?? importPath.slice(importPath.lastIndexOf('/') + 1);
}

/** Services' config blocks (`service.Definition{Name, ConfigType, Stability}`), and the runtime's own. */
function readConfigBlocks(repo: GoRepository, reader: BodyReader, modulePath: string): Record<string, ConfigBlockEntry> {
  const out: Record<string, ConfigBlockEntry> = {};
  for (const pkg of repo.packages.values()) {
    if (!pkg.dir.startsWith('internal/service/')) continue;
    for (const file of pkg.files) {
      const qualifier = qualifierOf(file, `${modulePath}/internal/service`);
      if (qualifier === undefined) continue;
      for (const lit of compositeLiterals(file, qualifier, 'Definition')) {
        const configType = lit.fields.get('ConfigType');
        if (configType === undefined || tokensText(configType) === 'nil') continue;
        const ctx = { pkg, file };
        const name = repo.constantString(pkg, file, need(lit.fields, 'Name', file, lit.line));
        const entry: ConfigBlockEntry = { stability: stabilityOf(lit.fields.get('Stability'), file), source: file.file };
        const args = reader.literalBody(configType, ctx);
        if (args !== undefined) entry.arguments = args;
        out[name] = entry;
      }
    }
  }
  // `logging` and `tracing` are read by the runtime itself (internal/runtime/source.go), not by a service.
  for (const [name, dir] of [['logging', 'internal/runtime/logging'], ['tracing', 'internal/runtime/tracing']] as const) {
    const pkg = repo.package(`${modulePath}/${dir}`);
    const decl = pkg?.types.get('Options');
    if (!pkg || !decl) throw new Error(`${dir}: no Options type for the ${name} block`);
    out[name] = { stability: 'generally-available', arguments: reader.bodyOf(pkg, decl.decl, decl.file), source: decl.file.file };
  }
  return out;
}

function need(fields: ReadonlyMap<string, GoToken[]>, key: string, file: GoFile, line: number): GoToken[] {
  const v = fields.get(key);
  if (v === undefined) throw new Error(`${file.file}:${line}: registration without ${key}`);
  return v;
}

function tokensText(tokens: readonly GoToken[] | undefined): string | undefined {
  return tokens?.map((t) => t.text).join('');
}

function stabilityOf(tokens: readonly GoToken[] | undefined, file: GoFile): Stability {
  const last = tokens?.at(-1)?.text;
  const s = last === undefined ? undefined : stabilities[last];
  if (s === undefined) throw new Error(`${file.file}: unknown stability ${tokensText(tokens) ?? '(none)'}`);
  return s;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Named {
  pkg: GoPackage;
  decl: GoTypeDecl;
  file: GoFile;
}

/** Reads struct bodies once each (by TypeId) and maps Go types to value types. */
class BodyReader {
  readonly types: Record<TypeId, Body> = {};
  readonly fallbacks = new Set<string>();

  constructor(private readonly repo: GoRepository) {}

  /** `Arguments{}`, `pkg.Arguments{}`, `&X{}`: the body of that struct; `nil` or `struct{}{}`: none. */
  literalBody(tokens: GoToken[] | undefined, ctx: Context): TypeId | undefined {
    if (tokens === undefined) return undefined;
    let toks = tokens[0]?.text === '&' ? tokens.slice(1) : tokens;
    if (toks.length === 1 && toks[0]!.text === 'nil') return undefined;
    const brace = toks.findIndex((t) => t.text === '{');
    if (brace <= 0) throw new Error(`${ctx.file.file}: cannot read ${tokensText(tokens)} as a struct literal`);
    if (toks[0]!.text === 'struct') return undefined; // struct{}{}
    toks = toks.slice(0, brace);
    const named = this.named(parseTypeTokens(toks, ctx.file.file), ctx);
    if (named === undefined) throw new Error(`${ctx.file.file}: ${tokensText(tokens)} is not a struct of the repository`);
    return this.bodyOf(named.pkg, named.decl, named.file);
  }

  /** The repository declaration a type name refers to, following definitions and aliases to a struct. */
  private named(type: GoType, ctx: Context): Named | undefined {
    if (type.kind === 'pointer') return this.named(type.elem, ctx);
    if (type.kind !== 'name') return undefined;
    const r = this.repo.resolve(ctx.pkg, ctx.file, type.pkg, type.name);
    if (r.kind !== 'local') return undefined;
    return { pkg: r.pkg, decl: r.decl, file: r.file };
  }

  bodyOf(pkg: GoPackage, decl: GoTypeDecl, file: GoFile): TypeId {
    const id = `${pkg.dir}.${decl.name}`;
    if (this.types[id] !== undefined) return id;
    const body: Body = { attributes: {}, blocks: {} };
    this.types[id] = body; // before the fields: a recursive type refers to itself by id
    let type = decl.type;
    let ctx: Context = { pkg, file };
    // `type A B` where B is a struct of the repository: A has B's fields.
    while (type.kind === 'name' || type.kind === 'pointer') {
      const next = this.named(type, ctx);
      if (!next) break;
      type = next.decl.type;
      ctx = { pkg: next.pkg, file: next.file };
    }
    if (type.kind === 'struct') this.readFields(body, type.fields, ctx, id);
    return id;
  }

  private readFields(body: Body, fields: readonly GoField[], ctx: Context, id: TypeId): void {
    for (const field of fields) {
      const tag = field.tag === undefined ? undefined : structTagLookup(field.tag, 'alloy');
      if (tag === undefined || tag === '-') continue;
      const [name = '', ...flags] = tag.split(',');
      const optional = flags.includes('optional');
      if (flags.includes('squash')) {
        const named = this.named(field.type, ctx);
        if (!named) throw new Error(`${ctx.file.file}:${field.line}: ${id}: squashed field is not a struct of the repository`);
        const inner = this.types[this.bodyOf(named.pkg, named.decl, named.file)]!;
        Object.assign(body.attributes, inner.attributes);
        Object.assign(body.blocks, inner.blocks);
        if (inner.enums) body.enums = { ...body.enums, ...inner.enums };
        if (inner.label) body.label = true;
      } else if (flags.includes('label')) {
        body.label = true;
      } else if (flags.includes('attr')) {
        const spec: AttributeSpec = { type: this.valueType(field.type, ctx) };
        if (!optional) spec.required = true;
        body.attributes[name] = spec;
      } else if (flags.includes('block')) {
        const { elem, repeatable, ctx: ectx } = this.blockElement(field.type, ctx);
        const named = this.named(elem, ectx);
        const blockBody = named ? this.bodyOf(named.pkg, named.decl, named.file) : this.opaque(elem, ectx);
        body.blocks[name] = { body: blockBody, ...(optional ? {} : { required: true as const }), ...(repeatable ? { repeatable: true as const } : {}) };
      } else if (flags.includes('enum')) {
        const { elem, ctx: ectx } = this.blockElement(field.type, ctx);
        const named = this.named(elem, ectx);
        if (!named || named.decl.type.kind !== 'struct') throw new Error(`${ctx.file.file}:${field.line}: ${id}: enum ${name} is not a slice of a struct`);
        const members: Record<string, TypeId> = {};
        const mctx = { pkg: named.pkg, file: named.file };
        for (const m of named.decl.type.fields) {
          const mtag = m.tag === undefined ? undefined : structTagLookup(m.tag, 'alloy');
          if (mtag === undefined || mtag === '-') continue;
          const mnamed = this.named(m.type, mctx);
          members[mtag.split(',')[0]!] = mnamed ? this.bodyOf(mnamed.pkg, mnamed.decl, mnamed.file) : this.opaque(m.type, mctx);
        }
        body.enums = { ...body.enums, [name]: { members, ...(optional ? {} : { required: true as const }) } };
      } else {
        throw new Error(`${ctx.file.file}:${field.line}: ${id}: alloy tag "${tag}" has no attr, block, enum, label or squash`);
      }
    }
  }

  /** A block field's element type: through pointers, slices and named slice types (`type Actions []Action`). */
  private blockElement(type: GoType, ctx: Context): { elem: GoType; repeatable: boolean; ctx: Context } {
    let { elem, repeatable } = unwrapBlock(type);
    for (let depth = 0; elem.kind === 'name' && depth < 10; depth++) {
      const named = this.named(elem, ctx);
      if (!named || !['slice', 'array', 'pointer'].includes(named.decl.type.kind)) break;
      const inner = unwrapBlock(named.decl.type);
      elem = inner.elem;
      repeatable ||= inner.repeatable;
      ctx = { pkg: named.pkg, file: named.file };
    }
    return { elem, repeatable, ctx };
  }

  /** A block whose Go type the catalogue cannot see into: an empty body, counted as a fallback. */
  private opaque(type: GoType, ctx: Context): TypeId {
    const id = `opaque.${describeType(type)}`;
    this.fallbacks.add(`${ctx.file.file}: block of ${describeType(type)}`);
    this.types[id] ??= { attributes: {}, blocks: {} };
    return id;
  }

  valueType(type: GoType, ctx: Context, depth = 0): ValueType {
    if (depth > 20) return 'any';
    switch (type.kind) {
      case 'pointer':
        return this.valueType(type.elem, ctx, depth + 1);
      case 'slice':
      case 'array': {
        const elem = type.elem.kind === 'pointer' ? type.elem.elem : type.elem;
        if (elem.kind === 'name' && elem.name === 'Target' && this.importOf(elem, ctx)?.endsWith('internal/component/discovery')) return 'targets';
        if (elem.kind === 'name' && elem.pkg === undefined && elem.name === 'byte') return 'string';
        return `list(${this.valueType(type.elem, ctx, depth + 1)})`;
      }
      case 'map':
        return `map(${this.valueType(type.value, ctx, depth + 1)})`;
      case 'interface':
        return type.empty ? 'any' : 'capsule(interface)';
      case 'func':
      case 'chan':
        return `capsule(${type.kind})`;
      case 'struct':
        return 'any';
      case 'name':
        return this.namedValueType(type, ctx, depth);
    }
  }

  private importOf(type: Extract<GoType, { kind: 'name' }>, ctx: Context): string | undefined {
    return type.pkg === undefined ? ctx.pkg.importPath : this.repo.importOf(ctx.file, type.pkg);
  }

  private namedValueType(type: Extract<GoType, { kind: 'name' }>, ctx: Context, depth: number): ValueType {
    if (type.pkg === undefined && type.name === 'any') return 'any';
    if (type.pkg === undefined && type.name === 'string') return 'string';
    if (type.pkg === undefined && type.name === 'bool') return 'bool';
    if (type.pkg === undefined && numberTypes.has(type.name)) return 'number';
    if (type.pkg === undefined && type.name === 'error') return 'capsule(error)';
    const r = this.repo.resolve(ctx.pkg, ctx.file, type.pkg, type.name);
    const importPath = r.kind === 'local' ? r.pkg.importPath : r.kind === 'external' ? r.importPath : '';
    const key = `${importPath}.${type.name}`;
    const local = r.kind === 'local' ? `${r.pkg.dir}.${type.name}` : undefined;
    for (const k of [key, local]) {
      if (k === undefined) continue;
      const capsule = namedCapsules.get(k);
      if (capsule) return `capsule(${capsule})`;
      const scalar = namedScalars.get(k);
      if (scalar) return scalar;
    }
    if (r.kind === 'external') {
      this.fallbacks.add(`${ctx.file.file}: ${key}`);
      return 'any';
    }
    if (r.kind !== 'local') return 'any';
    const methods = r.pkg.methods.get(type.name);
    if (methods?.has('AlloyCapsule')) return `capsule(${r.pkg.name}.${type.name})`;
    if (methods?.has('UnmarshalText') || methods?.has('MarshalText')) return 'string';
    const next: Context = { pkg: r.pkg, file: r.file };
    const under = r.decl.type;
    if (under.kind === 'struct') {
      const tagged = under.fields.some((f) => f.tag !== undefined && structTagLookup(f.tag, 'alloy') !== undefined);
      // Alloy treats a struct without alloy tags as an opaque capsule.
      return tagged ? `object(${this.bodyOf(r.pkg, r.decl, r.file)})` : `capsule(${r.pkg.name}.${type.name})`;
    }
    if (under.kind === 'interface' && !under.empty) return `capsule(${r.pkg.name}.${type.name})`;
    return this.valueType(under, next, depth + 1);
  }
}

function unwrapBlock(type: GoType): { elem: GoType; repeatable: boolean } {
  let t = type;
  let repeatable = false;
  while (t.kind === 'pointer' || t.kind === 'slice' || t.kind === 'array') {
    if (t.kind !== 'pointer') repeatable = true;
    t = t.elem;
  }
  return { elem: t, repeatable };
}

function describeType(type: GoType): string {
  switch (type.kind) {
    case 'name': return type.pkg === undefined ? type.name : `${type.pkg}.${type.name}`;
    case 'pointer': return describeType(type.elem);
    case 'slice': case 'array': return `[]${describeType(type.elem)}`;
    case 'map': return `map[${describeType(type.key)}]${describeType(type.value)}`;
    default: return type.kind;
  }
}
