// tsx scripts/diff.ts [--base <git ref>] [--format plain|markdown] [--summary] [environment file or folder]...
// What a change does to the rendered output, for a reviewer (lib/cli/diff.ts). Exit 0 when nothing changed,
// 1 when something did (like `git diff --exit-code`), 2 on an error.
import { parseArgs } from 'node:util';
import { diffCommand } from '../lib/cli/diff.ts';
import { isUserError, UserError } from '../lib/errors.ts';

const usage = 'usage: tsx scripts/diff.ts [--base <git ref>] [--format plain|markdown] [--summary] [environment file or folder]...\n'
  + '  --base     the revision to compare the work tree with (default: the merge base of HEAD and main)\n'
  + '  --format   plain (default) or markdown, for a pull-request comment\n'
  + '  --summary  one line per environment (with markdown: the table alone)\n'
  + '  environments default to every environments/*.ts at either revision';

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
  const { format } = values;
  if (format !== 'plain' && format !== 'markdown') throw new UserError(`--format ${format}: expected plain or markdown\n${usage}`);
  const { report, changed } = await diffCommand({ base: values.base, format, summary: values.summary, paths: positionals });
  process.stdout.write(report);
  return changed ? 1 : 0;
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
