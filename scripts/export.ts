// tsx scripts/export.ts <environment file or folder>... [--out DIR] [--check] [--tanka]
// The command. Its work is in export-cli.ts, run from a cached bundle: scripts/bundle.ts says why.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBundled } from '../lib/fast-start/bundle.ts';

await runBundled({ root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), entry: 'scripts/export-cli.ts', shared: ['lib/index.ts'] });
