// tsx scripts/export.ts <environment file or folder>... [--out DIR] [--check] [--tanka]
// Renders the environments into DIR (default rendered/), all or nothing; --check compares instead and exits 1
// when the folder is stale. The work is lib/cli/export.ts, run from a cached bundle (lib/fast-start/bundle.ts
// says why); so that it stays fast, this file imports nothing else of the project.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBundled } from '../lib/fast-start/bundle.ts';
import type { ExportOptions } from '../lib/cli/export.ts';

const usage = 'usage: tsx scripts/export.ts <environment file or folder>... [--out DIR] [--check] [--tanka]';

let options: ExportOptions;
try {
  const args = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string', default: 'rendered' }, check: { type: 'boolean', default: false }, tanka: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new Error(usage);
  options = { ...values, paths: positionals, rerun: args.filter((a) => a !== '--check').join(' ') };
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { result } = await runBundled({ root, entry: 'lib/cli/export.ts', run: 'exportCommand', args: [options], shared: ['lib/index.ts'] });
process.exit(result as number);
