// Shared by the tests of lib/output/writer.ts (whole exports and the streaming writer).
import * as assert from 'uvu/assert';
import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lockName, tmpPrefix, type EnvExport } from '../../lib/output/writer.ts';

/** uvu has no async throws: the promise must reject with a message matching `pattern`. */
export async function rejects(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await run();
  } catch (error) {
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a rejection matching ${pattern}`);
}

/** `make()` gives a fresh `<temp>/rendered` (not created); `removeAll()` removes every temp folder made. */
export function tempOutputs(prefix: string) {
  const temps: string[] = [];
  return {
    make: async (): Promise<string> => {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
      temps.push(dir);
      return path.join(dir, 'rendered');
    },
    removeAll: async (): Promise<void> => {
      for (const dir of temps) {
        await fsp.chmod(path.join(dir, 'rendered'), 0o755).catch(() => undefined); // tests may make it read-only
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Every entry under dir with its bytes (directories as null): "identical" means every byte. `skip` leaves out top-level names. */
export async function snapshot(dir: string, skip: (name: string) => boolean = () => false): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  const walk = async (d: string, prefix: string) => {
    for (const e of (await fsp.readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (prefix === '' && skip(e.name)) continue;
      const rel = prefix + e.name;
      if (e.isDirectory()) {
        out.set(rel + '/', null);
        await walk(path.join(d, e.name), rel + '/');
      } else out.set(rel, await fsp.readFile(path.join(d, e.name)));
    }
  };
  await walk(dir, '');
  return out;
}

/** An export of `files` (paths inside the environment's folder). */
export const env = (envName: string, files: Record<string, string>, extra: Partial<EnvExport> = {}): EnvExport => ({
  envName,
  envFile: `environments/${envName}.ts`,
  files: new Map(Object.entries(files).map(([k, v]) => [`${envName}/${k}`, v])),
  ...extra,
});

export function errnoError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** A temporary folder or lock of the writer. */
export const ours = (name: string) => name.startsWith(tmpPrefix) || name.startsWith(lockName);

export async function noLeftovers(out: string): Promise<void> {
  assert.equal((await fsp.readdir(out)).filter(ours), [], 'no temporary folder or lock left');
}
