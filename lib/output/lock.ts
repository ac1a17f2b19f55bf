// The lock of an output folder: `.alloy-stack.lock` created exclusively, holding "pid token". A lock whose pid
// is dead is taken over; to take it over, a writer first renames it to a name of its own, so two writers
// cannot both do it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { UserError } from '../errors.ts';
import { readIfExists, wrap, type Fs } from './fs.ts';

export const lockName = '.alloy-stack.lock';

export interface LockOptions {
  /** How long to wait for another export writing the same folder; default 10 s. */
  lockWaitMs?: number;
  pid?: number;
  isAlive?: (pid: number) => boolean;
}

/** Takes the lock of outDir, waiting for a live holder; resolves to the function that releases it. */
export async function acquireLock(outDir: string, fs: Fs, options: LockOptions): Promise<() => Promise<void>> {
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processIsAlive;
  const lockPath = path.join(outDir, lockName);
  const token = `${pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + (options.lockWaitMs ?? 10_000);
  for (;;) {
    try {
      await fs.writeFile(lockPath, token, { flag: 'wx' });
      return async () => {
        if ((await readIfExists(fs, lockPath)) === token) await fs.unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw wrap(`lock ${outDir}`, error);
    }
    const held = await readIfExists(fs, lockPath);
    if (held === undefined) continue; // released meanwhile
    const holder = Number.parseInt(held, 10);
    if (held !== '' && Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      await takeOver(fs, lockPath, held, pid);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new UserError(`another export is writing ${outDir} (pid ${Number.isInteger(holder) ? holder : 'unknown'}); wait for it to finish, or remove ${lockPath} if that process is gone`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function takeOver(fs: Fs, lockPath: string, held: string, pid: number): Promise<void> {
  const aside = `${lockPath}.stale-${pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return; // someone else moved it first
  }
  if ((await readIfExists(fs, aside)) !== held) {
    await fs.link(aside, lockPath).catch(() => undefined); // a fresh lock of another writer: put it back
  }
  await fs.unlink(aside).catch(() => undefined);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
