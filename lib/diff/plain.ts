// The terminal output: per environment its summary and cost lines, the objects by change, then the
// diffs. `--summary` keeps only the first line of each.
import type { EnvDiff } from './objects.ts';
import { costLine, summaryLine } from './summary.ts';

export function plainSummary(diffs: readonly EnvDiff[]): string {
  return diffs.map((d) => `${summaryLine(d)}\n`).join('');
}

export function plainReport(diffs: readonly EnvDiff[]): string {
  return diffs.map(plainEnvironment).join('\n');
}

function plainEnvironment(diff: EnvDiff): string {
  const cost = costLine(diff);
  const lines = [summaryLine(diff), ...(cost === undefined ? [] : [cost])];
  lines.push(
    ...diff.added.map((p) => `  added:   ${p}`),
    ...diff.removed.map((p) => `  removed: ${p}`),
    ...diff.changed.map((c) => `  changed: ${c.path}`),
  );
  const patches = diff.changed.flatMap((c) => c.patches);
  return `${lines.join('\n')}\n${patches.length === 0 ? '' : `\n${patches.join('')}`}`;
}
