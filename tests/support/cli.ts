// Runs our scripts as a user would, in a scratch copy of the repository's inputs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: readonly string[], cwd = repoRoot): Run {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'scripts', script), ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder with environments/ copied, so tests can break them without touching ours. */
export function scratchRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-e2e-'));
  fs.cpSync(path.join(repoRoot, 'environments'), path.join(dir, 'environments'), { recursive: true });
  // Environment files import the library by relative path; point them at this checkout.
  for (const name of fs.readdirSync(path.join(dir, 'environments'))) {
    const file = path.join(dir, 'environments', name);
    if (!fs.statSync(file).isFile()) continue; // environments/alloy/ holds snippets, not environments
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll("'../lib/index.ts'", JSON.stringify(path.join(repoRoot, 'lib', 'index.ts'))));
  }
  return dir;
}

/** Every file under dir, relative path -> bytes, for byte-for-byte comparisons. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), fs.readFileSync(full).toString('base64'));
  }
  return out;
}

/** Fails with a clear instruction when a Debian tool the test needs is missing. */
export function requireTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found: run scripts/install-tools.sh`);
}
