// The export's arguments, for scripts/export.ts and `alloy-stack export`; it imports nothing of the project,
// so that scripts/export.ts stays a small launcher (it says why).
import { parseArgs } from 'node:util';

export interface ExportArgs {
  paths: string[];
  out: string;
  check: boolean;
  tanka: boolean;
  kustomize: boolean;
  syncWaves: boolean;
  /** The arguments less --check, for the message that says how to refresh stale output. */
  rerun: string;
}

export const exportUsage = (command: string) =>
  `usage: ${command} <environment file or folder>... [--out DIR] [--check] [--tanka] [--kustomize [--sync-waves]]`;

/** Throws with the usage line on bad arguments. */
export function parseExportArgs(args: readonly string[], command: string): ExportArgs {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'rendered' },
      check: { type: 'boolean', default: false },
      tanka: { type: 'boolean', default: false },
      kustomize: { type: 'boolean', default: false },
      'sync-waves': { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw new Error(exportUsage(command));
  if (values['sync-waves'] && !values.kustomize) throw new Error(`--sync-waves goes with --kustomize\n${exportUsage(command)}`);
  return {
    paths: positionals,
    out: values.out,
    check: values.check,
    tanka: values.tanka,
    kustomize: values.kustomize,
    syncWaves: values['sync-waves'],
    rerun: args.filter((a) => a !== '--check').join(' '),
  };
}
