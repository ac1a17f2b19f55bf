// loki.process stages. Each stage is checked when built and throws naming the stage, so loki.process
// only needs the order. Stage regexes are RE2 and unanchored (unlike relabel rules).
import type { Block } from '../ast.ts';
import { block } from '../ast.ts';
import type { Item, Report } from '../component.ts';
import { body, opt } from '../component.ts';
import { checkRe2 } from '../re2.ts';
import { atMostOne, duration, oneOf, positiveInteger } from './checks.ts';
import type { Str, StrList, StrMap } from './values.ts';
import { literalString } from './values.ts';
import type { StagesCRIConfig, StagesDropConfig, StagesJSONConfig, StagesLabelsConfig, StagesLogfmtConfig, StagesMatchConfig, StagesMetricsConfig, StagesMultilineConfig, StagesRegexConfig, StagesReplaceConfig, StagesTenantConfig, StagesTimestampConfig } from './arguments.gen.ts';

/** A `stage.*` block. */
export type StageBlock = Block & { readonly name: `stage.${string}` };

function build(name: `stage.${string}`, check: (report: Report) => void, ...items: Item[]): StageBlock {
  const problems: string[] = [];
  check((problem) => problems.push(problem));
  if (problems.length > 0) throw new Error(`${name}: ${problems.join('; ')}`);
  return block(name, undefined, body(...items)) as StageBlock;
}

function re2(report: Report, name: string, value: unknown): void {
  const text = literalString(value);
  const problem = text === undefined ? undefined : checkRe2(text);
  if (problem !== undefined) report(`${name} ${JSON.stringify(text)}: not valid RE2: ${problem}`);
}

function required(report: Report, name: string, value: unknown): void {
  if (value === undefined || literalString(value) === '') report(`${name} is required`);
}

function nonEmptyMap(report: Report, name: string, value: StrMap | undefined): void {
  if (value !== undefined && !('kind' in value && typeof value.kind === 'string') && Object.keys(value).length === 0) {
    report(`${name} must not be empty`);
  }
}

const none = () => {};

// Each stage's arguments are the generated ones (arguments.gen.ts); a field made required here is one the
// stage is useless without, though Alloy would load it.
export type CriArgs = StagesCRIConfig;
export type DropArgs = Pick<StagesDropConfig, 'source' | 'separator' | 'expression' | 'value' | 'older_than' | 'longer_than' | 'drop_counter_reason'>;
export type JsonArgs = Required<Pick<StagesJSONConfig, 'expressions'>> & Pick<StagesJSONConfig, 'source' | 'drop_malformed'>;
export type LogfmtArgs = Required<Pick<StagesLogfmtConfig, 'mapping'>> & Pick<StagesLogfmtConfig, 'source'>;
export type RegexArgs = StagesRegexConfig;
export type ReplaceArgs = StagesReplaceConfig;
export interface LabelsArgs extends Pick<StagesLabelsConfig, 'values'> { source_type?: 'extracted' | 'structured_metadata' | Str }
export interface MatchArgs extends Pick<StagesMatchConfig, 'selector' | 'drop_counter_reason' | 'pipeline_name'> {
  action?: 'keep' | 'drop' | Str;
  /** The nested pipeline, built with `stage.*` like loki.process's. */
  stages?: readonly StageBlock[];
}
export type MultilineArgs = StagesMultilineConfig;
export type MetricsArgs = Required<StagesMetricsConfig>;
export interface TimestampArgs extends Pick<StagesTimestampConfig, 'source' | 'format' | 'fallback_formats' | 'location'> {
  action_on_failure?: 'fudge' | 'skip' | Str;
}
export type TenantArgs = StagesTenantConfig;

export const stage = {
  cri: (args: CriArgs = {}): StageBlock => build('stage.cri', (r) => {
    positiveInteger(r, 'max_partial_lines', args.max_partial_lines);
    positiveInteger(r, 'max_partial_line_size', args.max_partial_line_size, true);
  }, opt('max_partial_lines', args.max_partial_lines), opt('max_partial_line_size', args.max_partial_line_size),
  opt('max_partial_line_size_truncate', args.max_partial_line_size_truncate)),

  docker: (): StageBlock => build('stage.docker', none),

  /** All given conditions must hold to drop a line; use several stages for "or". */
  drop: (args: DropArgs): StageBlock => build('stage.drop', (r) => {
    re2(r, 'expression', args.expression);
    duration(r, 'older_than', args.older_than);
    if (args.value !== undefined && args.source === undefined) r('value needs source (the extracted field to compare)');
    if (args.value !== undefined && args.expression !== undefined) r('sets value and expression: use one');
    const { source, expression, value, older_than, longer_than } = args;
    if ([source, expression, value, older_than, longer_than].every((v) => v === undefined)) {
      r('has no condition (source, expression, value, older_than or longer_than), so it would drop every line');
    }
  }, opt('source', args.source), opt('separator', args.separator), opt('expression', args.expression), opt('value', args.value),
  opt('older_than', args.older_than), opt('longer_than', args.longer_than), opt('drop_counter_reason', args.drop_counter_reason)),

  json: (args: JsonArgs): StageBlock => build('stage.json', (r) => nonEmptyMap(r, 'expressions', args.expressions),
    opt('expressions', args.expressions), opt('source', args.source), opt('drop_malformed', args.drop_malformed)),

  logfmt: (args: LogfmtArgs): StageBlock => build('stage.logfmt', (r) => nonEmptyMap(r, 'mapping', args.mapping),
    opt('mapping', args.mapping), opt('source', args.source)),

  regex: (args: RegexArgs): StageBlock => build('stage.regex', (r) => {
    required(r, 'expression', args.expression);
    re2(r, 'expression', args.expression);
  }, opt('expression', args.expression), opt('source', args.source), opt('labels_from_groups', args.labels_from_groups)),

  /** Every capture group of `expression` is replaced by `replace` (empty: removed). */
  replace: (args: ReplaceArgs): StageBlock => build('stage.replace', (r) => {
    required(r, 'expression', args.expression);
    re2(r, 'expression', args.expression);
    const text = literalString(args.expression);
    if (text !== undefined && !/\((?!\?)|\(\?P?</.test(text.replace(/\\./g, ''))) r('expression has no capture group, so nothing would be replaced');
  }, opt('expression', args.expression), opt('source', args.source), opt('replace', args.replace)),

  labels: (args: LabelsArgs): StageBlock => build('stage.labels', (r) => {
    nonEmptyMap(r, 'values', args.values);
    oneOf(r, 'source_type', args.source_type, ['extracted', 'structured_metadata']);
  }, opt('values', args.values), opt('source_type', args.source_type)),

  static_labels: (args: { values: StrMap }): StageBlock => build('stage.static_labels', (r) => nonEmptyMap(r, 'values', args.values),
    opt('values', args.values)),

  label_drop: (args: { values: StrList }): StageBlock => build('stage.label_drop', none, opt('values', args.values)),

  label_keep: (args: { values: StrList }): StageBlock => build('stage.label_keep', none, opt('values', args.values)),

  structured_metadata: (args: { values: StrMap }): StageBlock => build('stage.structured_metadata',
    (r) => nonEmptyMap(r, 'values', args.values), opt('values', args.values)),

  /** Nested stages run only for entries the selector matches. */
  match: (args: MatchArgs): StageBlock => build('stage.match', (r) => {
    required(r, 'selector', args.selector);
    oneOf(r, 'action', args.action, ['keep', 'drop']);
    // Loki refuses nested stages under a dropping match: they could never run.
    if (literalString(args.action) === 'drop' && (args.stages ?? []).length > 0) r('action "drop" cannot have nested stages');
  }, opt('selector', args.selector), opt('action', args.action), opt('drop_counter_reason', args.drop_counter_reason),
  opt('pipeline_name', args.pipeline_name), args.stages),

  /** `metric.counter`, `metric.gauge` and `metric.histogram` blocks, in order. */
  metrics: (args: MetricsArgs): StageBlock => {
    if (args.metric.length === 0) throw new Error('stage.metrics: needs at least one metric');
    const blocks = args.metric.map((m) => {
      const [kind, fields] = Object.entries(m)[0]! as [string, Record<string, unknown>];
      return block(`metric.${kind}`, undefined, body(...Object.entries(fields).map(([k, v]) => opt(k, v as never))));
    });
    return block('stage.metrics', undefined, blocks) as StageBlock;
  },

  multiline: (args: MultilineArgs): StageBlock => build('stage.multiline', (r) => {
    required(r, 'firstline', args.firstline);
    re2(r, 'firstline', args.firstline);
    positiveInteger(r, 'max_lines', args.max_lines);
    duration(r, 'max_wait_time', args.max_wait_time);
  }, opt('firstline', args.firstline), opt('max_lines', args.max_lines), opt('max_wait_time', args.max_wait_time),
  opt('trim_newlines', args.trim_newlines)),

  timestamp: (args: TimestampArgs): StageBlock => build('stage.timestamp', (r) => {
    required(r, 'source', args.source);
    required(r, 'format', args.format);
    oneOf(r, 'action_on_failure', args.action_on_failure, ['fudge', 'skip']);
  }, opt('source', args.source), opt('format', args.format), opt('fallback_formats', args.fallback_formats),
  opt('location', args.location), opt('action_on_failure', args.action_on_failure)),

  output: (args: { source: Str }): StageBlock => build('stage.output', (r) => required(r, 'source', args.source),
    opt('source', args.source)),

  tenant: (args: TenantArgs): StageBlock => build('stage.tenant', (r) => {
    atMostOne(r, 'tenant source', { value: args.value, source: args.source, label: args.label });
    if (args.value === undefined && args.source === undefined && args.label === undefined) r('needs one of value, source or label');
  }, opt('value', args.value), opt('source', args.source), opt('label', args.label)),
} as const;
