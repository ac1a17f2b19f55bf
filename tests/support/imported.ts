// Writes an imported environment's text inside the project (tmp/, ignored by git), so its relative
// `../../lib/index.ts` import resolves, then loads it and renders it in memory like the export does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { render, type Rendered } from '../../lib/render.ts';
import { loadAllowLists } from '../../lib/cli/environments.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const libImport = '../../lib/index.ts';

let allowLists: Record<string, string[]> | undefined;

/** Writes `<root>/tmp/<dir>/<id>.ts` and returns its path. */
export function writeImported(dir: string, id: string, text: string): string {
  const folder = path.join(root, 'tmp', dir);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${id}.ts`);
  writeFileSync(file, text);
  return file;
}

export async function renderImported(file: string): Promise<Rendered> {
  allowLists ??= await loadAllowLists();
  // A query string per load: the same path written twice in one run is read again.
  const module = (await import(`${pathToFileURL(file).href}?v=${Date.now()}${Math.random()}`)) as { default: unknown };
  return render({ spec: module.default, file: path.relative(root, file), allowLists: allowLists! });
}

/** tsc over the written files of one folder, with the project's options; the diagnostics, empty when clean. */
export function typecheckImported(dir: string): string {
  const folder = path.join(root, 'tmp', dir);
  writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'] }));
  const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', folder], { cwd: root, encoding: 'utf8' });
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}`;
}
