// Writes a cache file whole or not at all: a reader (another export at the same moment) sees the old
// content or the new, never half of it.
import { renameSync, writeFileSync } from 'node:fs';

export function replaceFile(file: string, data: string | NodeJS.ArrayBufferView): void {
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
