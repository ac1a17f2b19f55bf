// A small interpreter of the loki.process stages we render, read from the syntax tree, so tests run
// real log lines through the exact blocks Alloy would get. It follows Alloy's semantics where they
// matter for our assertions (unanchored RE2, the extracted map seeded from the labels, CRI partial
// lines joined per stream, structured metadata taking a label out of the stream labels) and throws on
// anything it does not model, so a test never passes by silently skipping a stage.
import { RE2JS } from 're2js';
import type { AlloyFile, Block, Expr } from '../../lib/alloy/ast.ts';
import { matchesRelabel, matchesUnanchored } from '../../lib/alloy/re2.ts';

export type Labels = Record<string, string>;

export interface InputLine {
  line: string;
  labels: Labels;
}

export interface Entry {
  line: string;
  labels: Labels;
  extracted: Record<string, string>;
  structuredMetadata: Labels;
  timestamp?: string;
}

export interface Dropped {
  line: string;
  reason: string;
}

export interface Result {
  entries: Entry[];
  dropped: Dropped[];
}

/** The block of `<type> "<label>"` in a rendered file. */
export function componentBlock(file: AlloyFile, type: string, label: string): Block {
  const found = file.body.find((s): s is Block => s.kind === 'block' && s.name === type && s.label === label);
  if (!found) throw new Error(`no ${type} "${label}" in the file`);
  return found;
}

function literal(expr: Expr): unknown {
  switch (expr.kind) {
    case 'string': case 'number': case 'bool': return expr.value;
    case 'array': return expr.elements.map(literal);
    case 'object': return Object.fromEntries(expr.fields.map((f) => [f.key, literal(f.value)]));
    default: throw new Error(`the interpreter reads literal arguments only, got a ${expr.kind}`);
  }
}

function args(block: Block): Record<string, unknown> {
  return Object.fromEntries(block.body.flatMap((s) => (s.kind === 'attribute' ? [[s.name, literal(s.value)]] : [])));
}

const stageBlocks = (block: Block): Block[] =>
  block.body.filter((s): s is Block => s.kind === 'block' && s.name.startsWith('stage.'));

type Stage = { run(e: Entry, drop: (reason: string) => void): Entry[]; flush(): Entry[] };

const stateless = (run: (e: Entry, drop: (reason: string) => void) => Entry | undefined): Stage => ({
  run: (e, drop) => { const out = run(e, drop); return out ? [out] : []; },
  flush: () => [],
});

const fingerprint = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

const criLine = /^(\S+?) (stdout|stderr) (\S+?) (.*)$/s;

function cri(a: Record<string, unknown>): Stage {
  const maxPartial = (a.max_partial_lines as number | undefined) ?? 100;
  const partial = new Map<string, Entry>();
  return {
    run(e) {
      const m = criLine.exec(e.line);
      if (!m) return [e];
      const [, time, stream, flags, content] = m as unknown as [string, string, string, string, string];
      Object.assign(e.extracted, { time, stream, flags, content });
      e.labels.stream = stream;
      e.timestamp = time;
      e.line = content;
      const key = fingerprint(e.labels);
      const prev = partial.get(key);
      if (flags.includes('P')) {
        if (prev) { prev.line += content; return []; }
        if (partial.size >= maxPartial) throw new Error('more partial streams than max_partial_lines: not modelled');
        partial.set(key, e);
        return [];
      }
      if (prev) { partial.delete(key); e.line = prev.line + content; }
      return [e];
    },
    // Alloy flushes pending partial lines eventually; at the end of a test run they come out as they are.
    flush: () => { const out = [...partial.values()]; partial.clear(); return out; },
  };
}

function docker(): Stage {
  return stateless((e) => {
    let parsed: { log?: string; stream?: string; time?: string };
    try { parsed = JSON.parse(e.line); } catch { return e; }
    if (parsed.stream !== undefined) { e.labels.stream = parsed.stream; e.extracted.stream = parsed.stream; }
    if (parsed.time !== undefined) e.timestamp = parsed.time;
    if (parsed.log !== undefined) { e.extracted.output = parsed.log; e.line = parsed.log; }
    return e;
  });
}

const sourceValue = (e: Entry, source: string | undefined) => (source === undefined || source === '' ? e.line : e.extracted[source]);

function drop(a: Record<string, unknown>): Stage {
  for (const unsupported of ['older_than', 'separator']) if (a[unsupported] !== undefined) throw new Error(`stage.drop ${unsupported}: not modelled`);
  const source = a.source as string | undefined;
  return stateless((e, dropIt) => {
    const value = sourceValue(e, source);
    if (value === undefined) return e; // a missing source never drops
    const conditions = [
      a.expression === undefined || matchesUnanchored(a.expression as string, value),
      a.value === undefined || value === a.value,
      a.longer_than === undefined || Buffer.byteLength(e.line) > parseSize(a.longer_than as string),
    ];
    if (conditions.every(Boolean)) { dropIt((a.drop_counter_reason as string | undefined) ?? 'drop_stage'); return undefined; }
    return e;
  });
}

function parseSize(text: string): number {
  const m = /^(\d+)(B|KB|MB|KiB|MiB)?$/.exec(text);
  if (!m) throw new Error(`size ${text}: not modelled`);
  const unit = { B: 1, KB: 1000, MB: 1e6, KiB: 1024, MiB: 1024 * 1024 }[(m[2] ?? 'B') as 'B'];
  return Number(m[1]) * unit;
}

const asString = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** JMESPath subset: dotted identifiers and "quoted" segments. */
function jmes(value: unknown, path: string): unknown {
  const segments = path.match(/"[^"]*"|[^.]+/g) ?? [];
  return segments.reduce<unknown>((v, seg) => {
    const key = seg.startsWith('"') ? seg.slice(1, -1) : seg;
    if (!/^"|^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) throw new Error(`JMESPath ${path}: not modelled`);
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }, value);
}

function json(a: Record<string, unknown>): Stage {
  const expressions = a.expressions as Record<string, string>;
  return stateless((e) => {
    const text = sourceValue(e, a.source as string | undefined);
    let parsed: unknown;
    try { parsed = JSON.parse(text ?? ''); } catch { return e; }
    for (const [name, expr] of Object.entries(expressions)) {
      const v = jmes(parsed, expr === '' ? name : expr);
      if (v !== undefined && v !== null) e.extracted[name] = asString(v);
    }
    return e;
  });
}

function logfmt(a: Record<string, unknown>): Stage {
  const mapping = a.mapping as Record<string, string>;
  return stateless((e) => {
    const text = sourceValue(e, a.source as string | undefined) ?? '';
    const pairs = new Map<string, string>();
    for (const m of text.matchAll(/([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      pairs.set(m[1]!, m[2]!.startsWith('"') ? JSON.parse(m[2]!) : m[2]!);
    }
    for (const [name, key] of Object.entries(mapping)) {
      const v = pairs.get(key === '' ? name : key);
      if (v !== undefined) e.extracted[name] = v;
    }
    return e;
  });
}

function regex(a: Record<string, unknown>): Stage {
  if (a.labels_from_groups) throw new Error('stage.regex labels_from_groups: not modelled');
  const re = RE2JS.compile(a.expression as string);
  const names = Object.keys(re.namedGroups());
  return stateless((e) => {
    const text = sourceValue(e, a.source as string | undefined);
    if (text === undefined) return e;
    const m = re.matcher(text);
    if (!m.find()) return e;
    for (const name of names) {
      const v = m.group(name);
      if (v !== null) e.extracted[name] = v;
    }
    return e;
  });
}

/** stage.replace on the line: every capture group of every match becomes `replace`. */
function replace(a: Record<string, unknown>): Stage {
  if (a.source !== undefined) throw new Error('stage.replace source: not modelled');
  const re = RE2JS.compile(a.expression as string);
  const by = (a.replace as string | undefined) ?? '';
  return stateless((e) => {
    const m = re.matcher(e.line);
    let out = '';
    let at = 0;
    while (m.find()) {
      for (let g = 1; g <= m.groupCount(); g++) {
        const start = m.start(g);
        if (start < 0 || start < at) continue;
        out += e.line.slice(at, start) + by;
        at = m.end(g);
      }
    }
    e.line = out + e.line.slice(at);
    return e;
  });
}

const labels = (a: Record<string, unknown>): Stage => stateless((e) => {
  if (a.source_type !== undefined && a.source_type !== 'extracted') throw new Error('stage.labels source_type: not modelled');
  for (const [name, src] of Object.entries(a.values as Labels)) {
    const v = e.extracted[src === '' ? name : src];
    if (v !== undefined) e.labels[name] = v;
  }
  return e;
});

const staticLabels = (a: Record<string, unknown>): Stage => stateless((e) => {
  for (const [name, v] of Object.entries(a.values as Labels)) { e.labels[name] = v; e.extracted[name] = v; }
  return e;
});

const structuredMetadata = (a: Record<string, unknown>): Stage => stateless((e) => {
  for (const [name, src] of Object.entries(a.values as Labels)) {
    const key = src === '' ? name : src;
    const v = e.extracted[key] ?? e.labels[key];
    if (v === undefined) continue;
    e.structuredMetadata[name] = v;
    delete e.labels[name];
  }
  return e;
});

const labelFilter = (keep: boolean) => (a: Record<string, unknown>): Stage => stateless((e) => {
  const names = new Set(a.values as string[]);
  for (const name of Object.keys(e.labels)) if (names.has(name) !== keep) delete e.labels[name];
  return e;
});

interface Matcher { name: string; op: '=' | '!=' | '=~' | '!~'; value: string }

/** `{a="x", b=~"re"}` plus optional line filters `|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"`. */
export function parseSelector(selector: string): { matchers: Matcher[]; filters: Matcher[] } {
  const m = /^\s*\{(.*)\}\s*(.*)$/s.exec(selector);
  if (!m) throw new Error(`selector ${selector}: not modelled`);
  const pair = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")\s*,?/gy;
  const matchers: Matcher[] = [];
  for (const p of m[1]!.matchAll(pair)) matchers.push({ name: p[1]!, op: p[2] as Matcher['op'], value: JSON.parse(p[3]!) });
  const filters: Matcher[] = [];
  for (const f of m[2]!.matchAll(/(\|=|!=|\|~|!~)\s*("(?:[^"\\]|\\.)*")/g)) {
    const op = ({ '|=': '=', '!=': '!=', '|~': '=~', '!~': '!~' } as const)[f[1] as '|='];
    filters.push({ name: '', op, value: JSON.parse(f[2]!) });
  }
  return { matchers, filters };
}

function matchStage(block: Block): Stage {
  const a = args(block);
  const { matchers, filters } = parseSelector(a.selector as string);
  const nested = pipeline(stageBlocks(block));
  const selects = (e: Entry) => matchers.every(({ name, op, value }) => {
    const v = e.labels[name] ?? '';
    if (op === '=') return v === value;
    if (op === '!=') return v !== value;
    const hit = matchesRelabel(value, v); // LogQL label regexes are anchored
    return op === '=~' ? hit : !hit;
  }) && filters.every(({ op, value }) => {
    if (op === '=') return e.line.includes(value);
    if (op === '!=') return !e.line.includes(value);
    const hit = matchesUnanchored(value, e.line);
    return op === '=~' ? hit : !hit;
  });
  return {
    run(e, dropIt) {
      if (!selects(e)) return [e];
      if (a.action === 'drop') { dropIt((a.drop_counter_reason as string | undefined) ?? 'match_stage'); return []; }
      return nested.push(e, dropIt);
    },
    flush: () => nested.flush(() => {}),
  };
}

function multiline(a: Record<string, unknown>): Stage {
  const first = a.firstline as string;
  const maxLines = (a.max_lines as number | undefined) ?? 128;
  const blocks = new Map<string, { entry: Entry; lines: string[] }>();
  const emit = (key: string): Entry[] => {
    const b = blocks.get(key);
    if (!b) return [];
    blocks.delete(key);
    b.entry.line = b.lines.join('\n');
    return [b.entry];
  };
  return {
    run(e) {
      const key = fingerprint(e.labels);
      const line = a.trim_newlines === false ? e.line : e.line.replace(/\n+$/, '');
      const current = blocks.get(key);
      if (current && !matchesUnanchored(first, e.line) && current.lines.length < maxLines) { current.lines.push(line); return []; }
      const out = emit(key);
      blocks.set(key, { entry: e, lines: [line] });
      return out;
    },
    flush: () => [...blocks.keys()].flatMap(emit),
  };
}

function stageOf(block: Block): Stage {
  const a = args(block);
  switch (block.name) {
    case 'stage.cri': return cri(a);
    case 'stage.docker': return docker();
    case 'stage.drop': return drop(a);
    case 'stage.json': return json(a);
    case 'stage.logfmt': return logfmt(a);
    case 'stage.regex': return regex(a);
    case 'stage.replace': return replace(a);
    case 'stage.labels': return labels(a);
    case 'stage.static_labels': return staticLabels(a);
    case 'stage.structured_metadata': return structuredMetadata(a);
    case 'stage.label_keep': return labelFilter(true)(a);
    case 'stage.label_drop': return labelFilter(false)(a);
    case 'stage.match': return matchStage(block);
    case 'stage.multiline': return multiline(a);
    // Counts lines into Alloy's own metrics; the lines pass unchanged.
    case 'stage.metrics': return stateless((e) => e);
    default: throw new Error(`${block.name}: not modelled by the test interpreter`);
  }
}

function pipeline(blocks: Block[]) {
  const stages = blocks.map(stageOf);
  const from = (i: number, entries: Entry[], dropIt: (reason: string) => void): Entry[] => {
    let current = entries;
    for (const stage of stages.slice(i)) current = current.flatMap((e) => stage.run(e, dropIt));
    return current;
  };
  return {
    push: (e: Entry, dropIt: (reason: string) => void) => from(0, [e], dropIt),
    // Flush stage by stage: what a stage still holds runs through the stages after it.
    flush: (dropIt: (reason: string) => void) => stages.flatMap((stage, i) => from(i + 1, stage.flush(), dropIt)),
  };
}

/** Runs lines through a loki.process block, in order, then flushes what stages still hold. */
export function runLokiProcess(process: Block, lines: readonly InputLine[]): Result {
  if (process.name !== 'loki.process') throw new Error(`expected a loki.process block, got ${process.name}`);
  const p = pipeline(stageBlocks(process));
  const dropped: Dropped[] = [];
  const entries: Entry[] = [];
  for (const input of lines) {
    const dropIt = (reason: string) => dropped.push({ line: input.line, reason });
    entries.push(...p.push({ line: input.line, labels: { ...input.labels }, extracted: { ...input.labels }, structuredMetadata: {} }, dropIt));
  }
  entries.push(...p.flush((reason) => dropped.push({ line: '(flushed)', reason })));
  return { entries, dropped };
}
