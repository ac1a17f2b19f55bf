// import() of a module outside the program (an environment file), by URL. Its own module because the
// bundle (scripts/bundle.ts) runs as a script, where import() is not available: there, this module is
// replaced by the launcher's import(), which loads through tsx as here.
export function loadModule(url: string): Promise<unknown> {
  return import(url);
}
