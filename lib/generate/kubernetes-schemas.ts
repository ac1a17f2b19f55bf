// vendor/kubernetes/v1.<minor>/ (written by scripts/vendor-kubernetes.ts): strict JSON Schemas for every kind
// we emit, derived from registry packages because none ships the Kubernetes OpenAPI as data (see
// vendor/kubernetes/SOURCE).
// Fields, types and required-ness come from @kubernetes/client-node (model attributeTypeMap and the
// `?` in its .d.ts); which string fields are Quantities (client-node flattens them to string) comes
// from kubernetes-models' .d.ts.
import { readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

type Schema = Record<string, unknown>;
interface Attribute { name: string; baseName: string; type: string; format: string }
interface Field { description?: string; optional: boolean }
interface ModelDoc { description?: string; fields: Map<string, Field> }

/** Everything the pure part needs, read from node_modules by loadVendorInput(). */
export interface VendorInput {
  kubernetesVersion: string; // "1.34.0"
  packages: Record<string, string>; // name -> exact installed version
  models: Record<string, readonly Attribute[]>; // client-node class name -> attributeTypeMap
  docs: (className: string) => ModelDoc; // parsed client-node .d.ts
  quantityFields: ReadonlySet<string>; // "ResourceRequirements.limits"
}

/** The kinds we emit, with the client-node class that models each. */
export const KINDS = [
  { apiVersion: 'v1', kind: 'Namespace', model: 'V1Namespace' },
  { apiVersion: 'v1', kind: 'ServiceAccount', model: 'V1ServiceAccount' },
  { apiVersion: 'v1', kind: 'ConfigMap', model: 'V1ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret', model: 'V1Secret' },
  { apiVersion: 'v1', kind: 'Service', model: 'V1Service' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', model: 'V1PersistentVolumeClaim' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', model: 'V1StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', model: 'V1DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment', model: 'V1Deployment' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', model: 'V1ClusterRole' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', model: 'V1ClusterRoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', model: 'V1Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', model: 'V1RoleBinding' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', model: 'V1PodDisruptionBudget' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', model: 'V1NetworkPolicy' },
  // Not rendered by the library, but built in and added through overrides (autoscaling, quotas, priority).
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', model: 'V2HorizontalPodAutoscaler' },
  { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', model: 'V1PriorityClass' },
  { apiVersion: 'v1', kind: 'ResourceQuota', model: 'V1ResourceQuota' },
  { apiVersion: 'v1', kind: 'LimitRange', model: 'V1LimitRange' },
  { apiVersion: 'batch/v1', kind: 'Job', model: 'V1Job' },
  { apiVersion: 'batch/v1', kind: 'CronJob', model: 'V1CronJob' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', model: 'V1Ingress' },
] as const;

// The apiserver rejects these kinds without a spec (its Go validation needs spec.selector,
// spec.template, spec.resources...), but the OpenAPI marks no top-level field required.
const SPEC_REQUIRED = new Set(['StatefulSet', 'DaemonSet', 'Deployment', 'PersistentVolumeClaim', 'PodDisruptionBudget', 'NetworkPolicy',
  'HorizontalPodAutoscaler', 'Job', 'CronJob']);

export const DEFINITIONS_FILE = '_definitions.json';
export const kindFile = (apiVersion: string, kind: string) => `${apiVersion.replaceAll('/', '-')}.${kind}.json`;
export const versionDir = (kubernetesVersion: string) => `v${kubernetesVersion.split('.').slice(0, 2).join('.')}`;

// Kubernetes' own quantity grammar (apimachinery resource.ParseQuantity): number + one suffix.
const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$';
const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';
const SHARED: Record<string, Schema> = {
  IntOrString: { title: 'IntOrString', description: 'An int32 or a string, e.g. a port number or a port name.', type: ['integer', 'string'] },
  Quantity: {
    title: 'Quantity',
    description: 'A Kubernetes quantity such as 500m, 1.5, 128Mi or 1e3 (a number is accepted too).',
    type: ['string', 'number'],
    pattern: QUANTITY_PATTERN,
  },
};

/** V1Container -> Container, RbacV1Subject -> Subject: types get Kubernetes' short names. */
export const shortName = (className: string) => className.replace(/^([A-Z][a-z]+)?V\d+((alpha|beta)\d+)?/, '');

/** Pure: the vendored files (path relative to vendor/kubernetes -> bytes). */
export function buildVendorFiles(input: VendorInput): Map<string, string> {
  const kindModels = new Map<string, string>(KINDS.map((k) => [k.model, k.kind]));
  const definitions: Record<string, Schema> = {};
  const owner = new Map<string, string>(); // short name -> class, to catch collisions
  const queue: string[] = [];

  // A kind embedded in another object (StatefulSet volumeClaimTemplates) may omit apiVersion and
  // kind, so it gets its own definition and leaves the kind's name to the top-level schema.
  const defName = (cls: string) => (kindModels.has(cls) ? `Embedded${kindModels.get(cls)}` : shortName(cls));
  const ref = (cls: string): Schema => {
    const name = defName(cls);
    const prev = owner.get(name);
    if (prev !== undefined && prev !== cls) throw new Error(`type name ${name} used by both ${prev} and ${cls}`);
    if (prev === undefined) {
      owner.set(name, cls);
      queue.push(cls);
    }
    return { $ref: `#/definitions/${name}` };
  };

  const typeSchema = (type: string, format: string, quantity: boolean): Schema => {
    const array = /^Array<(.+)>$/.exec(type);
    if (array) return { type: 'array', items: typeSchema(array[1]!, format, quantity) };
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
    if (map) return { type: 'object', additionalProperties: typeSchema(map[1]!, format, quantity) };
    if (quantity) {
      if (type !== 'string') throw new Error(`quantity field of type ${type}`);
      return { $ref: '#/definitions/Quantity' };
    }
    switch (type) {
      case 'string':
        return format === 'byte' ? { type: 'string', pattern: BASE64_PATTERN } : { type: 'string' };
      case 'Date':
        return { type: 'string' };
      case 'boolean':
        return { type: 'boolean' };
      case 'number':
        return { type: format === 'int32' || format === 'int64' ? 'integer' : 'number' };
      case 'any':
        return {};
      case 'IntOrString':
        return { $ref: '#/definitions/IntOrString' };
      default:
        if (!input.models[type]) throw new Error(`unknown type ${type}`);
        return ref(type);
    }
  };

  // Object schema of a class; `omit` drops fields that never belong in rendered manifests.
  const objectSchema = (cls: string, omit: ReadonlySet<string>): Schema => {
    const attrs = input.models[cls];
    if (!attrs) throw new Error(`no model ${cls}`);
    const doc = input.docs(cls);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const a of attrs) {
      if (omit.has(a.baseName)) continue;
      const field = doc.fields.get(a.name);
      if (!field) throw new Error(`${cls}.${a.name} missing from its .d.ts`);
      const quantity = input.quantityFields.has(`${shortName(cls)}.${a.baseName}`);
      const schema = typeSchema(a.type, a.format, quantity);
      properties[a.baseName] = field.description ? { description: field.description, ...schema } : schema;
      if (!field.optional) required.push(a.baseName);
    }
    const out: Schema = { type: 'object', additionalProperties: false, properties };
    if (doc.description) out.description = doc.description;
    if (required.length) out.required = required.sort();
    return out;
  };

  const files = new Map<string, string>();
  const dir = versionDir(input.kubernetesVersion);
  for (const k of KINDS) {
    const schema = objectSchema(k.model, new Set(['status']));
    const props = schema.properties as Record<string, Schema>;
    props.apiVersion = { ...props.apiVersion, const: k.apiVersion };
    props.kind = { ...props.kind, const: k.kind };
    const required = new Set([...((schema.required as string[]) ?? []), 'apiVersion', 'kind', 'metadata']);
    if (SPEC_REQUIRED.has(k.kind)) required.add('spec');
    schema.required = [...required].sort();
    const body = JSON.stringify(schema).replaceAll('"#/definitions/', `"${DEFINITIONS_FILE}#/definitions/`);
    files.set(`${dir}/${kindFile(k.apiVersion, k.kind)}`, stableJson({
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: kindFile(k.apiVersion, k.kind),
      title: k.kind,
      ...JSON.parse(body),
    }));
  }
  while (queue.length) {
    const cls = queue.shift()!;
    const omit = kindModels.has(cls) ? new Set(['status']) : new Set<string>();
    definitions[defName(cls)] = { title: defName(cls), ...objectSchema(cls, omit) };
  }
  files.set(`${dir}/${DEFINITIONS_FILE}`, stableJson({
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: DEFINITIONS_FILE,
    definitions: { ...definitions, ...SHARED },
  }));
  files.set('SOURCE', sourceNote(input, dir));
  return files;
}

function sourceNote(input: VendorInput, dir: string): string {
  const pkgs = Object.entries(input.packages).map(([n, v]) => `  ${n}@${v}`).sort().join('\n');
  return `Generated by scripts/vendor-kubernetes.ts; do not edit. Regenerate with: npx tsx scripts/vendor-kubernetes.ts

Kubernetes ${input.kubernetesVersion} (the newest "OpenAPI spec version" in the client-node models) -> ${dir}/
Derived from these npm packages (exact versions, pinned in package.json):
${pkgs}

- @kubernetes/client-node: every type's fields, JSON names and types (model attributeTypeMap),
  required fields (properties without "?" in the model .d.ts), descriptions (.d.ts comments).
- kubernetes-models: which string fields are resource Quantities (client-node flattens them to string).
Added by the script: additionalProperties false on every object type (maps such as labels stay
open), apiVersion/kind constants, apiVersion/kind/metadata (and spec for workloads, PVC, PDB,
NetworkPolicy) required, IntOrString and Quantity as string-or-number, base64 pattern on byte
fields, no status (rendered manifests never carry one).
`;
}

/** JSON with recursively sorted keys, so regeneration is byte-identical. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** Parses an OpenAPI-generator model .d.ts: class comment, and per property its comment and `?`. */
export function parseModelDts(text: string): ModelDoc {
  const fields = new Map<string, Field>();
  let description: string | undefined;
  let comment: string[] | null = null;
  let pending: string | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('/**')) comment = [];
    else if (comment && t.startsWith('*/')) {
      pending = comment.join('\n').trim() || undefined;
      comment = null;
    } else if (comment) comment.push(t.replace(/^\* ?/, ''));
    else if (t.startsWith('export declare class')) {
      description = pending;
      pending = undefined;
    } else {
      const prop = /^ {4}'([^']+)'(\?)?:/.exec(line);
      if (prop) {
        fields.set(prop[1]!, { optional: prop[2] === '?', ...(pending ? { description: pending } : {}) });
        pending = undefined;
      } else if (!t.startsWith('[') && !t.startsWith('}')) pending = undefined;
    }
  }
  const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
  for (const f of fields.values()) if (f.description) f.description = unescape(f.description);
  return { fields, ...(description ? { description: unescape(description) } : {}) };
}

/** "Type.field" for every field kubernetes-models types as a Quantity (or map/array of them). */
export function quantityFieldsOf(dtsTexts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of dtsTexts) {
    const noComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const m of noComments.matchAll(/^export interface I(\w+) \{\n([\s\S]*?)^\}/gm)) {
      const chunks = m[2]!.split(/^(?= {4}"[^"]+"\??:)/m);
      for (const chunk of chunks) {
        const field = /^ {4}"([^"]+)"/.exec(chunk);
        if (field && /ResourceQuantity\b/.test(chunk)) out.add(`${m[1]}.${field[1]}`);
      }
    }
  }
  return out;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VENDOR_DIR = path.join(root, 'vendor', 'kubernetes');

/**
 * The Kubernetes version a client-node release models: the newest "OpenAPI spec version" its model files
 * name (`v1.34.0` or, from 2.x, `release-1.36`; files left from older generator runs name older ones).
 */
export function newestSpecVersion(modelsDir: string): string {
  const versions = readdirSync(modelsDir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => /(?:OpenAPI spec version|version of the OpenAPI document): (?:v|release-)(\d+)\.(\d+)(?:\.(\d+))?/.exec(readFileSync(path.join(modelsDir, f), 'utf8')))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const newest = versions.at(-1);
  if (!newest) throw new Error(`no "OpenAPI spec version" in ${modelsDir}`);
  return newest.join('.');
}

/** Impure: reads the installed packages. */
export async function loadVendorInput(): Promise<VendorInput> {
  const require = createRequire(path.join(root, 'package.json'));
  const clientDir = path.dirname(require.resolve('@kubernetes/client-node/package.json'));
  const modelsDir = path.join(clientDir, 'dist', 'gen', 'models');
  const all = (await import(pathToFileURL(path.join(modelsDir, 'all.js')).href)) as Record<string, { attributeTypeMap?: Attribute[] }>;
  const models: Record<string, readonly Attribute[]> = {};
  for (const [name, cls] of Object.entries(all)) if (cls.attributeTypeMap) models[name] = cls.attributeTypeMap;

  const newest = newestSpecVersion(modelsDir);

  const kmDir = path.dirname(require.resolve('kubernetes-models/package.json'));
  const dts: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== '_schemas') walk(path.join(d, e.name));
      else if (e.name.endsWith('.d.ts')) dts.push(readFileSync(path.join(d, e.name), 'utf8'));
    }
  };
  walk(kmDir);

  const version = (dir: string) => (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    kubernetesVersion: newest,
    packages: { '@kubernetes/client-node': version(clientDir), 'kubernetes-models': version(kmDir) },
    models,
    docs: (cls) => parseModelDts(readFileSync(path.join(modelsDir, `${cls}.d.ts`), 'utf8')),
    quantityFields: quantityFieldsOf(dts),
  };
}

/** Vendored files whose bytes differ from what the script would write (missing and extra included). */
export function staleVendorFiles(files: ReadonlyMap<string, string>): string[] {
  const stale: string[] = [];
  for (const [rel, content] of files) {
    const file = path.join(VENDOR_DIR, rel);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(rel);
  }
  for (const rel of listFiles(VENDOR_DIR)) if (!files.has(rel)) stale.push(rel);
  return stale.sort();
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** Replaces vendor/kubernetes with `files`. */
export function writeVendorFiles(files: ReadonlyMap<string, string>): void {
  rmSync(VENDOR_DIR, { recursive: true, force: true });
  for (const [rel, content] of files) {
    mkdirSync(path.dirname(path.join(VENDOR_DIR, rel)), { recursive: true });
    writeFileSync(path.join(VENDOR_DIR, rel), content);
  }
}
