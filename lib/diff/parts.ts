// A rendered object split the way a reviewer reads it: each ConfigMap data value (an .alloy file,
// prometheus.yml) as its own text, and the rest of the object as YAML without them. A diff of the
// whole file would show those files as one indented block; split, each gets its own hunks and header.
import { parse } from 'yaml';

export interface ObjectParts {
  /** `v1.ConfigMap-alloy-metrics.yaml`: the object's path inside its environment folder. */
  path: string;
  /** metadata.name, when the text has one. */
  name?: string;
  /** The file text without the ConfigMap's `data:` block (the whole text for any other kind). */
  rest: string;
  /** ConfigMap data key -> value; empty for other kinds. */
  data: Map<string, string>;
}

/** The label a part carries in headers: `v1.ConfigMap-alloy-metrics.yaml data["kubelet.alloy"]`. */
export function partLabel(path: string, key?: string): string {
  return key === undefined ? path : `${path} data[${JSON.stringify(key)}]`;
}

export function splitObject(path: string, text: string): ObjectParts {
  let object: unknown;
  try {
    object = parse(text);
  } catch {
    return { path, rest: text, data: new Map() }; // not ours to judge here: shown as plain text
  }
  const { kind, metadata, data } = (object ?? {}) as { kind?: unknown; metadata?: { name?: unknown }; data?: unknown };
  const name = typeof metadata?.name === 'string' ? metadata.name : undefined;
  const values = kind === 'ConfigMap' && isStringMap(data) ? new Map(Object.entries(data)) : undefined;
  if (values === undefined || values.size === 0) return { path, name, rest: text, data: new Map() };
  return { path, name, rest: withoutTopLevelKey(text, 'data'), data: values };
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

// Cut by lines rather than re-serialize, so the rest reads exactly as the file does. In a block
// mapping a top-level key starts at column 0 and everything that belongs to it (block scalars,
// nested keys, blank lines inside a literal) is indented or empty until the next top-level key.
function withoutTopLevelKey(text: string, key: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line === `${key}:` || line.startsWith(`${key}: `));
  if (start < 0) return text;
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || /^[ \t]/.test(lines[end]!)) && !(end === lines.length - 1 && lines[end] === '')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}
