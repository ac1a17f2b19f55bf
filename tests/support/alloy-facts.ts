// What two Alloy configurations do, read from their parsed graphs rather than their text: job names,
// Kubernetes discovery (role, selectors, namespaces), the metric names each source keeps on its way out,
// where data is written (URL, tenant, headers) and the stages of each log pipeline. Blocks inside
// `declare` modules (the chart's) are read like top-level ones.
import type { Block, Expr, Statement } from '../../lib/alloy/ast.ts';
import { parse } from '../../lib/alloy/parse.ts';
import { printExpr } from '../../lib/alloy/print.ts';

export interface AlloyFacts {
  jobs: Set<string>;
  discovery: Set<string>;
  /** source -> metric names (regex alternatives) of its keep rule on __name__. */
  allowLists: Map<string, Set<string>>;
  writers: Set<string>;
  /** One entry per loki.process: its stage names in order, nested ones as `match>cri`. */
  logStages: Set<string>;
}

const attr = (block: Block, name: string): Expr | undefined => {
  const found = block.body.find((s) => s.kind === 'attribute' && s.name === name);
  return found?.kind === 'attribute' ? found.value : undefined;
};
const str = (e: Expr | undefined): string | undefined => (e?.kind === 'string' ? e.value : undefined);
const blocks = (body: Statement[]): Block[] => body.filter((s): s is Block => s.kind === 'block');

/** A job name may be a call with a literal fallback (the chart's `coalesce(argument..., "integrations/alloy")`). */
function literal(e: Expr | undefined): string | undefined {
  if (e?.kind === 'string') return e.value;
  if (e?.kind === 'call') for (const arg of [...e.args].reverse()) if (arg.kind === 'string') return arg.value;
  return undefined;
}

export function alloyFacts(texts: readonly string[], sourceOf: (relabelLabel: string) => string | undefined): AlloyFacts {
  const facts: AlloyFacts = { jobs: new Set(), discovery: new Set(), allowLists: new Map(), writers: new Set(), logStages: new Set() };
  const visit = (block: Block) => {
    const job = literal(attr(block, 'job_name'));
    if (job !== undefined) facts.jobs.add(job);
    if (block.name === 'discovery.kubernetes') {
      const selectors = blocks(block.body).filter((b) => b.name === 'selectors')
        .map((b) => ['role', 'field', 'label'].map((k) => (attr(b, k) ? `${k}=${printExpr(attr(b, k)!)}` : '')).filter(Boolean).join(' '));
      const namespaces = blocks(block.body).filter((b) => b.name === 'namespaces').map((b) => printExpr(attr(b, 'names') ?? { kind: 'null' }));
      facts.discovery.add([`role=${str(attr(block, 'role'))}`, ...selectors.map((s) => `selectors(${s})`), ...namespaces.map((n) => `namespaces${n}`)].join(' '));
    }
    if (block.name === 'prometheus.relabel' && block.label !== undefined) {
      const source = sourceOf(block.label);
      for (const rule of blocks(block.body).filter((b) => b.name === 'rule')) {
        const labels = attr(rule, 'source_labels');
        const isName = labels?.kind === 'array' && labels.elements.length === 1 && str(labels.elements[0]) === '__name__';
        if (source !== undefined && isName && str(attr(rule, 'action')) === 'keep') {
          facts.allowLists.set(source, new Set((str(attr(rule, 'regex')) ?? '').split('|')));
        }
      }
    }
    if (block.name === 'prometheus.remote_write' || block.name === 'loki.write') {
      for (const endpoint of blocks(block.body).filter((b) => b.name === 'endpoint')) {
        const headers = attr(endpoint, 'headers');
        const pairs = headers?.kind === 'object' ? headers.fields.map((f) => `${f.key}=${printExpr(f.value)}`).sort() : [];
        const tenant = attr(endpoint, 'tenant_id');
        facts.writers.add([`${block.name} ${printExpr(attr(endpoint, 'url') ?? { kind: 'null' })}`,
          ...(tenant ? [`tenant=${printExpr(tenant)}`] : []), ...(pairs.length ? [`headers{${pairs.join(',')}}`] : [])].join(' '));
      }
    }
    // OTLP exporters: the endpoint each sends to (the receiver's destinations).
    if (block.name === 'otelcol.exporter.otlp' || block.name === 'otelcol.exporter.otlphttp') {
      for (const client of blocks(block.body).filter((b) => b.name === 'client')) {
        facts.writers.add(`${block.name} ${printExpr(attr(client, 'endpoint') ?? { kind: 'null' })}`);
      }
    }
    if (block.name === 'loki.process') facts.logStages.add(stagesOf(block).join(' '));
    if (block.name === 'declare') for (const child of blocks(block.body)) visit(child);
  };
  for (const text of texts) for (const block of blocks(parse(withoutComments(text)).body)) visit(block);
  return facts;
}

/**
 * The text without comments. The chart writes comments inside object literals, where lib/alloy/parse.ts
 * (which keeps comments only where the tree can hold them) refuses them; comments are not facts anyway.
 */
export function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === '"' || ch === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) j += ch === '"' && text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i += 1;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      out += text.slice(i, end < 0 ? text.length : end + 2).replace(/[^\n]/g, ' ');
      i = end < 0 ? text.length : end + 1;
    } else out += ch;
  }
  return out;
}

function stagesOf(block: Block, prefix = ''): string[] {
  return blocks(block.body).filter((b) => b.name.startsWith('stage.')).flatMap((b) => {
    const name = `${prefix}${b.name.slice('stage.'.length)}`;
    return b.name === 'stage.match' ? [name, ...stagesOf(b, `${name}>`)] : [name];
  });
}

/** `area: -x` for what only the chart does, `area: +x` for what only the import does. */
export function factDifferences(chart: AlloyFacts, ours: AlloyFacts): string[] {
  const out: string[] = [];
  const sets = (area: string, a: Set<string>, b: Set<string>) => {
    for (const x of [...a].sort()) if (!b.has(x)) out.push(`${area}: -${x}`);
    for (const x of [...b].sort()) if (!a.has(x)) out.push(`${area}: +${x}`);
  };
  sets('job', chart.jobs, ours.jobs);
  sets('discovery', chart.discovery, ours.discovery);
  sets('writer', chart.writers, ours.writers);
  sets('log stages', chart.logStages, ours.logStages);
  const sources = new Set([...chart.allowLists.keys(), ...ours.allowLists.keys()]);
  for (const source of [...sources].sort()) {
    const a = chart.allowLists.get(source);
    const b = ours.allowLists.get(source);
    if (a === undefined) out.push(`allow-list ${source}: only here`);
    else if (b === undefined) out.push(`allow-list ${source}: only in the chart`);
    else sets(`allow-list ${source}`, a, b);
  }
  return out;
}
