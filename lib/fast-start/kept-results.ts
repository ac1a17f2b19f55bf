// JSON files in the folder that lives as long as the running code (host.ts): for results that depend
// only on that code and on inputs the file's own content names. From the sources, nothing is kept.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { codeCacheDir } from './host.ts';
import { replaceFile } from './replace-file.ts';

/** What an earlier export kept under `name`; undefined when none (or unreadable: it is only a cache). */
export function readKept(name: string): unknown {
  const dir = codeCacheDir();
  if (dir === undefined) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Keeps `value` under `name` for the next export; a cache that cannot be written is left as it is. */
export function keep(name: string, value: unknown): void {
  const dir = codeCacheDir();
  if (dir === undefined) return;
  try {
    replaceFile(path.join(dir, name), JSON.stringify(value));
  } catch {
    // Read-only: the next export computes it again.
  }
}
