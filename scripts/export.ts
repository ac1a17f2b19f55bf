// tsx scripts/export.ts <environment file or folder>... [--out DIR] [--check] [--tanka] [--kustomize [--sync-waves]]
// Renders the environments into DIR (default rendered/), all or nothing; --check compares instead and exits 1
// when the folder is stale. The work is lib/cli/export.ts, run from a cached bundle (lib/fast-start/bundle.ts
// says why); so that it stays fast, this file imports nothing else of the project but its argument parser.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundled } from '../lib/fast-start/bundle.ts';
import type { ExportOptions } from '../lib/cli/export.ts';
import { parseExportArgs } from '../lib/cli/export-args.ts';

let options: ExportOptions;
try {
  options = parseExportArgs(process.argv.slice(2), 'tsx scripts/export.ts');
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { result } = await runBundled({ root, entry: 'lib/cli/export.ts', run: 'exportCommand', args: [options], shared: ['lib/index.ts'] });
process.exit(result as number);
