// Environment spec -> validated Config with every default filled in, or a UserError whose every line
// names the environment file and the field.
import { Ajv, type ValidateFunction } from 'ajv';
import schema from './environment.schema.json' with { type: 'json' };
import type { Config } from './config.gen.ts';
import { defaultsAtUseSites } from './schema-transforms.ts';
import { describeSchemaErrors } from './schema-errors.ts';
import { semanticProblems } from './semantic.ts';
import { UserError } from '../errors.ts';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true, keywords: ['x-expected'] })
    .compile(defaultsAtUseSites(schema));
  return compiled;
}

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
  const data: Record<string, unknown> = structuredClone(rest);
  if (overrides !== undefined) data.overrides = Array.isArray(overrides) ? [...overrides] : [overrides];
  const validate = validator();
  if (!validate(data)) {
    throw new UserError(describeSchemaErrors(validate.errors ?? []).map((message) => `${file}: ${message}`));
  }
  const config = data as unknown as Config;
  const problems = semanticProblems(config);
  if (problems.length > 0) throw new UserError(problems.map((message) => `${file}: ${message}`));
  return config;
}
