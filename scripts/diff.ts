// tsx scripts/diff.ts [--base <git ref>] [--format plain|markdown] [--summary] [environment file or folder]...
// Renders the environments at the base revision (with that revision's library and allow-lists) and in
// the work tree, in memory, and shows what a reviewer needs: per environment the objects added, removed
// and changed, a unified diff per changed object, and what now reaches (or stops reaching) Grafana Cloud.
// Exit 0 when nothing changed, 1 when something did (like `git diff --exit-code`), 2 on an error.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { diffEnvironment, type EnvDiff, type EnvSide } from '../lib/diff/objects.ts';
import { markdownReport, markdownTable } from '../lib/diff/markdown.ts';
import { plainReport, plainSummary } from '../lib/diff/plain.ts';
import { isUserError, UserError } from '../lib/errors.ts';
import { repoRoot } from './environments.ts';
import { atRevision, environmentFiles, mergeBaseWithMain, workTree, type Revision } from './revision.ts';

const usage = 'usage: tsx scripts/diff.ts [--base <git ref>] [--format plain|markdown] [--summary] [environment file or folder]...\n'
  + '  --base     the revision to compare the work tree with (default: the merge base of HEAD and main)\n'
  + '  --format   plain (default) or markdown, for a pull-request comment\n'
  + '  --summary  one line per environment (with markdown: the table alone)\n'
  + '  environments default to every environments/*.ts at either revision';

/** The environment as `revision` renders it, or undefined when the file does not exist there. */
async function sideOf(revision: Revision, file: string): Promise<EnvSide | undefined> {
  const exists = await fs.stat(path.join(revision.root, file)).then((s) => s.isFile(), () => false);
  return exists ? revision.render(file) : undefined;
}

function output(diffs: readonly EnvDiff[], format: string, summary: boolean, base: Revision): string {
  if (format === 'plain') return summary ? plainSummary(diffs) : plainReport(diffs);
  const changed = diffs.filter((d) => d.status !== 'unchanged').length;
  const subtitle = `Compared with ${base.label}: ${changed} of ${diffs.length} environment${diffs.length === 1 ? '' : 's'} changed.`;
  if (summary) return `${[subtitle, '', ...markdownTable(diffs)].join('\n')}\n`;
  return markdownReport(diffs, { subtitle, fullCommand: `npx tsx scripts/diff.ts --base ${base.commit?.slice(0, 7)}` });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      format: { type: 'string', default: 'plain' },
      summary: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (values.format !== 'plain' && values.format !== 'markdown') throw new UserError(`--format ${values.format}: expected plain or markdown\n${usage}`);
  const baseRef = values.base ?? (await mergeBaseWithMain(repoRoot));
  const base = await atRevision(baseRef, repoRoot, values.base === undefined ? 'the merge base with main' : baseRef);
  try {
    console.error(`comparing ${base.label} with the work tree`);
    const head = await workTree(repoRoot);
    const args = positionals.length > 0 ? positionals : [path.join(repoRoot, 'environments')];
    const diffs: EnvDiff[] = [];
    for (const file of await environmentFiles([base, head], args, repoRoot)) {
      diffs.push(diffEnvironment(file, await sideOf(base, file), await sideOf(head, file)));
    }
    process.stdout.write(output(diffs, values.format, values.summary, base));
    return diffs.some((d) => d.status !== 'unchanged') ? 1 : 0;
  } finally {
    await base.dispose();
  }
}

main().then(
  // exitCode, not exit(): a large report to a pipe must be flushed before the process ends.
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // 2 for every failure, so CI can tell "changed" (1) from "could not tell" (2).
    if (isUserError(error)) console.error(error.message);
    else if ((error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS')) console.error(`${(error as Error).message}\n${usage}`);
    else console.error(error);
    process.exitCode = 2;
  },
);
