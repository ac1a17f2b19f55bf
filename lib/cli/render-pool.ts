// Renders a fleet's environments in worker threads, one per core (two at most), while this thread writes what they send
// back: rendering is pure and per environment, so it splits as Tanka's `export --parallel` does, and the files
// come out the same. Outcomes are yielded in file order, whatever order the workers finish in, so messages,
// warnings and the output do not depend on timing. Files that did not compile ahead (they import a package)
// render here, in their turn.
//
// Measured on a 2-core machine, whose two cores do not double the throughput of a render (two workers each
// rendered at ~7 ms an environment, one alone at ~4), with farm-bench against ALLOY_STACK_RENDER_WORKERS=0
// (wall medians, 6 pairs): a fleet of 1000 5.95 s against 6.63 s (A/B 0.87, peak RSS 410 against 214 MiB);
// of 200, 2.27 against 2.25 s; of 32, 1.21 against 1.02 s: workers start cold (~50 ms, then their first
// renders compile afresh), which a few hundred environments only pay back.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { canStartBundleWorker, startBundleWorker } from '../fast-start/bundle-worker.ts';
import { UserError } from '../errors.ts';
import type { Outcome } from './environment-outcome.ts';
import { unpackOutcome } from './packed-outcome.ts';
import type { RenderMessage, RenderReply, RenderSetup } from './render-worker.ts';

// Below this many files the export renders in its own thread: the workers' cold start costs as much (above).
const poolMinFiles = 300;
// Each worker holds its own library, heap and memos, 70 to 120 MiB at its peak: two keep a fleet of 1000
// within the benchmark's 512 MiB (bench/README.md), 350 to 450 MiB measured; a third might not.
const maxWorkers = 2;
// Environments sent to each worker ahead of the one the export waits for: enough that no worker waits on
// this thread while it writes, few enough that outcomes waiting their turn stay a handful.
const aheadPerWorker = 4;
// A render allocates much that dies young: with a worker's default young generation a fleet of 1000 rendered at
// 5.4 to 6.4 ms an environment in one worker, with 96 MiB at 3.9 to 4.3 (the export's own thread: 3.3 to 3.7).
// Two workers took the same time with 32, 64 or 128 MiB (5.1 to 5.4 s), the peak RSS 358 MiB with 32, 415 with 64.
const youngGenerationMb = 32;

/**
 * How many workers an export of `files` environment files renders with; 0 renders in this thread.
 * ALLOY_STACK_RENDER_WORKERS=<n> says how many whatever the count (0: none), where the bundle runs.
 */
export function poolSize(files: number): number {
  if (!canStartBundleWorker()) return 0;
  const asked = process.env.ALLOY_STACK_RENDER_WORKERS;
  if (asked !== undefined && asked !== '') {
    if (!/^\d+$/.test(asked)) throw new UserError(`ALLOY_STACK_RENDER_WORKERS: "${asked}" is not a number of worker threads (0 renders in the export's own)`);
    return Math.min(Number(asked), files);
  }
  if (files < poolMinFiles) return 0;
  const workers = Math.min(availableParallelism(), maxWorkers);
  return workers >= 2 ? workers : 0;
}

export interface RenderPool {
  /**
   * Yields the outcome of each file in order. `codes[i]` is the compiled script of `files[i]`; a file without
   * one is rendered by `here(i)` when its turn comes. A worker that fails fails the export.
   */
  render(files: readonly string[], codes: readonly (string | undefined)[], setup: RenderSetup, here: (i: number) => Promise<Outcome>): AsyncGenerator<Outcome>;
  /** Stops every worker; call it however the export ends. */
  stop(): Promise<void>;
}

interface Pending { resolve(outcome: Outcome): void; reject(error: unknown): void }
interface Slot { worker: Worker; pending: number }

/** Starts `workers` threads now, so they get ready while the environments compile; they render once given the files. */
export function startRenderPool(workers: number): RenderPool {
  const waiting = new Map<number, Pending>();
  let failure: { error: unknown } | undefined;
  let stopping = false;
  const fail = (error: unknown) => {
    failure ??= { error };
    for (const p of waiting.values()) p.reject(failure.error);
    waiting.clear();
  };
  const slots: Slot[] = Array.from({ length: workers }, () => {
    const worker = startBundleWorker('serveRenders', undefined, { maxYoungGenerationSizeMb: youngGenerationMb });
    if (worker === undefined) throw new Error('startRenderPool runs from the bundle (poolSize says when)');
    const slot: Slot = { worker, pending: 0 };
    worker.on('message', (reply: RenderReply) => {
      slot.pending--;
      const p = waiting.get(reply.i);
      waiting.delete(reply.i);
      if ('outcome' in reply) p?.resolve(unpackOutcome(reply.outcome));
      else p?.reject(Object.assign(new Error(reply.bug.message), { stack: reply.bug.stack }));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!stopping) fail(new Error(`a render worker stopped (exit code ${code}) with ${waiting.size} environments unrendered`));
    });
    return slot;
  });

  async function* render(files: readonly string[], codes: readonly (string | undefined)[], setup: RenderSetup, here: (i: number) => Promise<Outcome>): AsyncGenerator<Outcome> {
    for (const { worker } of slots) worker.postMessage({ setup } satisfies RenderMessage);
    const results = new Map<number, Promise<Outcome>>();
    let next = 0; // the next file to hand out
    const handOut = (until: number) => {
      for (; next < Math.min(until, files.length); next++) {
        const i = next;
        const code = codes[i];
        if (code === undefined) continue; // rendered here, in its turn
        const slot = slots.reduce((a, b) => (b.pending < a.pending ? b : a));
        slot.pending++;
        const result = new Promise<Outcome>((resolve, reject) => {
          if (failure) reject(failure.error);
          else waiting.set(i, { resolve, reject });
        });
        result.catch(() => {}); // awaited in its turn; not unhandled meanwhile
        results.set(i, result);
        slot.worker.postMessage({ render: { i, file: files[i]!, code } } satisfies RenderMessage);
      }
    };
    for (let i = 0; i < files.length; i++) {
      handOut(i + 1 + slots.length * aheadPerWorker);
      const result = results.get(i);
      results.delete(i);
      yield await (result ?? here(i));
    }
  }

  return {
    render,
    stop: async () => {
      stopping = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
