// The public API: what environment files and scripts import.
export { environment } from './config/environment.ts';
export type { Environment, EnvironmentInput, EnvironmentPatch, TreePatch } from './config/environment.ts';
export { patch, replace, append, prepend, byName, remove } from './core/patch.ts';
export type { Config } from './config/config.gen.ts';
