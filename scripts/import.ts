// tsx scripts/import.ts <values.yaml> [--name <env>] [--from k8s-monitoring-3|k8s-monitoring-2|custom-chart]
//   [--config-dir <dir>] [--out environments/<env>.ts] [--allow-unsupported]
// Writes an environment file from a Helm chart's values (lib/cli/import.ts). Exits 1 when a key is
// unsupported (the file is then written only with --allow-unsupported), 2 on bad input.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCommand } from '../lib/cli/import.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.exitCode = importCommand(process.argv.slice(2), { command: 'tsx scripts/import.ts', root, library: { file: path.join(root, 'lib', 'index.ts') } });
