// Every *.gen.ts in the repo, from its JSON Schema with json-schema-to-typescript (scripts/gen-types.ts).
import { compile, type Options } from 'json-schema-to-typescript';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { argumentsSchema } from '../alloy/catalogue/arguments-schema.ts';
import type { Catalogue } from '../alloy/catalogue/types.ts';
import { resolvedSchema } from '../config/schema-transforms.ts';

type Schema = Record<string, unknown>;
interface Target {
  out: string; // relative to the repo root
  source: string; // what the first line names
  /** The schema to compile, or null when its source does not exist (yet). */
  schema: () => Schema | null;
  /** Describes the "(...)" after the source in the first line, when the schema is transformed. */
  note?: string;
  /** Lines after the first, before the types (imports the schema's `tsType`s name). */
  preamble?: string;
  /** Definitions only a `tsType` names must be emitted too. */
  allDefinitions?: true;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (rel: string): Schema | null => {
  const file = path.join(root, rel);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Schema) : null;
};

// Same options for every target. additionalProperties false: an object schema that does not say
// otherwise gets no index signature, so a typo in TypeScript fails like it does in ajv.
const OPTIONS: Partial<Options> = { additionalProperties: false, cwd: root };

/** Newest vendored Kubernetes version directory, e.g. vendor/kubernetes/v1.34. */
function kubernetesDir(): string | null {
  const base = path.join(root, 'vendor', 'kubernetes');
  if (!existsSync(base)) return null;
  const dirs = readdirSync(base).filter((d) => /^v\d+\.\d+$/.test(d));
  const minor = (d: string) => Number(d.split('.')[1]);
  const newest = dirs.sort((a, b) => minor(a) - minor(b)).at(-1);
  return newest ? `vendor/kubernetes/${newest}` : null;
}

/** One schema holding every vendored kind plus the shared definitions, refs made local. */
export function kubernetesRootSchema(dir: string): Schema | null {
  const shared = readJson(`${dir}/_definitions.json`);
  if (!shared) return null;
  const definitions = { ...(shared.definitions as Record<string, Schema>) };
  const kinds: string[] = [];
  for (const file of readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.json') && !f.startsWith('_')).sort()) {
    const { $id: _id, $schema: _schema, ...kind } = readJson(`${dir}/${file}`)!;
    const title = String(kind.title);
    definitions[title] = JSON.parse(JSON.stringify(kind).replaceAll('"_definitions.json#/definitions/', '"#/definitions/')) as Schema;
    kinds.push(title);
  }
  return refsWithoutSiblings({
    title: 'KubernetesObject',
    description: 'Any object kind we render.',
    anyOf: kinds.map((k) => ({ $ref: `#/definitions/${k}` })),
    definitions,
  }) as Schema;
}

// json-schema-to-typescript copies a $ref's sibling description onto a fresh copy of the target
// type (IntOrString1, IntOrString2...); behind allOf the field keeps its comment and the type its name.
function refsWithoutSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(refsWithoutSiblings);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, refsWithoutSiblings(v)]));
  const { $ref, ...rest } = out;
  return $ref !== undefined && Object.keys(rest).length > 0 ? { ...rest, allOf: [{ $ref }] } : out;
}

export function targets(): Target[] {
  const k8s = kubernetesDir();
  return [
    {
      out: 'lib/k8s/types.gen.ts',
      source: `${k8s ?? 'vendor/kubernetes/v1.<minor>'}/*.json`,
      schema: () => (k8s ? kubernetesRootSchema(k8s) : null),
    },
    { out: 'lib/config/environment.gen.ts', source: 'lib/config/environment.schema.json', schema: () => readJson('lib/config/environment.schema.json') },
    {
      out: 'lib/config/config.gen.ts',
      source: 'lib/config/environment.schema.json',
      note: 'defaults required',
      schema: () => {
        const s = readJson('lib/config/environment.schema.json');
        return s ? resolvedSchema(s) : null;
      },
    },
    {
      out: 'lib/alloy/components/arguments.gen.ts',
      source: 'vendor/alloy/catalogue.json',
      note: 'the arguments of every component',
      allDefinitions: true,
      preamble: "import type { Expr, Ref } from '../ast.ts';\nimport type { Bool, Dict, Duration, List, Num, Secret, Str, Targets, Value } from './values.ts';",
      schema: () => {
        const catalogue = readJson('vendor/alloy/catalogue.json');
        return catalogue ? argumentsSchema(catalogue as unknown as Catalogue) : null;
      },
    },
  ];
}

export interface Generated {
  out: string;
  content: string | null; // null: source missing, skipped
  source: string;
}

/** Generates every target in memory. */
export async function generateAll(): Promise<Generated[]> {
  const results: Generated[] = [];
  for (const t of targets()) {
    const schema = t.schema();
    const banner = `// Generated by scripts/gen-types.ts from ${t.source}${t.note ? ` (${t.note})` : ''}. Do not edit.${t.preamble ? `\n${t.preamble}` : ''}`;
    const content = schema ? await compile(schema as never, String(schema.title ?? 'Root'), { ...OPTIONS, bannerComment: banner, ...(t.allDefinitions ? { unreachableDefinitions: true } : {}) }) : null;
    results.push({ out: t.out, source: t.source, content });
  }
  return results;
}

function findGenFiles(dir: string, rel = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return findGenFiles(path.join(dir, e.name), r);
    return e.name.endsWith('.gen.ts') ? [r] : [];
  });
}

/** Problems --check reports: stale or missing outputs, and *.gen.ts files nothing generates. */
export function staleGenerated(generated: readonly Generated[]): string[] {
  const problems: string[] = [];
  for (const g of generated) {
    const file = path.join(root, g.out);
    if (g.content === null) {
      if (existsSync(file)) problems.push(`${g.out}: its source ${g.source} does not exist`);
      continue;
    }
    if (!existsSync(file)) problems.push(`${g.out}: missing`);
    else if (readFileSync(file, 'utf8') !== g.content) problems.push(`${g.out}: stale`);
  }
  const known = new Set(generated.map((g) => g.out));
  for (const f of findGenFiles(root)) if (!known.has(f)) problems.push(`${f}: no target in scripts/gen-types.ts generates it`);
  return problems;
}

/** Writes the generated files that differ from disk (of `only`, when given); the files written. */
export function writeGenerated(generated: readonly Generated[], only: readonly string[] = []): string[] {
  const written: string[] = [];
  for (const g of generated) {
    if (g.content === null || (only.length && !only.includes(g.out))) continue;
    const file = path.join(root, g.out);
    if (existsSync(file) && readFileSync(file, 'utf8') === g.content) continue;
    writeFileSync(file, g.content);
    written.push(g.out);
  }
  return written;
}
