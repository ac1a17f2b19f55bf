// Measuring helpers for the benchmark (suite.ts): child-process wall time and peak RSS, medians, a plain table.
// Figures are only ever compared as ratios to a baseline taken in the same run: machines are shared.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface RunResult {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** Peak RSS of the largest process in the run (the tsx CLI or the node it starts), in bytes. */
  peakRss: number;
  stdout: string;
  stderr: string;
}

// Loaded into every node process of a run (the tsx CLI and the child it spawns): appends its peak RSS to a
// file at exit. Plain JS in a data: URL, so it needs neither tsx nor GNU time, and costs about nothing.
const probe = `import fs from 'node:fs';process.on('exit',()=>{try{fs.appendFileSync(process.env.ALLOY_STACK_BENCH_RSS,process.resourceUsage().maxRSS+'\\n')}catch{}})`;
const probeOption = `--import=data:text/javascript,${encodeURIComponent(probe)}`;

/** Runs a command to its end and times it; fails with its output when it exits non-zero. */
export async function runTimed(command: string, args: readonly string[], cwd: string, baseEnv: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-rss-'));
  const rssFile = path.join(dir, 'rss');
  try {
    const env = { ...baseEnv, NODE_OPTIONS: `${baseEnv.NODE_OPTIONS ?? ''} ${probeOption}`.trim(), ALLOY_STACK_BENCH_RSS: rssFile };
    const start = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    const ms = performance.now() - start;
    if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr || stdout}`);
    const kb = readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number);
    return { ms, peakRss: Math.max(0, ...kb) * 1024, stdout, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `times` times (after one unmeasured warm-up run that fills tsx's transform cache) and keeps every result. */
export async function repeat<T>(times: number, run: (i: number) => Promise<T>, warmup = 1): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await run(-1 - i);
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await run(i));
  return results;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median time of a synchronous function over `times` calls, after `warmup` calls, in ms. */
export function medianTime(times: number, run: () => void, warmup = 3): number {
  for (let i = 0; i < warmup; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export const mib = (bytes: number) => bytes / (1024 * 1024);

/** A left-aligned first column and right-aligned others, for a terminal. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/**
 * The floor for writing a tree: `dir`'s files written again, same folders and bytes, one writeFileSync after
 * another into `into`. File creation costs about 1 ms on some machines, which then bounds any export of a fleet.
 */
export function writeFloor(dir: string, into: string): { ms: number; files: number } {
  const files: { rel: string; bytes: Buffer }[] = [];
  const walk = (at: string, rel: string) => {
    for (const e of readdirSync(at, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(at, e.name), path.join(rel, e.name));
      else files.push({ rel: path.join(rel, e.name), bytes: readFileSync(path.join(at, e.name)) });
    }
  };
  walk(dir, '');
  const start = performance.now();
  for (const f of files) {
    mkdirSync(path.dirname(path.join(into, f.rel)), { recursive: true });
    writeFileSync(path.join(into, f.rel), f.bytes);
  }
  const ms = performance.now() - start;
  rmSync(into, { recursive: true, force: true });
  return { ms, files: files.length };
}
