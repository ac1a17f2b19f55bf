// One environment file, rendered: what the export keeps of it (files, counts, apps, warnings), not its
// objects or config, or the problems that stopped it.
import { isUserError } from '../errors.ts';
import { render, type Rendered } from '../render.ts';
import { displayPath } from './environments.ts';
import type { EnvExport } from '../output/writer.ts';
import { kustomizeFiles } from '../export/kustomize.ts';

export type Outcome =
  | { file: string; exp: EnvExport; objects: number; warnings: string[]; apps: string[] }
  | { file: string; problems: string[] };

/** --kustomize, and whether with --sync-waves. */
export type Kustomize = { syncWaves: boolean };

// --tanka loads its module only when given.
export type Tanka = typeof import('../export/tanka.ts');

/** `loaded` is the file's default export, or what loading it threw. */
export function outcomeOf(file: string, loaded: { spec: unknown } | { error: unknown }, allowLists: Readonly<Record<string, string[]>>, tanka: Tanka | undefined, kustomize?: Kustomize): Outcome {
  let r: Rendered;
  try {
    if ('error' in loaded) throw loaded.error;
    r = render({ spec: loaded.spec, file: displayPath(file), allowLists });
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { file, problems: error.problems };
  }
  return { file, exp: toExport(r, tanka, kustomize), objects: r.files.size, warnings: r.warnings, apps: r.config.metrics.apps.map((a) => a.name) };
}

function toExport(r: Rendered, tanka: Tanka | undefined, kustomize: Kustomize | undefined): EnvExport {
  const files = kustomize === undefined ? r.files : kustomizeFiles(r.envName, r.objects, r.files, kustomize.syncWaves);
  if (!tanka) return { envName: r.envName, envFile: r.envFile, files };
  const { tankaFiles, tankaFolder } = tanka;
  const extra = tankaFiles({
    envName: r.envName, envFile: r.envFile, namespace: r.config.namespace,
    labels: { cluster: r.config.clusterName }, objects: r.objects,
  });
  return { envName: r.envName, envFile: r.envFile, files: new Map([...files, ...extra]), folders: [r.envName, tankaFolder(r.envName)] };
}
