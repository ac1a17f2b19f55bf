// Applies rendered relabel `rule` blocks to a target the way Alloy does (replace, keep, drop; anchored
// RE2), so tests check what a rule does to a real pod or journal entry, not how it is spelled.
import type { Block, Expr } from '../../../lib/alloy/ast.ts';
import { ruleArgsOf } from '../../../lib/alloy/relabel.ts';
import { matchesRelabel } from '../../../lib/alloy/re2.ts';
import { RE2JS } from 're2js';

type Target = Record<string, string>;

const text = (e: Expr | undefined, fallback: string) => (e === undefined ? fallback : e.kind === 'string' ? e.value : fail(e.kind));
const list = (e: Expr | undefined) => (e === undefined ? [] : e.kind === 'array' ? e.elements.map((x) => text(x, '')) : fail(e.kind));
function fail(kind: string): never { throw new Error(`relabel-run reads literal rules only, got a ${kind}`); }

/** The target after the rules, or undefined when a rule drops it. */
export function applyRules(rules: readonly Block[], input: Target): Target | undefined {
  const target = { ...input };
  for (const block of rules) {
    const a = ruleArgsOf(block).args as Record<string, Expr | undefined>;
    const action = text(a.action, 'replace');
    const regex = text(a.regex, '(.*)');
    const value = list(a.source_labels).map((name) => target[name] ?? '').join(text(a.separator, ';'));
    if (action === 'keep' && !matchesRelabel(regex, value)) return undefined;
    if (action === 'drop' && matchesRelabel(regex, value)) return undefined;
    if (action === 'replace') {
      const m = RE2JS.compile(`^(?s:${regex})$`).matcher(value);
      if (!m.matches()) continue;
      const replacement = text(a.replacement, '$1').replace(/\$(\d+)|\$\{(\d+)\}/g, (_, x, y) => m.group(Number(x ?? y)) ?? '');
      const label = text(a.target_label, '');
      if (replacement === '') delete target[label];
      else target[label] = replacement;
    } else if (action !== 'keep' && action !== 'drop') fail(`action ${action}`);
  }
  return target;
}

export const rulesOf = (block: Block): Block[] => block.body.filter((s): s is Block => s.kind === 'block' && s.name === 'rule');
