// The import behind scripts/import.ts and `alloy-stack import`: writes an environment file from a Helm chart's
// values. Exits 1 when a key is unsupported (the file is then written only with --allow-unsupported, a
// TODO(import) comment at each), 2 on bad input.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isUserError } from '../errors.ts';
import { kubectlCommand } from '../import/credentials.ts';
import { readPipelineFiles } from '../import/custom-chart/pipeline-files.ts';
import { isValuesFormat, valuesFormats } from '../import/detect.ts';
import { environmentText, importReport, importValues, unsupportedCount } from '../import/import.ts';
import { readValuesFile } from '../import/values.ts';

export interface ImportSetting {
  /** How the command is called, for its usage line. */
  command: string;
  /** Where `environments/<name>.ts` goes by default. */
  root: string;
  /** What the written file imports the library as: a path to lib/index.ts (this repository) or a package name. */
  library: { file: string } | { package: string };
}

const usageOf = (command: string) => `usage: ${command} <values.yaml> [--name <env>] [--from ${valuesFormats.join('|')}] [--config-dir <dir>] [--out <file.ts>] [--allow-unsupported]`;

function main(argv: readonly string[], { command, root, library }: ImportSetting): number {
  const usage = usageOf(command);
  const args = { allow: false } as { file?: string; name?: string; from?: string; configDir?: string; out?: string; allow: boolean };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${usage}`);
      return next;
    };
    if (arg === '--name') args.name = value();
    else if (arg === '--from') args.from = value();
    else if (arg === '--config-dir') args.configDir = value();
    else if (arg === '--out') args.out = value();
    else if (arg === '--allow-unsupported') args.allow = true;
    else if (arg.startsWith('--') || args.file !== undefined) throw new Error(`unexpected argument ${arg}\n${usage}`);
    else args.file = arg;
  }
  if (args.file === undefined) throw new Error(usage);
  if (args.from !== undefined && !isValuesFormat(args.from)) throw new Error(`--from: expected one of ${valuesFormats.join(', ')}, got ${args.from}`);
  if (args.name !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(args.name)) throw new Error(`--name: expected a DNS label like prod-eu, got ${args.name}`);

  const result = importValues({
    values: readValuesFile(args.file),
    file: args.file,
    from: args.from as never,
    name: args.name,
    pipelineFiles: args.configDir === undefined ? undefined : readPipelineFiles(args.configDir),
  });
  for (const line of importReport(result)) console.log(line);
  const out = path.resolve(args.out ?? path.join(root, 'environments', `${result.name}.ts`));
  const unsupported = unsupportedCount(result);
  if (unsupported > 0 && !args.allow) {
    console.log(`not written: ${unsupported} unsupported key(s); --allow-unsupported writes ${path.relative(process.cwd(), out)} with a TODO(import) at each`);
    return 1;
  }
  let libImport = 'package' in library ? library.package : path.relative(path.dirname(out), library.file).split(path.sep).join('/');
  if ('file' in library && !libImport.startsWith('.')) libImport = `./${libImport}`;
  const text = environmentText(result, args.file, { libImport });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (result.secrets.length > 0) {
    console.log('Credentials were not copied. Create these Secrets (the values are in your values file):');
    for (const plan of result.secrets) console.log(kubectlCommand(plan));
  }
  return 0;
}

/** Runs the import; the exit code. */
export function importCommand(argv: readonly string[], setting: ImportSetting): number {
  try {
    return main(argv, setting);
  } catch (error) {
    console.error(isUserError(error) || error instanceof Error && !error.stack?.includes('/lib/') ? (error as Error).message : error);
    return 2;
  }
}
