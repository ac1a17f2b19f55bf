// A worker thread that runs the bundle this code runs from (host.ts names it) and calls one function its entry
// exports. The worker evaluates the same file the same way (bundle-script.ts), so V8 takes the same code cache:
// a worker was ready in about 50 ms (30 ms of it evaluating the bundle). From the sources there is no bundle,
// and so no worker: tsx would have to load every module again in each.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { bundleFile } from './host.ts';
import { codeFileOf, wrapperHead, wrapperTail } from './bundle-script.ts';
import { isOff } from './switches.ts';

// Plain JavaScript: it runs before any of the bundle does.
const launcher = `
const { workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { file, codeFile, head, tail, run, data } = workerData;
let cachedData;
try { if (codeFile) cachedData = readFileSync(codeFile); } catch {}
const script = new vm.Script(head + readFileSync(file, 'latin1') + tail, { filename: file, cachedData });
const module = { exports: {} };
const host = { loadModule: (url) => import(url), codeCacheDir: path.dirname(file), bundleFile: file };
script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file), host);
module.exports.load()[run](data);
`;

/** Whether this code runs from a bundle, so that startBundleWorker can start one. */
export const canStartBundleWorker = (): boolean => bundleFile() !== undefined;

/**
 * A worker running this bundle's entry function `run` with `data` (structured-cloned), within `limits`; it
 * talks through its parentPort. Undefined from the sources.
 */
export function startBundleWorker(run: string, data: unknown, limits?: ResourceLimits): Worker | undefined {
  const file = bundleFile();
  if (file === undefined) return undefined;
  const codeFile = isOff('V8_CACHE') ? undefined : codeFileOf(file);
  // No execArgv: tsx's loader, which the parent was started with, has nothing to load here.
  return new Worker(launcher, { eval: true, execArgv: [], resourceLimits: limits, workerData: { file, codeFile, head: wrapperHead, tail: wrapperTail, run, data } });
}
