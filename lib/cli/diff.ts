// The diff behind scripts/diff.ts: renders the environments at the base revision (with that revision's
// library and allow-lists) and in the work tree, in memory, and reports per environment the objects added,
// removed and changed, a unified diff per changed object, and what now reaches (or stops reaching) Grafana
// Cloud.
import fs from 'node:fs/promises';
import path from 'node:path';
import { diffEnvironment, type EnvDiff, type EnvSide } from '../diff/objects.ts';
import { markdownReport, markdownTable } from '../diff/markdown.ts';
import { plainReport, plainSummary } from '../diff/plain.ts';
import { atRevision, environmentFiles, mergeBaseWithMain, withPackage, workTree, type Revision } from '../diff/revision.ts';
import { parseArgs } from 'node:util';
import { isUserError, UserError } from '../errors.ts';
import { repoRoot } from './environments.ts';

export interface DiffOptions {
  /** The revision to compare the work tree with; default the merge base of HEAD and main. */
  base?: string;
  format: 'plain' | 'markdown';
  /** One line per environment (with markdown: the table alone). */
  summary: boolean;
  /** Environment files or folders; default every environments/*.ts at either revision. */
  paths: readonly string[];
  /** Render the base with this version (or tarball) of the package instead of a git revision. */
  basePackage?: string;
  /** The platform repository that holds the environments; default this repository. */
  project?: string;
  /** Where the library is, when not in `project` (the installed package's folder). */
  libraryRoot?: string;
  /** How the command is called, for the report's full-diff line; default `npx tsx scripts/diff.ts`. */
  command?: string;
}

/** The report, and whether anything changed. */
export async function diffCommand(options: DiffOptions): Promise<{ report: string; changed: boolean }> {
  const project = options.project ?? repoRoot;
  const base = options.basePackage !== undefined
    ? await withPackage(options.basePackage, project)
    : await atRevision(options.base ?? (await mergeBaseWithMain(project)), project, options.base ?? 'the merge base with main', options.libraryRoot);
  try {
    console.error(`comparing ${base.label} with the work tree`);
    const head = await workTree(project, options.libraryRoot);
    const args = options.paths.length > 0 ? options.paths : [path.join(project, 'environments')];
    const diffs: EnvDiff[] = [];
    for (const file of await environmentFiles([base, head], args, project)) {
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

function report(diffs: readonly EnvDiff[], { format, summary, command, basePackage }: DiffOptions, base: Revision): string {
  if (format === 'plain') return summary ? plainSummary(diffs) : plainReport(diffs);
  const changed = diffs.filter((d) => d.status !== 'unchanged').length;
  const subtitle = `Compared with ${base.label}: ${changed} of ${diffs.length} environment${diffs.length === 1 ? '' : 's'} changed.`;
  if (summary) return `${[subtitle, '', ...markdownTable(diffs)].join('\n')}\n`;
  return markdownReport(diffs, { subtitle, fullCommand: `${command ?? 'npx tsx scripts/diff.ts'} ${basePackage === undefined ? `--base ${base.commit?.slice(0, 7)}` : `--base-package ${basePackage}`}` });
}

const usageOf = (command: string) => `usage: ${command} [--base <git ref> | --base-package <version or tarball>] [--format plain|markdown] [--summary] [environment file or folder]...\n`
  + '  --base     the revision to compare the work tree with (default: the merge base of HEAD and main)\n'
  + '  --base-package  (installed package) render the base with that version of alloy-stack, or a tarball\n'
  + '  --format   plain (default) or markdown, for a pull-request comment\n'
  + '  --summary  one line per environment (with markdown: the table alone)\n'
  + '  environments default to every environments/*.ts at either revision';

/**
 * scripts/diff.ts and `alloy-stack diff`: parses `argv`, prints the report; the exit code: 0 when nothing
 * changed, 1 when something did (like `git diff --exit-code`), 2 on an error, so CI can tell "changed"
 * from "could not tell".
 */
export async function diffMain(argv: readonly string[], setting: Pick<DiffOptions, 'project' | 'libraryRoot' | 'command'> = {}): Promise<number> {
  const usage = usageOf(setting.command ?? 'tsx scripts/diff.ts');
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        'base-package': { type: 'string' },
        format: { type: 'string', default: 'plain' },
        summary: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    const { format } = values;
    if (values['base-package'] !== undefined && (values.base !== undefined || setting.libraryRoot === undefined)) {
      throw new UserError(`--base-package: ${values.base !== undefined ? 'give --base or --base-package, not both' : 'only the installed package (npx alloy-stack diff) renders with another version of itself'}\n${usage}`);
    }
    if (format !== 'plain' && format !== 'markdown') throw new UserError(`--format ${format}: expected plain or markdown\n${usage}`);
    const { report, changed } = await diffCommand({ ...setting, base: values.base, basePackage: values['base-package'], format, summary: values.summary, paths: positionals });
    process.stdout.write(report);
    return changed ? 1 : 0;
  } catch (error) {
    if (isUserError(error)) console.error(error.message);
    else if ((error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS')) console.error(`${(error as Error).message}\n${usage}`);
    else console.error(error);
    return 2;
  }
}
