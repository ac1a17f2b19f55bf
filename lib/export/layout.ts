// Where each object goes and what manifest.json says, exactly as
// `tk export <out> <env> --format '{{env.metadata.name}}/{{if or (eq .kind "Namespace") (eq .kind "CustomResourceDefinition")}}setup/{{end}}{{.apiVersion}}.{{.kind}}-{{or .metadata.name .metadata.generateName}}'`
// would write it: one object per file, Namespaces and CRDs under setup/ so plain kubectl can apply them first.
import type { KubeObject } from '../core/flatten.ts';
import { describeObject } from './process.ts';
import { toYamlEach } from './yaml.ts';

/** Kinds other objects depend on: `kubectl apply -f <env>/setup` first, then `-f <env>`. */
export const setupKinds: ReadonlySet<string> = new Set(['Namespace', 'CustomResourceDefinition']);

/** `apps-v1.StatefulSet-alloy.yaml`: Tanka turns a `/` produced by the template into `-`. */
export function fileName(object: KubeObject): string {
  const name = object.metadata.name ?? object.metadata.generateName ?? '';
  return `${object.apiVersion}.${object.kind}-${name}`.replaceAll('/', '-') + '.yaml';
}

/** The object's path inside its environment folder: `setup/v1.Namespace-monitoring.yaml` or a bare file name. */
export function objectPath(object: KubeObject): string {
  return (setupKinds.has(object.kind) ? 'setup/' : '') + fileName(object);
}

/** Environment names become folder names, so they must be one plain path segment. */
export function assertEnvName(envName: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(envName) || envName.length > 100) {
    throw new Error(`environment name ${JSON.stringify(envName)} cannot be a folder name: use letters, digits, '.', '_' and '-', starting with a letter or digit`);
  }
  return envName;
}

export interface RenderedFiles {
  /** `<env>/…` path (relative to the output folder) to YAML text, in sorted order. */
  files: Map<string, string>;
  /** Each object's text, in the order of the objects. */
  texts: string[];
}

/** The text of every object's file. Two objects that would share a file are an error naming both. */
export function renderFiles(envName: string, envFile: string, objects: readonly KubeObject[]): RenderedFiles {
  assertEnvName(envName);
  const indexByPath = new Map<string, number>();
  objects.forEach((object, i) => {
    const path = `${envName}/${objectPath(object)}`;
    const other = indexByPath.get(path);
    if (other !== undefined) {
      throw new Error(`${envFile}: ${describeObject(objects[other]!)} and ${describeObject(object)} would both be written to ${path}; give one of them another name`);
    }
    indexByPath.set(path, i);
  });
  // All at once: the scalars new to this environment are asked of the `yaml` package together.
  const texts = toYamlEach(objects, (i) => `${envFile}: ${describeObject(objects[i]!)}`);
  const paths = [...indexByPath.keys()].sort(compareUtf8);
  return {
    texts,
    files: new Map(paths.map((p) => [p, texts[indexByPath.get(p)!]!])),
  };
}

/**
 * manifest.json as Tanka writes it (Go's json.MarshalIndent: 4 spaces, keys in byte order, `<>&` and
 * U+2028/9 escaped), plus a final newline so the file is a proper text file for git.
 */
export function manifestJson(entries: Readonly<Record<string, string>>): string {
  return stableJson(entries, 4).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n';
}

/** Reads manifest.json text; `where` names the file in errors. */
export function parseManifest(text: string, where: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON (${(error as Error).message}); it should map rendered files to environment files`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new Error(`${where}: expected an object mapping rendered file paths to environment files (strings)`);
  }
  return value as Record<string, string>;
}

/**
 * Tanka's `--merge-strategy=replace-envs`: drop the entries this environment owned (same environment file,
 * or a file inside one of its folders), then add the new ones. Other environments' entries stay.
 */
export function mergeManifest(
  existing: Readonly<Record<string, string>>,
  envFile: string,
  folders: readonly string[],
  entries: Readonly<Record<string, string>>,
): Record<string, string> {
  const owned = (path: string, file: string) => file === envFile || folders.some((f) => path.startsWith(`${f}/`));
  const merged: Record<string, string> = {};
  for (const [path, file] of Object.entries(existing)) if (!owned(path, file)) merged[path] = file;
  return { ...merged, ...entries };
}

const utf8 = new TextEncoder();

/** Byte order of the UTF-8 encodings, as Go sorts strings. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  // Without the encoder where it is not needed (0.3 ms to sort one environment's 37 paths): if the
  // first differing code units are both below the surrogates, what precedes them encodes the same and their
  // order is the byte order. Surrogates (pairs, or lone ones that encode as U+FFFD) are left to the encoder.
  const shorter = Math.min(a.length, b.length);
  let i = 0;
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const ca = i < a.length ? a.charCodeAt(i) : -1;
  const cb = i < b.length ? b.charCodeAt(i) : -1;
  if (ca < 0xd800 && cb < 0xd800) return ca - cb;
  return compareEncoded(a, b);
}

function compareEncoded(a: string, b: string): number {
  const [ea, eb] = [utf8.encode(a), utf8.encode(b)];
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) if (ea[i] !== eb[i]) return ea[i]! - eb[i]!;
  return ea.length - eb.length;
}

/** JSON with object keys in byte order at every level (JS objects put integer-like keys first otherwise). */
export function stableJson(value: unknown, indent: number, depth = 0): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => pad + stableJson(v, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort(compareUtf8);
    if (keys.length === 0) return '{}';
    const body = keys.map((k) => `${pad}${JSON.stringify(k)}: ${stableJson((value as Record<string, unknown>)[k], indent, depth + 1)}`);
    return `{\n${body.join(',\n')}\n${end}}`;
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error(`stableJson: cannot write ${typeof value} as JSON`);
  return text;
}
