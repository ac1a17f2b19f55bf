// Relabel `rule` blocks (also `write_relabel_config`), validated as Alloy validates them at load time
// (alloy.md §3), so a bad rule fails generation instead of the rollout. The same checks run on
// parsed blocks, through checkRuleBlock, for the graph check.
import type { Block, Expr, Statement } from './ast.ts';
import type { Report } from './component.ts';
import { body, opt } from './component.ts';
import { checkRe2 } from './re2.ts';
import type { Num, Str, StrList } from './components/values.ts';
import { literalNumber, literalString } from './components/values.ts';

export const relabelActions = [
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase',
] as const;
export type RelabelAction = (typeof relabelActions)[number];

export interface RuleArgs {
  source_labels?: StrList;
  separator?: Str;
  regex?: Str;
  modulus?: Num;
  target_label?: Str;
  replacement?: Str;
  action?: RelabelAction | Expr;
}

export type RuleName = 'rule' | 'write_relabel_config';

// Alloy's defaults: a field equal to its default counts as unset (as in Prometheus' Validate).
const defaults = { separator: ';', regex: '(.*)', target_label: '', replacement: '$1', modulus: 0 } as const;
const needsTarget = new Set<string>(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
const legacyName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const nameTemplate = /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/;
const fieldOrder = ['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action'] as const;

/** Is the field set to something other than its default? Unknown (expression) values count as set. */
function isSet(args: RuleArgs, field: keyof typeof defaults | 'source_labels'): boolean {
  const value = args[field];
  if (value === undefined) return false;
  if (field === 'source_labels') return true;
  const literal = field === 'modulus' ? literalNumber(value) : literalString(value);
  return literal !== defaults[field];
}

/** Problems of one rule, each as `<field> ...: why`; empty when the rule is valid. */
export function checkRule(args: RuleArgs): string[] {
  const problems: string[] = [];
  const actionText = args.action === undefined ? 'replace' : literalString(args.action);
  if (actionText !== undefined && !(relabelActions as readonly string[]).includes(actionText)) {
    const lower = actionText.toLowerCase();
    const hint = (relabelActions as readonly string[]).includes(lower) ? ` (actions are lowercase: "${lower}")` : '';
    problems.push(`action ${JSON.stringify(actionText)} is not a relabel action${hint}; use one of ${relabelActions.join(', ')}`);
  }
  const action = actionText as RelabelAction | undefined;

  const regex = literalString(args.regex);
  if (regex !== undefined) {
    const problem = checkRe2(regex);
    if (problem !== undefined) problems.push(`regex ${JSON.stringify(regex)}: not valid RE2: ${problem}`);
  }
  if (action === undefined) return problems; // an expression: Alloy decides which fields apply

  const target = literalString(args.target_label);
  if (needsTarget.has(action) && (args.target_label === undefined || target === '')) {
    problems.push(`target_label is required for action "${action}"`);
  } else if (target !== undefined && target !== '') {
    if (action === 'replace' && target.includes('$') && !nameTemplate.test(target)) {
      problems.push(`target_label ${JSON.stringify(target)} is not a valid label name template (letters, digits, _ and $1 or \${name} groups)`);
    } else if ((action === 'replace' && !target.includes('$')) || action === 'hashmod' || action === 'lowercase' || action === 'uppercase') {
      if (!legacyName.test(target)) {
        problems.push(`target_label ${JSON.stringify(target)} is not a valid label name (letters, digits and _, not starting with a digit)`);
      }
    }
  }

  const replacement = literalString(args.replacement);
  if (action === 'labelmap' && replacement !== undefined && !nameTemplate.test(replacement)) {
    problems.push(`replacement ${JSON.stringify(replacement)} is not a valid label name template for action "labelmap" (e.g. "$1" or "k8s_\${1}")`);
  }
  if ((action === 'lowercase' || action === 'uppercase') && isSet(args, 'replacement')) {
    problems.push(`replacement is not allowed for action "${action}"`);
  }

  if (action === 'hashmod') {
    const modulus = literalNumber(args.modulus);
    if (args.modulus === undefined || (modulus !== undefined && (!Number.isInteger(modulus) || modulus <= 0))) {
      problems.push(`modulus must be a whole number > 0 for action "hashmod"${modulus === undefined ? '' : ` (got ${modulus})`}`);
    }
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    const extra = (['source_labels', 'separator', 'target_label', 'replacement', 'modulus'] as const).filter((f) => isSet(args, f));
    if (extra.length > 0) problems.push(`action "${action}" uses only regex; remove ${extra.join(', ')}`);
  }
  if (action === 'keepequal' || action === 'dropequal') {
    const extra = (['regex', 'separator', 'replacement', 'modulus'] as const).filter((f) => isSet(args, f));
    if (extra.length > 0) problems.push(`action "${action}" uses only source_labels and target_label; remove ${extra.join(', ')}`);
  }
  return problems;
}

// Bodies of rule() blocks built from literal arguments: checked once, then frozen, so ruleBlocks can
// skip checking them again when every environment hands over the same constant rules. Keyed by the
// body, which a renamed or commented copy of the block (`{ ...block, name }`) still shares.
const checkedBodies = new WeakSet<readonly Statement[]>();

/**
 * A validated `rule` (or `write_relabel_config`) block; throws naming every wrong field. Built from
 * literal arguments (no expressions) it is deeply frozen, and cheap to hand to a component again.
 */
export function rule(args: RuleArgs, name: RuleName = 'rule'): Block {
  const problems = checkRule(args);
  if (problems.length > 0) throw new Error(`relabel ${name}: ${problems.join('; ')}`);
  const block = toBlock(args, name);
  if (!fieldOrder.every((field) => isLiteral(args[field]))) return block;
  deepFreeze(block);
  checkedBodies.add(block.body);
  return block;
}

/** Plain values only: toExpr copies these, so the block shares nothing with the caller. */
function isLiteral(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((item) => typeof item === 'string');
  return value === undefined || typeof value === 'string' || typeof value === 'number';
}

function deepFreeze(value: object): void {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child);
  Object.freeze(value);
}

function toBlock(args: RuleArgs, name: RuleName): Block {
  return { kind: 'block', name, body: body(...fieldOrder.map((field) => opt(field, args[field]))) };
}

/** Reads a rule block's arguments back; `unknown` lists attributes and blocks a rule cannot have. */
export function ruleArgsOf(block: Block): { args: RuleArgs; unknown: string[] } {
  const args: Record<string, Expr> = {};
  const unknown: string[] = [];
  for (const statement of block.body) {
    if (statement.kind === 'attribute' && (fieldOrder as readonly string[]).includes(statement.name)) args[statement.name] = statement.value;
    else unknown.push(statement.name);
  }
  return { args: args as RuleArgs, unknown };
}

/** checkRule for a parsed or hand-built block. */
export function checkRuleBlock(block: Block): string[] {
  const { args, unknown } = ruleArgsOf(block);
  return [...unknown.map((name) => `${name} is not a relabel rule field`), ...checkRule(args)];
}

/**
 * Rules given to a component, as rule() blocks or plain arguments, renamed to `name` (so one rule
 * serves as `rule` or `write_relabel_config`). Problems go to `report` as `rule 2 regex ...`.
 */
export function ruleBlocks(rules: readonly (Block | RuleArgs)[] | undefined, name: RuleName, report: Report): Block[] {
  const out: Block[] = [];
  if (rules === undefined) return out;
  for (let i = 0; i < rules.length; i++) out.push(ruleBlock(rules[i]!, i, name, report));
  return out;
}

function ruleBlock(item: Block | RuleArgs, i: number, name: RuleName, report: Report): Block {
  const isBlock = (item as Block).kind === 'block';
  const problems = !isBlock ? checkRule(item as RuleArgs) : checkedBodies.has((item as Block).body) ? [] : checkRuleBlock(item as Block);
  if (isBlock && (item as Block).name !== 'rule' && (item as Block).name !== 'write_relabel_config') problems.unshift(`is a ${(item as Block).name} block, not a rule`);
  for (const problem of problems) report(`${name} ${i + 1} ${problem}`);
  return isBlock ? { ...(item as Block), name } : toBlock(item as RuleArgs, name);
}
