// How a bundle file runs as a script, in the launcher's thread (bundle.ts) and in a worker thread
// (bundle-worker.ts): wrapped in Node's own CommonJS parameters plus the launcher's host, on the first line so
// line numbers hold, with V8's code cache beside it.

/** The text before the bundle's; `wrapperTail` closes it. */
export const wrapperHead = '(function (exports, require, module, __filename, __dirname, __alloyStackHost) {';
export const wrapperTail = '\n})';

/** Where V8's code cache of a bundle sits. */
export const codeFileOf = (bundle: string): string => `${bundle}.v8-code`;
