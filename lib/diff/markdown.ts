// The pull-request comment: a table of every environment, then per changed environment its cost
// line, its added and removed objects and one collapsed diff per changed object. GitHub refuses
// comments over 65536 characters, so past a budget the remaining diffs are named, not shown.
import { costText } from './cost.ts';
import type { ChangedObject, EnvDiff } from './objects.ts';
import { countsText, dataText } from './summary.ts';

export interface MarkdownOptions {
  /** A line under the heading, e.g. which revisions were compared. */
  subtitle?: string;
  /** Stop adding diffs past this many characters. */
  maxLength?: number;
  /** The command that shows everything, for when diffs were left out. */
  fullCommand?: string;
}

export const defaultMaxLength = 60_000;

export function markdownReport(diffs: readonly EnvDiff[], options: MarkdownOptions = {}): string {
  const out: string[] = ['## Rendered output changes', ''];
  if (options.subtitle !== undefined) out.push(options.subtitle, '');
  out.push(...markdownTable(diffs), '');
  const budget = options.maxLength ?? defaultMaxLength;
  let left = 0;
  for (const diff of diffs.filter((d) => d.status !== 'unchanged')) {
    out.push(`### ${escape(diff.name)}`, '', `\`${diff.file}\`: ${escape(countsText(diff))}`, '');
    if (diff.cost.length > 0) out.push(`**Cloud path:** ${costText(diff.cost, code)}`, '');
    if (diff.added.length > 0) out.push(`**Added:** ${diff.added.map(code).join(', ')}`, '');
    if (diff.removed.length > 0) out.push(`**Removed:** ${diff.removed.map(code).join(', ')}`, '');
    for (const object of diff.changed) {
      const block = details(object);
      if (left > 0 || length(out) + block.length > budget) left++;
      else out.push(block);
    }
  }
  if (left > 0) {
    const how = options.fullCommand === undefined ? '' : `: run \`${options.fullCommand}\` to see them`;
    out.push(`_${left} more changed object${left === 1 ? '' : 's'} not shown, to keep this comment within GitHub's size limit${how}._`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The summary table alone: what `--summary --format markdown` prints. */
export function markdownTable(diffs: readonly EnvDiff[]): string[] {
  return [
    '| Environment | Objects | Cloud path |',
    '| --- | --- | --- |',
    ...diffs.map((d) => `| ${cell(escape(d.name))} | ${cell(escape(countsText(d)))} | ${cell(d.cost.length === 0 ? '' : costText(d.cost, code))} |`),
  ];
}

function details(object: ChangedObject): string {
  const text = object.patches.join('');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  const note = object.data === undefined ? '' : ` (${html(dataText(object.data))})`;
  // The blank line after <summary> lets GitHub render the fence inside as markdown.
  return [`<details><summary><code>${html(object.path)}</code>${note}</summary>`, '', `${fence}diff`, text.replace(/\n$/, ''), fence, '', '</details>', ''].join('\n');
}

function length(lines: readonly string[]): number {
  return lines.reduce((n, line) => n + line.length + 1, 0);
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}

/** A code span that holds any text: a fence longer than the backticks inside, padded when needed. */
function code(text: string): string {
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A `|` ends a table cell even inside a code span, unless escaped. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** Markdown text that came from names: `*`, `_` and friends stay literal. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>#~]/g, (c) => `\\${c}`);
}

function html(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
