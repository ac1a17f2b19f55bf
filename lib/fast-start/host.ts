// What the program gets from what runs it: from the sources, Node's own. The export's bundle runs as a script
// (bundle.ts says why), where import() is not available: there, this module is replaced by the
// launcher's, which also names the bundle and its folder.

/** import() of a module outside the program (an environment file), by URL; it loads through tsx as here. */
export function loadModule(url: string): Promise<unknown> {
  return import(url);
}

/**
 * A folder that lives exactly as long as the code running (the bundle's, keyed by its content), for what
 * holds only while that code is the same; none when running from the sources.
 */
export function codeCacheDir(): string | undefined {
  return undefined;
}

/** The bundle this code runs from, which a worker thread can run too (bundle-worker.ts); none from the sources. */
export function bundleFile(): string | undefined {
  return undefined;
}
