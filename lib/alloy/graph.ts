// The whole-configuration check for one Alloy workload (all its files share one namespace): every
// reference resolves to an export the component has, of the type the argument takes, IDs are unique, nothing
// is cyclic, every source reaches a writer whatever its signal (Prometheus metrics, Loki logs, OTel traces,
// metrics and logs, profiles), nothing is left unused, and every regex compiles as RE2. It reads the syntax
// tree, so hand-written snippets get the same check as generated ones, and the registry (registry.ts), so
// it knows every component of the vendored catalogue. Map lookups and one pass per edge: linear in the config.
import type { AlloyFile, Block, Expr, Ref, Statement } from './ast.ts';
import type { ValueType } from './catalogue/types.ts';
import { describeType, typeNode } from './catalogue/value-type.ts';
import { closest } from '../core/did-you-mean.ts';
import { isIdentifier, sanitizeLabel } from './ident.ts';
import { isDeclaringBlock, isLanguageBlock } from './language-blocks.ts';
import { where } from './positions.ts';
import { checkRe2 } from './re2.ts';
import type { ComponentInfo, ForwardSpec, Registry, TypeEntry } from './registry.ts';
import { registry as vendoredRegistry, signalOf, splitComponentPath, writerOf } from './registry.ts';
import { checkRuleBlock } from './relabel.ts';

export interface ConfigFile {
  /** The file name people see, e.g. `kubelet.alloy`. */
  name: string;
  file: AlloyFile;
}

export type GraphProblemKind =
  | 'top-level' | 'unknown-type' | 'label' | 'duplicate' | 'undefined' | 'wrong-export' | 'wrong-type' | 'wrong-signal'
  | 'self-reference' | 'cycle' | 'no-writer' | 'unused' | 'no-endpoint' | 'rule' | 'regex';

export interface GraphProblem {
  kind: GraphProblemKind;
  file: string;
  /** The component ID (or config block name) the problem is about. */
  component?: string;
  /** The full sentence, starting with `file:line:col` (parsed files) or the file name (built ones). */
  message: string;
}

interface Node {
  index: number;
  id: string;
  type: string;
  file: string;
  block: Block;
  /** Undefined for a type the registry does not know (already reported) or a declared one. */
  info?: ComponentInfo;
  /** Reference edges (this node reads that one), for cycles. */
  deps: number[];
  /** Nodes that forward to this one (type-checked edges), for reachability. */
  forwardedFrom: number[];
  /** Nodes this one forwards to (type-checked edges). */
  forwardsTo: number[];
  referenced: boolean;
  forwardedTo: boolean;
  /** It sets a forwarding argument (perhaps to an empty list). */
  sends: boolean;
}

// Stage fields holding RE2 patterns (loki.process regexes are unanchored, but RE2 all the same).
const stageRegexFields: ReadonlyMap<string, string> = new Map([
  ['stage.drop', 'expression'],
  ['stage.regex', 'expression'],
  ['stage.multiline', 'firstline'],
  ['stage.replace', 'expression'],
]);
const ruleBlocks = new Set(['rule', 'write_relabel_config']);

function listExports(type: string, info: ComponentInfo): string {
  const names = Object.keys(info.exports);
  if (names.length === 0) return `${type} exports nothing`;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${type} exports only ${list}`;
}

/**
 * Whether a reference to an export of type `actual` may stand where `expected` is taken. Judged only where
 * a capsule (a receiver, rules) or targets is involved; the rest Alloy converts at run time.
 */
function fits(expected: ValueType, actual: ValueType): boolean {
  if (expected === actual) return true;
  const e = typeNode(expected);
  const a = typeNode(actual);
  if (e.kind === 'unknown' || a.kind === 'unknown' || (e.kind === 'scalar' && e.name === 'any') || (a.kind === 'scalar' && a.name === 'any')) return true;
  if (e.kind === 'capsule' || a.kind === 'capsule') return false;
  const isTargets = (n: typeof e) => n.kind === 'scalar' && n.name === 'targets';
  if (isTargets(a)) return isTargets(e) || e.kind === 'list';
  if (isTargets(e)) return a.kind === 'list';
  return true;
}

/** Labels of one nested block in messages (`rule 2`, `stage 3 (stage.regex)`): built only when reporting. */
function blockLabel(siblings: readonly Statement[], index: number): string {
  const name = siblings[index]!.name;
  const isStage = name.startsWith('stage.');
  let n = 0;
  for (let i = 0; i <= index; i++) {
    const s = siblings[i]!;
    if (s.kind === 'block' && (isStage ? s.name.startsWith('stage.') : s.name === name)) n++;
  }
  return isStage ? `stage ${n} (${name})` : `${name} ${n}`;
}

/**
 * One run of the check. Methods rather than closures: closures would be created (and, under tsx, named)
 * on every call, and the walk is the hottest part of it.
 */
class GraphCheck {
  readonly problems: GraphProblem[] = [];
  readonly nodes: Node[] = [];
  /** Component type, then label: finds a reference's target without building its ID. */
  readonly byType = new Map<string, Map<string, Node>>();
  /** Declared types the registry does not know (reported, or declared by `declare`/`import.*`); undefined when none. */
  unknownTypes: Set<string> | undefined;
  /** Labels of `import.*` blocks: `<label>.<component>` names a component of the imported module. */
  importNamespaces: Set<string> | undefined;

  // The body being walked: the component (if any), its type's info, its file and ID, the enclosing blocks.
  private from: Node | undefined;
  private info: ComponentInfo | undefined;
  private file = '';
  private owner = '';
  private readonly bodies: (readonly Statement[])[] = [];
  private readonly indexes: number[] = [];
  // The attribute being walked: where it stands, what it forwards to, the type a bare reference must have.
  private at: Statement | undefined;
  private forwards: ForwardSpec | undefined;
  private attribute = '';
  private typed: ValueType | undefined;
  // The top-level block being walked, when its attributes forward (otelcol `output`).
  private forwardBlock: ReadonlyMap<string, ForwardSpec> | undefined;

  constructor(readonly registry: Registry) {}

  report(kind: GraphProblemKind, file: string, component: string | undefined, text: string, at?: Statement): void {
    const place = at === undefined ? undefined : where(at);
    this.problems.push({ kind, file, component, message: `${place ?? file}: ${text}` });
  }

  /** Duplicates name both files, so the sentence starts with them instead of one file. */
  reportDuplicate(file: string, component: string, text: string): void {
    this.problems.push({ kind: 'duplicate', file, component, message: text });
  }

  /** A problem about the component (or config block) being walked. */
  private reportHere(kind: GraphProblemKind, text: string): void {
    this.report(kind, this.file, this.owner, text, this.at);
  }

  walk(from: Node | undefined, info: ComponentInfo | undefined, file: string, owner: string, body: readonly Statement[]): void {
    this.from = from;
    this.info = info;
    this.file = file;
    this.owner = owner;
    this.walkBody(body);
  }

  /** The enclosing blocks' labels, for messages. */
  private blockPath(): string {
    const labels: string[] = [];
    for (let i = 0; i < this.bodies.length; i++) labels.push(blockLabel(this.bodies[i]!, this.indexes[i]!));
    return labels.join(' ');
  }

  // References, then rule and stage regexes.
  private walkBody(statements: readonly Statement[]): void {
    const info = this.info;
    const depth = this.bodies.length;
    for (let index = 0; index < statements.length; index++) {
      const statement = statements[index]!;
      if (statement.kind === 'attribute') {
        // Top-level arguments of a component forward or take typed references, and attributes of its
        // forwarding blocks forward.
        const forwards = depth === 0 ? info?.forwards.get(statement.name) : depth === 1 ? this.forwardBlock?.get(statement.name) : undefined;
        this.forwards = forwards;
        this.attribute = statement.name;
        this.typed = depth === 0 && !forwards ? info?.arguments.get(statement.name) : undefined;
        this.at = statement;
        if (forwards && this.from) this.from.sends = true;
        this.walkExpr(statement.value, true);
        continue;
      }
      this.at = statement;
      if (depth === 0) this.forwardBlock = info?.forwardBlocks.get(statement.name);
      this.bodies.push(statements);
      this.indexes.push(index);
      if (info && ruleBlocks.has(statement.name)) {
        for (const problem of checkRuleBlock(statement)) {
          this.reportHere(problem.startsWith('regex ') ? 'regex' : 'rule', `${this.owner} ${this.blockPath()} ${problem}`);
        }
      }
      const field = info ? stageRegexFields.get(statement.name) : undefined;
      if (field !== undefined) {
        for (const s of statement.body) {
          if (s.kind !== 'attribute' || s.name !== field || s.value.kind !== 'string') continue;
          const problem = checkRe2(s.value.value);
          if (problem !== undefined) {
            this.at = s;
            this.reportHere('regex', `${this.owner} ${this.blockPath()} ${field} ${JSON.stringify(s.value.value)}: not valid RE2: ${problem}`);
          }
        }
      }
      this.walkBody(statement.body);
      this.bodies.pop();
      this.indexes.pop();
      if (depth === 0) this.forwardBlock = undefined;
    }
  }

  /** `bare`: the expression is the attribute's whole value. */
  private walkExpr(expr: Expr, bare: boolean): void {
    switch (expr.kind) {
      case 'ref': this.resolve(expr, bare); return;
      case 'array': for (const e of expr.elements) this.walkExpr(e, false); return;
      case 'object': for (const f of expr.fields) this.walkExpr(f.value, false); return;
      case 'index': this.walkExpr(expr.target, false); this.walkExpr(expr.index, false); return;
      case 'access': this.walkExpr(expr.target, false); return;
      case 'apply': this.walkExpr(expr.callee, false); for (const a of expr.args) this.walkExpr(a, false); return;
      case 'call': for (const a of expr.args) this.walkExpr(a, false); return;
      case 'access': this.walkExpr(expr.target, false); return;
      case 'apply': this.walkExpr(expr.callee, false); for (const a of expr.args) this.walkExpr(a, false); return;
      case 'binary': this.walkExpr(expr.left, false); this.walkExpr(expr.right, false); return;
      case 'unary': this.walkExpr(expr.operand, false); return;
      case 'paren': this.walkExpr(expr.inner, false); return;
      default: return;
    }
  }

  typeOf(path: readonly string[]): TypeEntry | undefined {
    if (this.unknownTypes === undefined && this.importNamespaces === undefined) return this.registry.knownTypeOf(path);
    // An imported module's components: `<import label>.<name>` (its nested names are not known here).
    if (this.importNamespaces?.has(path[0]!) && path.length >= 3) return { type: `${path[0]}.${path[1]}`, parts: 2 };
    const unknown = this.unknownTypes;
    const split = splitComponentPath(path, (type) => this.registry.has(type) || (unknown?.has(type) ?? false));
    return split && { type: split.type, parts: split.type.split('.').length };
  }

  private resolve(ref: Ref, bare: boolean): void {
    const { from, owner, forwards } = this;
    const path = ref.path;
    const verb = forwards ? 'forwards to' : 'uses';
    const found = this.typeOf(path);
    if (!found) {
      if (this.registry.componentNamespaces().has(path[0]!)) {
        this.reportHere('undefined', `${owner} ${verb} ${path.join('.')}, which does not name a known component type`);
      }
      return; // the standard library (sys.env, constants.hostname, ...)
    }
    const label = path[found.parts]!;
    const target = this.byType.get(found.type)?.get(label);
    if (!target) {
      if (this.importNamespaces?.has(path[0]!) && !this.byType.has(found.type)) return; // a value the module exports
      const labels = this.byType.get(found.type);
      const hint = labels === undefined ? '' : didYouMean(label, labels.keys(), (l) => `${found.type}.${l}`);
      this.reportHere('undefined', `${owner} ${verb} ${found.type}.${label}, which is not defined${hint}`);
      return;
    }
    if (target === from) {
      this.reportHere('self-reference', `${owner} refers to itself (${path.join('.')}); a component cannot read its own exports`);
      return;
    }
    target.referenced = true;
    if (forwards) target.forwardedTo = true;
    if (from) from.deps.push(target.index);
    if (!target.info) {
      // Unknown or declared type: trust it as a sink so one problem is not reported three times.
      if (from && forwards) { from.forwardsTo.push(target.index); target.forwardedFrom.push(from.index); }
      return;
    }
    const exportName = path.length > found.parts + 1 ? path[found.parts + 1] : undefined;
    if (exportName === undefined) {
      this.reportHere('wrong-export', `${owner} ${verb} ${path.join('.')} without naming an export (${listExports(found.type, target.info)})`);
      return;
    }
    const exportType = Object.hasOwn(target.info.exports, exportName) ? target.info.exports[exportName] : undefined;
    if (exportType === undefined) {
      const hint = didYouMean(exportName, Object.keys(target.info.exports), (e) => `${found.type}.${label}.${e}`);
      this.reportHere('wrong-export', `${owner} ${verb} ${path.join('.')}, but ${listExports(found.type, target.info)}${hint}`);
      return;
    }
    if (forwards) {
      if (exportType !== forwards.exportType) {
        const node = typeNode(exportType);
        const takes = node.kind === 'capsule' && node.name in signalOf ? signalOf[node.name as keyof typeof signalOf] : undefined;
        const why = takes !== undefined
          ? `which takes ${takes}, not ${forwards.signal === undefined ? signalOf[forwards.accepts] : `OTel ${forwards.signal}`}`
          : `which is ${describeType(exportType)}, not ${describeType(forwards.exportType)}`;
        this.reportHere('wrong-type', `${owner} ${this.forwardPath()} ${path.join('.')}, ${why}`);
        return;
      }
      const accepted = target.info.otelSignals;
      if (forwards.signal !== undefined && accepted !== undefined && !accepted.includes(forwards.signal)) {
        this.reportHere('wrong-signal', `${owner} ${this.forwardPath()} ${path.join('.')}, but ${found.type} takes only ${accepted.join(' and ')}; `
          + `the ${forwards.signal} sent to it are dropped`);
        return;
      }
      if (from) {
        from.forwardsTo.push(target.index);
        target.forwardedFrom.push(from.index);
      }
      return;
    }
    if (!this.info) {
      // A declared or unknown component, or a config block (logging's write_to): what it does with a
      // receiver is not known here, so handing one over counts as forwarding to it.
      const node = typeNode(exportType);
      if (node.kind === 'capsule' && node.name in signalOf) {
        target.forwardedTo = true;
        if (from) { from.forwardsTo.push(target.index); target.forwardedFrom.push(from.index); }
      }
      return;
    }
    // Only a bare `attr = <type>.<label>.<export>` has the export's type; `x.data["k"]` does not.
    const expected = bare ? this.typed : undefined;
    if (expected !== undefined && path.length === found.parts + 2 && !fits(expected, exportType)) {
      this.reportHere('wrong-type', `${owner} ${this.attribute} = ${path.join('.')}, which is ${describeType(exportType)}, not ${describeType(expected)}`);
    }
  }

  /** `forwards to` for forward_to, `output traces = ` for an otelcol output. */
  private forwardPath(): string {
    return this.bodies.length === 0 ? 'forwards to' : `${this.bodies[0]![this.indexes[0]!]!.name} ${this.attribute} sends to`;
  }
}

function didYouMean(word: string, candidates: Iterable<string>, spell: (candidate: string) => string): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : ` (did you mean ${spell(match)}?)`;
}

export function checkGraph(files: readonly ConfigFile[], registry: Registry = vendoredRegistry()): GraphProblem[] {
  const check = new GraphCheck(registry);
  const { problems, nodes, byType } = check;

  // 1. Collect components and config blocks; IDs are unique across all files. Declared components
  // (`declare`) and imported modules (`import.*`) name types of their own.
  const configSeen = new Map<string, string>();
  const configUses: { file: string; block: Block }[] = [];
  for (const { file } of files) {
    for (const statement of file.body) {
      if (statement.kind !== 'block' || statement.label === undefined || !isDeclaringBlock(statement.name)) continue;
      if (statement.name === 'declare') (check.unknownTypes ??= new Set()).add(statement.label);
      else (check.importNamespaces ??= new Set()).add(statement.label);
    }
  }
  for (const { name: fileName, file } of files) {
    for (const statement of file.body) {
      if (statement.kind === 'attribute') {
        check.report('top-level', fileName, undefined, `attribute ${statement.name} is outside any block; Alloy allows only blocks at the top level`, statement);
        continue;
      }
      // declare bodies are modules of their own (checked by the argument check); the other language blocks
      // (import.*, foreach, argument, export) read components like a config block does.
      if (statement.name === 'declare') continue;
      if (isLanguageBlock(statement.name)) {
        configUses.push({ file: fileName, block: statement });
        continue;
      }
      if (registry.isConfigBlock(statement.name)) {
        const first = configSeen.get(statement.name);
        if (first !== undefined) {
          check.reportDuplicate(first, statement.name, first === fileName
            ? `${first} defines ${statement.name} twice; Alloy allows it once per configuration`
            : `${first} and ${fileName} both define ${statement.name}; Alloy allows it once per configuration`);
        } else configSeen.set(statement.name, fileName);
        configUses.push({ file: fileName, block: statement });
        continue;
      }
      const imported = check.importNamespaces?.has(statement.name.slice(0, statement.name.indexOf('.'))) ?? false;
      const declared = imported || (check.unknownTypes?.has(statement.name) ?? false);
      const info = declared ? undefined : registry.info(statement.name);
      if (statement.label === undefined || statement.label === '') {
        check.report('label', fileName, statement.name, `${statement.name} has no label; components are written ${statement.name} "name" { ... }`, statement);
        continue;
      }
      const id = `${statement.name}.${statement.label}`;
      if (!isIdentifier(statement.label)) {
        check.report('label', fileName, id, `${statement.name} "${statement.label}": the label is not a valid Alloy identifier; use "${sanitizeLabel(statement.label)}"`, statement);
        continue;
      }
      if (!info && !declared) {
        const hint = closest(statement.name, registry.types());
        check.report('unknown-type', fileName, id, `${id} has unknown component type ${statement.name}${hint === undefined ? '' : ` (did you mean ${hint}?)`}`, statement);
      }
      let ofType = byType.get(statement.name);
      if (!ofType) byType.set(statement.name, ofType = new Map());
      const existing = ofType.get(statement.label);
      if (existing) {
        check.reportDuplicate(existing.file, id, existing.file === fileName ? `${fileName} defines ${id} twice` : `${existing.file} and ${fileName} both define ${id}`);
        continue;
      }
      const node: Node = {
        index: nodes.length, id, type: statement.name, file: fileName, block: statement, info,
        deps: [], forwardedFrom: [], forwardsTo: [], referenced: false, forwardedTo: false, sends: false,
      };
      nodes.push(node);
      ofType.set(statement.label, node);
      if (!info) (check.unknownTypes ??= new Set()).add(statement.name);
    }
  }

  // 2. Resolve references. Components inside a foreach template forward like top-level ones.
  for (const node of nodes) check.walk(node, node.info, node.file, node.id, node.block.body);
  for (const { file, block } of configUses) {
    if (block.name !== 'foreach') {
      check.walk(undefined, undefined, file, block.name, block.body);
      continue;
    }
    for (const s of block.body) {
      if (s.kind === 'attribute') check.walk(undefined, undefined, file, `foreach "${block.label ?? ''}"`, [s]);
      else if (s.name !== 'template') check.walk(undefined, undefined, file, `foreach "${block.label ?? ''}"`, [s]);
      else for (const c of s.body) {
        if (c.kind === 'block') check.walk(undefined, registry.info(c.name), file, c.label === undefined ? c.name : `${c.name}.${c.label}`, c.body);
      }
    }
  }

  // 3. Cycles.
  for (const cycle of findCycles(nodes)) {
    const first = nodes[cycle[0]!]!;
    const path = [...cycle, cycle[0]!].map((i, k) => {
      const n = nodes[i]!;
      return k > 0 && n.file !== first.file ? `${n.id} (${n.file})` : n.id;
    });
    check.report('cycle', first.file, first.id, `${first.id} is part of a reference cycle: ${path.join(' -> ')}`, first.block);
  }

  // 4. Every source and processor reaches a writer: walk forward edges backwards from the writers.
  const reaches = new Uint8Array(nodes.length);
  const queue: number[] = [];
  for (const node of nodes) {
    if (!node.info || node.info.role === 'writer') { reaches[node.index] = 1; queue.push(node.index); }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const prev of nodes[queue[head]!]!.forwardedFrom) {
      if (!reaches[prev]) { reaches[prev] = 1; queue.push(prev); }
    }
  }
  for (const node of nodes) {
    const info = node.info;
    if (!info || (info.role !== 'source' && info.role !== 'processor') || reaches[node.index]) continue;
    // Forwarding is optional for some (beyla.ebpf's output): one that forwards nowhere is then a provider.
    if (!node.sends && !info.mustForward) continue;
    // A processor is reported only where the chain ends, not at every processor before it.
    if (info.role === 'processor' && node.forwardsTo.some((i) => nodes[i]!.info?.role === 'processor')) continue;
    const receiver = firstForward(info).accepts;
    check.report('no-writer', node.file, node.id, `${node.id} sends its ${signalOf[receiver]} nowhere: no path from it reaches ${writerOf[receiver]}`, node.block);
  }

  // 5. Unused components, and writers that cannot write.
  for (const node of nodes) {
    const info = node.info;
    const role = info?.role;
    if (!node.referenced && (role === 'provider' || (role === 'source' && !node.sends && !info!.mustForward)) && Object.keys(info!.exports).length > 0) {
      check.report('unused', node.file, node.id, `${node.id} is not used by any component`, node.block);
    } else if ((role === 'processor' || role === 'writer') && !node.forwardedTo) {
      check.report('unused', node.file, node.id, node.referenced
        ? `${node.id} receives nothing: no component forwards to it`
        : `${node.id} is not used by any component`, node.block);
    }
    if (info?.needsEndpoint && !hasEndpoint(node.block)) {
      check.report('no-endpoint', node.file, node.id, `${node.id} has no endpoint block, so it drops everything it receives`, node.block);
    }
  }
  return problems;
}

function firstForward(info: ComponentInfo): ForwardSpec {
  for (const spec of info.forwards.values()) return spec;
  for (const block of info.forwardBlocks.values()) for (const spec of block.values()) return spec;
  throw new Error('a source or processor forwards somewhere');
}

function hasEndpoint(block: Block): boolean {
  for (const s of block.body) if (s.kind === 'block' && s.name === 'endpoint') return true;
  return false;
}

/** Throws one error listing every problem, or returns when the configuration is sound. */
export function assertGraph(files: readonly ConfigFile[], registry?: Registry): void {
  const problems = checkGraph(files, registry);
  if (problems.length > 0) {
    throw new Error(`the Alloy configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  ${p.message}`).join('\n')}`);
  }
}

/**
 * One cycle (as node indexes, first node not repeated) per strongly connected component with more
 * than one node; self-references are reported where they are found. Iterative Tarjan, O(V + E).
 */
function findCycles(nodes: readonly Node[]): number[][] {
  const index = new Int32Array(nodes.length).fill(-1);
  const low = new Int32Array(nodes.length);
  const onStack = new Uint8Array(nodes.length);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  for (let root = 0; root < nodes.length; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      const deps = nodes[v]!.deps;
      if (i < deps.length) {
        frame[1] = i + 1;
        const w = deps[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] !== index[v]) continue;
      const members: number[] = [];
      let w: number;
      do { w = stack.pop()!; onStack[w] = 0; members.push(w); } while (w !== v);
      if (members.length > 1) cycles.push(cycleThrough(nodes, new Set(members), members.reduce((a, b) => Math.min(a, b))));
    }
  }
  return cycles.sort((a, b) => a[0]! - b[0]!);
}

/** A shortest cycle from `start` back to itself inside one strongly connected component (BFS). */
function cycleThrough(nodes: readonly Node[], members: ReadonlySet<number>, start: number): number[] {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of nodes[v]!.deps) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path.at(-1) !== start) path.push(parent.get(path.at(-1)!)!);
        return path.reverse();
      }
      if (!parent.has(w)) { parent.set(w, v); queue.push(w); }
    }
  }
  return [start];
}
