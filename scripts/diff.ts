// tsx scripts/diff.ts [--base <git ref>] [--format plain|markdown] [--summary] [environment file or folder]...
// What a change does to the rendered output, for a reviewer (lib/cli/diff.ts). Exit 0 when nothing changed,
// 1 when something did (like `git diff --exit-code`), 2 on an error.
import { diffMain } from '../lib/cli/diff.ts';

// exitCode, not exit(): a large report to a pipe must be flushed before the process ends.
process.exitCode = await diffMain(process.argv.slice(2));
