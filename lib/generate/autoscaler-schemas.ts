// The VerticalPodAutoscaler (autoscaling.k8s.io/v1) schema in vendor/kubernetes, beside the built-in kinds'.
// VPA is an add-on, its kind a CRD, so client-node does not model it; @kubernetes-models/autoscaler types it in
// .d.ts files, and ts-json-schema-generator turns those types into JSON Schema. This file fits that schema to
// the vendored set: the shared ObjectMeta and Quantity, definitions in _definitions.json, strict objects, no status.
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFINITIONS_FILE, kindFile, stableJson } from './kubernetes-schemas.ts';

type Schema = Record<string, unknown>;

export interface CustomKindInput {
  apiVersion: string;
  kind: string;
  /** ts-json-schema-generator's output for the kind's interface: `definitions` with `I`-prefixed names. */
  generated: Schema;
  /** The package the .d.ts came from, `name@version`. */
  source: string;
}

// Generated types that already have a vendored definition, and those that only status or ObjectMeta reach.
const SHARED: Readonly<Record<string, string>> = { IObjectMeta: 'ObjectMeta', IQuantity: 'Quantity' };

/** `IContainerResourcePolicy` -> `VerticalPodAutoscalerContainerResourcePolicy`: no clash with a built-in type. */
const definitionName = (kind: string, generated: string): string => {
  const bare = generated.replace(/^I/, '');
  return bare.startsWith(kind) ? bare : `${kind}${bare}`;
};

/**
 * Pure: adds the kind's schema file to `files` (vendor/kubernetes paths -> text, as buildVendorFiles writes them)
 * and its types to the shared definitions, under the newest version's directory.
 */
export function withCustomKinds(files: ReadonlyMap<string, string>, dir: string, inputs: readonly CustomKindInput[]): Map<string, string> {
  const out = new Map(files);
  const definitionsPath = `${dir}/${DEFINITIONS_FILE}`;
  const shared = JSON.parse(out.get(definitionsPath)!) as { definitions: Record<string, Schema> };
  const notes: string[] = [];
  for (const input of inputs) {
    const generated = (input.generated.definitions ?? {}) as Record<string, Schema>;
    const top = `I${input.kind}`;
    if (!generated[top]) throw new Error(`${input.source}: no ${top} in the generated schema`);
    const rename = (name: string) => SHARED[name] ?? definitionName(input.kind, name);
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (!node || typeof node !== 'object') return node;
      const entries = Object.entries(node).map(([key, value]) => {
        if (key === '$ref' && typeof value === 'string') return [key, `#/definitions/${rename(value.replace('#/definitions/', ''))}`];
        return [key, rewrite(value)];
      });
      return Object.fromEntries(entries);
    };
    // Walk from the kind through its spec, so status and ObjectMeta's own types are never vendored.
    const reached = new Set<string>();
    const visit = (node: unknown) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key !== '$ref' || typeof value !== 'string') visit(value);
        else {
          const name = value.replace('#/definitions/', '');
          if (SHARED[name] === undefined && !reached.has(name)) {
            reached.add(name);
            visit(generated[name]);
          }
        }
      }
    };
    const { status: _status, ...properties } = generated[top]!.properties as Record<string, Schema>;
    visit(properties);
    for (const name of [...reached].sort()) {
      const target = rename(name);
      if (shared.definitions[target] !== undefined) throw new Error(`${input.source}: definition ${target} already vendored`);
      shared.definitions[target] = { title: target, ...(rewrite(generated[name]) as Schema) };
    }
    const { description } = generated[top]!;
    out.set(`${dir}/${kindFile(input.apiVersion, input.kind)}`, stableJson({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: kindFile(input.apiVersion, input.kind),
      title: input.kind,
      ...(description === undefined ? {} : { description }),
      type: 'object',
      additionalProperties: false,
      // Inside _definitions.json refs stay local; from the kind's own file they name that file.
      properties: JSON.parse(JSON.stringify(rewrite(properties)).replaceAll('"#/definitions/', `"${DEFINITIONS_FILE}#/definitions/`)),
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
    }));
    notes.push(`  ${input.apiVersion} ${input.kind}: ${input.source} (.d.ts types, through ts-json-schema-generator)`);
  }
  out.set(definitionsPath, stableJson(shared));
  out.set('SOURCE', `${out.get('SOURCE')}
Custom resources (add-ons a cluster may run, not served by Kubernetes itself), same rules, no status:
${notes.join('\n')}
`);
  return out;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Impure: generates the VerticalPodAutoscaler's schema from the installed @kubernetes-models/autoscaler. */
export async function loadCustomKinds(): Promise<CustomKindInput[]> {
  const require = createRequire(path.join(root, 'package.json'));
  const dir = path.dirname(require.resolve('@kubernetes-models/autoscaler/package.json'));
  const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const { createGenerator } = await import('ts-json-schema-generator');
  const generated = createGenerator({
    path: path.join(dir, 'autoscaling.k8s.io', 'v1', 'VerticalPodAutoscaler.d.ts'),
    type: 'IVerticalPodAutoscaler',
    skipTypeCheck: true,
    expose: 'all',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
  }).createSchema('IVerticalPodAutoscaler') as Schema;
  return [{ apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler', generated, source: `@kubernetes-models/autoscaler@${version}` }];
}
