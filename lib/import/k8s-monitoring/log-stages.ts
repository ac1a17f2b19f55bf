// extraLogProcessingStages: raw Alloy `stage.*` blocks. Those that are exactly one of the typed
// logs.stages (json, logfmt, regex, labels, static_labels, drop, match, multiline) with literal
// arguments become those stages; anything else (another stage, an expression, an unknown argument)
// leaves the whole text unsupported, naming the first thing that is not typed.
import type { Block, Expr, Statement } from '../../alloy/ast.ts';
import { parse } from '../../alloy/parse.ts';
import type { DraftValue } from '../draft.ts';

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const mapKey = /^[^"\\\u0000-\u001f\u007f]+$/;
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;
const size = /^[0-9]+(B|KB|MB|KiB|MiB)?$/;

class NotTyped extends Error {}

/** The typed stages, or why the text is not made of them. */
export function typedStages(text: string): { stages: DraftValue[] } | { why: string } {
  let body: Statement[];
  try {
    body = parse(text, 'extraLogProcessingStages').body;
  } catch (error) {
    return { why: `not valid Alloy: ${(error as Error).message}` };
  }
  try {
    return { stages: stagesOf(body) };
  } catch (error) {
    if (error instanceof NotTyped) return { why: `${error.message}; raw Alloy stages other than the typed logs.stages cannot be mapped` };
    throw error;
  }
}

function stagesOf(body: Statement[]): DraftValue[] {
  return body.map((s) => {
    if (s.kind !== 'block' || s.label !== undefined) throw new NotTyped(`"${s.name}" is not an unlabelled stage block`);
    return stageOf(s);
  });
}

function stageOf(block: Block): DraftValue {
  const args = argumentsOf(block);
  const take = (name: string, kind: 'string' | 'number' | 'map'): string | number | Record<string, string> | undefined => {
    const expr = args.get(name);
    if (expr === undefined) return undefined;
    args.delete(name);
    return literal(block, name, expr, kind);
  };
  const done = <T extends DraftValue>(value: T): T => {
    const left = [...args.keys()];
    if (left.length > 0) throw new NotTyped(`${block.name}: argument ${left[0]} has no typed field`);
    return value;
  };
  const opt = (out: Record<string, DraftValue>, key: string, value: DraftValue | undefined) => {
    if (value !== undefined) out[key] = value;
    return out;
  };
  switch (block.name) {
    case 'stage.json': {
      const expressions = required(block, take('expressions', 'map'));
      return done({ json: opt({ expressions }, 'source', take('source', 'string')) });
    }
    case 'stage.logfmt': {
      const mapping = required(block, take('mapping', 'map'));
      return done({ logfmt: opt({ mapping }, 'source', take('source', 'string')) });
    }
    case 'stage.regex': {
      const expression = required(block, take('expression', 'string'));
      return done({ regex: opt({ expression }, 'source', take('source', 'string')) });
    }
    case 'stage.labels':
      return done({ labels: labels(block, required(block, take('values', 'map')) as Record<string, string>) });
    case 'stage.static_labels':
      return done({ staticLabels: labels(block, required(block, take('values', 'map')) as Record<string, string>) });
    case 'stage.drop': {
      const out: Record<string, DraftValue> = {};
      for (const [from, to] of [['expression', 'expression'], ['source', 'source'], ['value', 'value']] as const) opt(out, to, take(from, 'string'));
      const older = take('older_than', 'string');
      if (older !== undefined && !duration.test(String(older))) throw new NotTyped(`${block.name}: older_than "${older}" is not a duration`);
      opt(out, 'olderThan', older);
      const longer = take('longer_than', 'string');
      if (longer !== undefined && !size.test(String(longer))) throw new NotTyped(`${block.name}: longer_than "${longer}" is not a size like "8KB"`);
      opt(out, 'longerThan', longer);
      if (Object.keys(out).length === 0) throw new NotTyped(`${block.name}: no condition`);
      return done({ drop: out });
    }
    case 'stage.multiline': {
      const out: Record<string, DraftValue> = { firstLine: required(block, take('firstline', 'string')) };
      const maxLines = take('max_lines', 'number');
      if (maxLines !== undefined && (!Number.isInteger(maxLines) || (maxLines as number) < 1)) throw new NotTyped(`${block.name}: max_lines ${maxLines} is not a count`);
      opt(out, 'maxLines', maxLines);
      const wait = take('max_wait_time', 'string');
      if (wait !== undefined && !duration.test(String(wait))) throw new NotTyped(`${block.name}: max_wait_time "${wait}" is not a duration`);
      opt(out, 'maxWaitTime', wait);
      return done({ multiline: out });
    }
    case 'stage.match': {
      const selector = required(block, take('selector', 'string'));
      const out: Record<string, DraftValue> = { selector };
      const action = take('action', 'string');
      if (action !== undefined && action !== 'keep' && action !== 'drop') throw new NotTyped(`${block.name}: action "${action}" is neither keep nor drop`);
      opt(out, 'action', action);
      const nested = stagesOf(block.body.filter((s) => s.kind === 'block'));
      if (nested.length > 0) out.stages = nested;
      return done({ match: out });
    }
    default:
      throw new NotTyped(`${block.name} has no typed stage`);
  }
}

function argumentsOf(block: Block): Map<string, Expr> {
  const args = new Map<string, Expr>();
  for (const s of block.body) {
    if (s.kind !== 'attribute') {
      if (block.name !== 'stage.match') throw new NotTyped(`${block.name}: nested block ${s.name} has no typed field`);
      continue;
    }
    args.set(s.name, s.value);
  }
  return args;
}

function literal(block: Block, name: string, expr: Expr, kind: 'string' | 'number' | 'map'): string | number | Record<string, string> {
  if (kind === 'string' && expr.kind === 'string') return expr.value;
  if (kind === 'number' && expr.kind === 'number') return expr.value;
  if (kind === 'map' && expr.kind === 'object') {
    const out: Record<string, string> = {};
    for (const field of expr.fields) {
      if (field.value.kind !== 'string' || !mapKey.test(field.key)) throw new NotTyped(`${block.name}: ${name}.${field.key} is not a literal string`);
      out[field.key] = field.value.value;
    }
    return out;
  }
  throw new NotTyped(`${block.name}: ${name} is not a literal ${kind === 'map' ? 'object of strings' : kind}`);
}

function required<T>(block: Block, value: T | undefined): T {
  if (value === undefined) throw new NotTyped(`${block.name}: a required argument is missing`);
  return value;
}

function labels(block: Block, values: Record<string, string>): Record<string, string> {
  for (const key of Object.keys(values)) if (!labelName.test(key)) throw new NotTyped(`${block.name}: "${key}" is not a Loki label name`);
  return values;
}
