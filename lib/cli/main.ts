#!/usr/bin/env node
// `alloy-stack`, the package's command: export, diff and import, with the flags and exit codes of
// scripts/export.ts, scripts/diff.ts and scripts/import.ts, run from a platform repository (the working
// folder) on the package's compiled library. Environment files stay TypeScript: tsx's loader is registered
// first, and their `import ... from 'alloy-stack'` reaches the same compiled library this command uses.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';
import { parseExportArgs } from './export-args.ts';

register();

// The package's folder: lib/ (compiled), allow-lists/ and vendor/ beside it.
const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageVersion = () => (JSON.parse(readFileSync(path.join(packageRoot, '..', 'package.json'), 'utf8')) as { version: string }).version;

const usage = [
  'usage: alloy-stack <command> ...',
  '  export <environment file or folder>... [--out DIR] [--check] [--tanka] [--kustomize [--sync-waves]]',
  '  diff [--base <git ref> | --base-package <version or tarball>] [--format plain|markdown] [--summary] [environment file or folder]...',
  '  init [--name <env>] [--from-values values.yaml [--from <chart>] [--config-dir <dir>]]',
  '  import <values.yaml> [--name <env>] [--from <chart>] [--config-dir <dir>] [--out <file.ts>] [--allow-unsupported]',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const cwd = process.cwd();
  switch (command) {
    case 'export': {
      let options;
      try {
        options = parseExportArgs(args, 'alloy-stack export');
      } catch (error) {
        console.error((error as Error).message);
        return 1;
      }
      const { exportCommand } = await import('./export.ts');
      return exportCommand({ ...options, command: 'npx alloy-stack export', cache: path.join(cwd, 'node_modules', '.cache', 'alloy-stack', 'environments'), allowLists: path.join(cwd, 'allow-lists'), packageVersion: packageVersion() });
    }
    case 'diff': {
      const { diffMain } = await import('./diff.ts');
      return diffMain(args, { command: 'npx alloy-stack diff', project: cwd, libraryRoot: packageRoot });
    }
    case 'import': {
      const { importCommand } = await import('./import.ts');
      return importCommand(args, { command: 'alloy-stack import', root: cwd, library: { package: 'alloy-stack' } });
    }
    case 'init': {
      const { initCommand } = await import('./init.ts');
      return initCommand(args, { root: cwd, version: packageVersion() });
    }
    case '--version':
      console.log(packageVersion());
      return 0;
    case '--help':
    case '-h':
    case 'help':
      console.log(usage);
      return 0;
    default:
      console.error(command === undefined ? usage : `unknown command ${command}\n${usage}`);
      return command === undefined ? 1 : 2;
  }
}

// exitCode, not exit(): a large report to a pipe must be flushed before the process ends.
process.exitCode = await main(process.argv.slice(2));
