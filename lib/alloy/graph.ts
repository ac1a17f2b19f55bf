// The whole-configuration check for one Alloy workload (all its files share one namespace): every
// reference resolves, IDs are unique, nothing is cyclic, every source reaches a writer, nothing is left
// unused, and every regex compiles as RE2. It reads the syntax tree, so hand-written snippets get the
// same check as generated ones. Everything is map lookups and one pass per edge: linear in the config.
import type { AlloyFile, Block, Expr, ExportType, Ref, Statement } from './ast.ts';
import { isIdentifier, sanitizeLabel } from './ident.ts';
import { checkRe2 } from './re2.ts';
import type { ComponentInfo, ReceiverType } from './registry.ts';
import { componentNamespaces, components, configBlocks, signalOf, splitComponentPath, writerOf } from './registry.ts';
import { checkRuleBlock } from './relabel.ts';

export interface ConfigFile {
  /** The file name people see, e.g. `kubelet.alloy`. */
  name: string;
  file: AlloyFile;
}

export type GraphProblemKind =
  | 'top-level' | 'unknown-type' | 'label' | 'duplicate' | 'undefined' | 'wrong-export' | 'wrong-type' | 'self-reference'
  | 'cycle' | 'no-writer' | 'unused' | 'no-endpoint' | 'rule' | 'regex';

export interface GraphProblem {
  kind: GraphProblemKind;
  file: string;
  /** The component ID (or config block name) the problem is about. */
  component?: string;
  /** The full sentence, starting with the file name. */
  message: string;
}

interface Node {
  index: number;
  id: string;
  type: string;
  file: string;
  block: Block;
  /** Undefined for a type the registry does not know (already reported). */
  info?: ComponentInfo;
  /** Reference edges (this node reads that one), for cycles. */
  deps: number[];
  /** Nodes that forward to this one (type-checked edges), for reachability. */
  forwardedFrom: number[];
  /** Nodes this one forwards to (type-checked edges). */
  forwardsTo: number[];
  referenced: boolean;
  forwardedTo: boolean;
}

// Stage fields holding RE2 patterns (loki.process regexes are unanchored, but RE2 all the same).
const stageRegexFields: Readonly<Record<string, string>> = {
  'stage.drop': 'expression',
  'stage.regex': 'expression',
  'stage.multiline': 'firstline',
  'stage.replace': 'expression',
};
const ruleBlocks = new Set(['rule', 'write_relabel_config']);

const describe: Readonly<Record<ExportType, string>> = {
  Targets: 'a list of targets',
  MetricsReceiver: 'a metrics receiver',
  LogsReceiver: 'a logs receiver',
  RelabelRules: 'relabel rules',
  Secret: 'a secret',
  String: 'a string',
  Any: 'a value',
};

function listExports(type: string, info: ComponentInfo): string {
  const names = Object.keys(info.exports);
  if (names.length === 0) return `${type} exports nothing`;
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${type} exports only ${list}`;
}

export function checkGraph(files: readonly ConfigFile[]): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const report = (kind: GraphProblemKind, file: string, component: string | undefined, text: string) =>
    problems.push({ kind, file, component, message: `${file}: ${text}` });
  // Duplicates name both files, so the sentence starts with them instead of one file.
  const reportDuplicate = (file: string, component: string, text: string) =>
    problems.push({ kind: 'duplicate', file, component, message: text });

  // 1. Collect components and config blocks; IDs are unique across all files.
  const nodes: Node[] = [];
  const byId = new Map<string, Node>();
  const declaredTypes = new Set<string>();
  const configSeen = new Map<string, string>();
  const configUses: { file: string; block: Block }[] = [];
  for (const { name: fileName, file } of files) {
    for (const statement of file.body) {
      if (statement.kind === 'attribute') {
        report('top-level', fileName, undefined, `attribute ${statement.name} is outside any block; Alloy allows only blocks at the top level`);
        continue;
      }
      if (configBlocks.has(statement.name)) {
        const first = configSeen.get(statement.name);
        if (first !== undefined) {
          reportDuplicate(first, statement.name, first === fileName
            ? `${first} defines ${statement.name} twice; Alloy allows it once per configuration`
            : `${first} and ${fileName} both define ${statement.name}; Alloy allows it once per configuration`);
        } else configSeen.set(statement.name, fileName);
        configUses.push({ file: fileName, block: statement });
        continue;
      }
      const info = components.get(statement.name);
      if (statement.label === undefined || statement.label === '') {
        report('label', fileName, statement.name, `${statement.name} has no label; components are written ${statement.name} "name" { ... }`);
        continue;
      }
      const id = `${statement.name}.${statement.label}`;
      if (!isIdentifier(statement.label)) {
        report('label', fileName, id, `${statement.name} "${statement.label}": the label is not a valid Alloy identifier; use "${sanitizeLabel(statement.label)}"`);
        continue;
      }
      if (!info) {
        report('unknown-type', fileName, id, `${id} has unknown component type ${statement.name}; the stack knows ${[...components.keys()].join(', ')}`);
      }
      const existing = byId.get(id);
      if (existing) {
        reportDuplicate(existing.file, id, existing.file === fileName ? `${fileName} defines ${id} twice` : `${existing.file} and ${fileName} both define ${id}`);
        continue;
      }
      const node: Node = {
        index: nodes.length, id, type: statement.name, file: fileName, block: statement, info,
        deps: [], forwardedFrom: [], forwardsTo: [], referenced: false, forwardedTo: false,
      };
      nodes.push(node);
      byId.set(id, node);
      declaredTypes.add(statement.name);
    }
  }
  const isType = (type: string) => components.has(type) || declaredTypes.has(type);

  // 2. Resolve references.
  // `at` is the attribute holding the reference when it is a top-level argument of the component.
  const resolve = (from: Node | undefined, file: string, owner: string, ref: Ref, at: { attribute: string; bare: boolean } | undefined) => {
    const split = splitComponentPath(ref.path, isType);
    const text = ref.path.join('.');
    const forwards = at && from?.info?.forwards?.attribute === at.attribute ? from.info.forwards.accepts : undefined;
    const verb = forwards ? 'forwards to' : 'uses';
    if (!split) {
      if (componentNamespaces.has(ref.path[0]!)) report('undefined', file, owner, `${owner} ${verb} ${text}, which does not name a known component type`);
      return; // the standard library (sys.env, constants.hostname, ...)
    }
    const targetId = `${split.type}.${split.label}`;
    const target = byId.get(targetId);
    if (!target) {
      report('undefined', file, owner, `${owner} ${verb} ${targetId}, which is not defined`);
      return;
    }
    if (target === from) {
      report('self-reference', file, owner, `${owner} refers to itself (${text}); a component cannot read its own exports`);
      return;
    }
    target.referenced = true;
    if (forwards) target.forwardedTo = true;
    if (from) from.deps.push(target.index);
    if (!target.info) {
      // Unknown type (reported already): trust it as a sink so one problem is not reported three times.
      if (from && forwards) { from.forwardsTo.push(target.index); target.forwardedFrom.push(from.index); }
      return;
    }
    if (split.export === undefined) {
      report('wrong-export', file, owner, `${owner} ${verb} ${text} without naming an export (${listExports(split.type, target.info)})`);
      return;
    }
    const exportType = target.info.exports[split.export];
    if (exportType === undefined) {
      report('wrong-export', file, owner, `${owner} ${verb} ${text}, but ${listExports(split.type, target.info)}`);
      return;
    }
    if (forwards && from) {
      if (exportType !== forwards) {
        const why = exportType === 'MetricsReceiver' || exportType === 'LogsReceiver'
          ? `which takes ${signalOf[exportType]}, not ${signalOf[forwards]}`
          : `which is ${describe[exportType]}, not ${describe[forwards]}`;
        report('wrong-type', file, owner, `${owner} forwards to ${text}, ${why}`);
        return;
      }
      from.forwardsTo.push(target.index);
      target.forwardedFrom.push(from.index);
      return;
    }
    // Only a bare `attr = <type>.<label>.<export>` has the export's type; `x.data["k"]` does not.
    const expected = at?.bare ? from?.info?.typedArguments?.[at.attribute] : undefined;
    if (expected !== undefined && exportType !== expected && ref.path.length === split.type.split('.').length + 2) {
      report('wrong-type', file, owner, `${owner} ${at!.attribute} = ${text}, which is ${describe[exportType]}, not ${describe[expected]}`);
    }
  };

  const walkExpr = (expr: Expr, visit: (ref: Ref, bare: boolean) => void, bare: boolean): void => {
    switch (expr.kind) {
      case 'ref': visit(expr, bare); return;
      case 'array': for (const e of expr.elements) walkExpr(e, visit, false); return;
      case 'object': for (const f of expr.fields) walkExpr(f.value, visit, false); return;
      case 'index': walkExpr(expr.target, visit, false); walkExpr(expr.index, visit, false); return;
      case 'call': for (const a of expr.args) walkExpr(a, visit, false); return;
      case 'binary': walkExpr(expr.left, visit, false); walkExpr(expr.right, visit, false); return;
      case 'unary': walkExpr(expr.operand, visit, false); return;
      case 'paren': walkExpr(expr.inner, visit, false); return;
      default: return;
    }
  };

  // Walks a body: references, then rule and stage regexes. `where` names the nested block for messages.
  const walkBody = (from: Node | undefined, file: string, owner: string, statements: readonly Statement[], where: string, topLevel: boolean) => {
    let counts: Map<string, number> | undefined; // numbers sibling blocks by name: `rule 2`
    let stages = 0;
    for (const statement of statements) {
      if (statement.kind === 'attribute') {
        walkExpr(statement.value, (ref, bare) => resolve(from, file, owner, ref, topLevel ? { attribute: statement.name, bare } : undefined), true);
        continue;
      }
      let label: string;
      if (statement.name.startsWith('stage.')) {
        stages += 1;
        label = `${where}stage ${stages} (${statement.name})`;
      } else {
        counts ??= new Map();
        const n = (counts.get(statement.name) ?? 0) + 1;
        counts.set(statement.name, n);
        label = `${where}${statement.name} ${n}`;
      }
      if (from?.info && ruleBlocks.has(statement.name)) {
        for (const problem of checkRuleBlock(statement)) {
          report(problem.startsWith('regex ') ? 'regex' : 'rule', file, owner, `${owner} ${label} ${problem}`);
        }
      }
      const field = stageRegexFields[statement.name];
      if (from?.info && field !== undefined) {
        for (const s of statement.body) {
          if (s.kind !== 'attribute' || s.name !== field || s.value.kind !== 'string') continue;
          const problem = checkRe2(s.value.value);
          if (problem !== undefined) {
            report('regex', file, owner, `${owner} ${label} ${field} ${JSON.stringify(s.value.value)}: not valid RE2: ${problem}`);
          }
        }
      }
      walkBody(from, file, owner, statement.body, `${label} `, false);
    }
  };

  for (const node of nodes) walkBody(node, node.file, node.id, node.block.body, '', true);
  for (const { file, block } of configUses) walkBody(undefined, file, block.name, block.body, '', false);

  // 3. Cycles.
  for (const cycle of findCycles(nodes)) {
    const first = nodes[cycle[0]!]!;
    const path = [...cycle, cycle[0]!].map((i, k) => {
      const n = nodes[i]!;
      return k > 0 && n.file !== first.file ? `${n.id} (${n.file})` : n.id;
    });
    report('cycle', first.file, first.id, `${first.id} is part of a reference cycle: ${path.join(' -> ')}`);
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
    if (!info?.forwards || reaches[node.index]) continue;
    // A processor is reported only where the chain ends, not at every processor before it.
    if (info.role === 'processor' && node.forwardsTo.some((i) => nodes[i]!.info?.role === 'processor')) continue;
    const receiver: ReceiverType = info.forwards.accepts;
    report('no-writer', node.file, node.id, `${node.id} sends its ${signalOf[receiver]} nowhere: no path from it reaches a ${writerOf[receiver]}`);
  }

  // 5. Unused components, and writers that cannot write.
  for (const node of nodes) {
    const role = node.info?.role;
    if (role === 'provider' && !node.referenced) {
      report('unused', node.file, node.id, `${node.id} is not used by any component`);
    } else if ((role === 'processor' || role === 'writer') && !node.forwardedTo) {
      report('unused', node.file, node.id, node.referenced
        ? `${node.id} receives nothing: no component forwards to it`
        : `${node.id} is not used by any component`);
    }
    if (role === 'writer' && !node.block.body.some((s) => s.kind === 'block' && s.name === 'endpoint')) {
      report('no-endpoint', node.file, node.id, `${node.id} has no endpoint block, so it drops everything it receives`);
    }
  }
  return problems;
}

/** Throws one error listing every problem, or returns when the configuration is sound. */
export function assertGraph(files: readonly ConfigFile[]): void {
  const problems = checkGraph(files);
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
