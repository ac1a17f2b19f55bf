// One environment file, rendered: what the export keeps of it (files, counts, apps, warnings), not its
// objects or config, or the problems that stopped it.
import { isUserError } from '../errors.ts';
import { render, type Rendered } from '../render.ts';
import { displayPath } from './environments.ts';
import type { EnvExport } from '../output/writer.ts';
import { kustomizeFiles } from '../export/kustomize.ts';
import { labelVersion } from '../export/version-label.ts';

export type Outcome =
  | { file: string; exp: EnvExport; objects: number; warnings: string[]; apps: string[] }
  | { file: string; problems: string[] };

/** What the export adds to the rendered files: --kustomize (and whether with --sync-waves), the package's version label. */
export interface Additions {
  kustomize?: { syncWaves: boolean };
  version?: string;
}

// --tanka loads its module only when given.
export type Tanka = typeof import('../export/tanka.ts');

/** `loaded` is the file's default export, or what loading it threw. */
export function outcomeOf(file: string, loaded: { spec: unknown } | { error: unknown }, allowLists: Readonly<Record<string, string[]>>, tanka: Tanka | undefined, additions: Additions = {}): Outcome {
  let r: Rendered;
  try {
    if ('error' in loaded) throw loaded.error;
    r = render({ spec: loaded.spec, file: displayPath(file), allowLists });
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { file, problems: error.problems };
  }
  return { file, exp: toExport(r, tanka, additions), objects: r.files.size, warnings: r.warnings, apps: r.config.metrics.apps.map((a) => a.name) };
}

function toExport(r: Rendered, tanka: Tanka | undefined, { kustomize, version }: Additions): EnvExport {
  let { objects, files } = r;
  if (version !== undefined) ({ objects, files } = labelVersion(r.envName, objects, files, version));
  if (kustomize !== undefined) files = kustomizeFiles(r.envName, objects, files, kustomize.syncWaves);
  if (!tanka) return { envName: r.envName, envFile: r.envFile, files };
  const { tankaFiles, tankaFolder } = tanka;
  const extra = tankaFiles({
    envName: r.envName, envFile: r.envFile, namespace: r.config.namespace,
    labels: { cluster: r.config.clusterName }, objects,
  });
  return { envName: r.envName, envFile: r.envFile, files: new Map([...files, ...extra]), folders: [r.envName, tankaFolder(r.envName)] };
}
