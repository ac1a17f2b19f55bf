// The diff behind scripts/diff.ts: renders the environments at the base revision (with that revision's
// library and allow-lists) and in the work tree, in memory, and reports per environment the objects added,
// removed and changed, a unified diff per changed object, and what now reaches (or stops reaching) Grafana
// Cloud.
import fs from 'node:fs/promises';
import path from 'node:path';
import { diffEnvironment, type EnvDiff, type EnvSide } from '../diff/objects.ts';
import { markdownReport, markdownTable } from '../diff/markdown.ts';
import { plainReport, plainSummary } from '../diff/plain.ts';
import { atRevision, environmentFiles, mergeBaseWithMain, workTree, type Revision } from '../diff/revision.ts';
import { repoRoot } from './environments.ts';

export interface DiffOptions {
  /** The revision to compare the work tree with; default the merge base of HEAD and main. */
  base?: string;
  format: 'plain' | 'markdown';
  /** One line per environment (with markdown: the table alone). */
  summary: boolean;
  /** Environment files or folders; default every environments/*.ts at either revision. */
  paths: readonly string[];
}

/** The report, and whether anything changed. */
export async function diffCommand(options: DiffOptions): Promise<{ report: string; changed: boolean }> {
  const baseRef = options.base ?? (await mergeBaseWithMain(repoRoot));
  const base = await atRevision(baseRef, repoRoot, options.base === undefined ? 'the merge base with main' : baseRef);
  try {
    console.error(`comparing ${base.label} with the work tree`);
    const head = await workTree(repoRoot);
    const args = options.paths.length > 0 ? options.paths : [path.join(repoRoot, 'environments')];
    const diffs: EnvDiff[] = [];
    for (const file of await environmentFiles([base, head], args, repoRoot)) {
      diffs.push(diffEnvironment(file, await sideOf(base, file), await sideOf(head, file)));
    }
    return { report: report(diffs, options, base), changed: diffs.some((d) => d.status !== 'unchanged') };
  } finally {
    await base.dispose();
  }
}

/** The environment as `revision` renders it, or undefined when the file does not exist there. */
async function sideOf(revision: Revision, file: string): Promise<EnvSide | undefined> {
  const exists = await fs.stat(path.join(revision.root, file)).then((s) => s.isFile(), () => false);
  return exists ? revision.render(file) : undefined;
}

function report(diffs: readonly EnvDiff[], { format, summary }: DiffOptions, base: Revision): string {
  if (format === 'plain') return summary ? plainSummary(diffs) : plainReport(diffs);
  const changed = diffs.filter((d) => d.status !== 'unchanged').length;
  const subtitle = `Compared with ${base.label}: ${changed} of ${diffs.length} environment${diffs.length === 1 ? '' : 's'} changed.`;
  if (summary) return `${[subtitle, '', ...markdownTable(diffs)].join('\n')}\n`;
  return markdownReport(diffs, { subtitle, fullCommand: `npx tsx scripts/diff.ts --base ${base.commit?.slice(0, 7)}` });
}
