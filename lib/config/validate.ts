// Environment spec -> validated Config with every default filled in, or a UserError whose every line
// names the environment file and the field.
import type { Config } from './config.gen.ts';
// environment.schema.json (defaults at their use sites) compiled ahead of time by scripts/gen-validators.ts,
// which holds ajv's options: loading ajv and compiling the schema took about 0.2 s per export.
import validate from './environment-validator.gen.js';
import { describeSchemaErrors } from './schema-errors.ts';
import { semanticProblems } from './semantic.ts';
import { UserError } from '../errors.ts';
import { copyData } from '../core/copy-data.ts';
import { patch } from '../core/patch.ts';
import { platformOf } from '../platforms/index.ts';
import { namespacedDefaults, namespacedProblems } from './namespaced-rbac.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Validates an environment and fills defaults. `file` prefixes every message. The overrides are kept
 * by reference: they may hold patch markers, which are not JSON.
 */
export function validateEnvironment(spec: unknown, file: string): Config {
  if (!isPlainObject(spec)) {
    throw new UserError(`${file}: the default export must be an environment object (use environment({...})), got ${spec === null ? 'null' : typeof spec}`);
  }
  const { overrides, ...rest } = spec;
  // The presets first (the platform's, the namespaced RBAC mode's), the environment's own settings over them.
  const preset = platformOf(rest.platform);
  const namespaced = (rest.rbac as { mode?: unknown } | undefined)?.mode === 'namespaced';
  const presets = [preset?.defaults, namespaced ? namespacedDefaults : undefined].filter((p) => p !== undefined);
  const base = presets.reduce<Record<string, unknown>>((merged, defaults) => patch<Record<string, unknown>>(merged, copyData(defaults)), {});
  const data: Record<string, unknown> = presets.length === 0 ? copyData(rest) : patch<Record<string, unknown>>(base, copyData(rest));
  if (overrides !== undefined) data.overrides = Array.isArray(overrides) ? [...overrides] : [overrides];
  if (!validate(data)) {
    throw new UserError(describeSchemaErrors(validate.errors ?? []).map((message) => `${file}: ${message}`));
  }
  const config = data as unknown as Config;
  const problems = [...semanticProblems(config), ...(preset?.problems(config) ?? []), ...namespacedProblems(config)];
  if (problems.length > 0) throw new UserError(problems.map((message) => `${file}: ${message}`));
  return config;
}
