// A catalogue ValueType string (`list(capsule(MetricsReceiver))`, see types.ts) read into a tree once per
// distinct string: the checks compare kinds, never re-read text.
import type { TypeId, ValueType } from './types.ts';

export type Scalar = 'string' | 'number' | 'bool' | 'duration' | 'secret' | 'optional_secret' | 'bytes' | 'any' | 'targets';

/** `text` is the ValueType the node was read from. */
export type TypeNode = { readonly text: ValueType } & (
  | { kind: 'scalar'; name: Scalar }
  | { kind: 'list'; of: TypeNode }
  | { kind: 'map'; of: TypeNode }
  | { kind: 'object'; body: TypeId }
  | { kind: 'capsule'; name: string }
  /** A spelling this code does not know: accepted whatever its value. */
  | { kind: 'unknown' });

const scalars: ReadonlySet<string> = new Set<Scalar>(['string', 'number', 'bool', 'duration', 'secret', 'optional_secret', 'bytes', 'any', 'targets']);
const parsed = new Map<ValueType, TypeNode>();

export function typeNode(type: ValueType): TypeNode {
  let node = parsed.get(type);
  if (node === undefined) {
    node = parse(type);
    parsed.set(type, node);
  }
  return node;
}

function parse(type: string): TypeNode {
  if (scalars.has(type)) return { text: type, kind: 'scalar', name: type as Scalar };
  const open = type.indexOf('(');
  if (open > 0 && type.endsWith(')')) {
    const head = type.slice(0, open);
    const inner = type.slice(open + 1, -1);
    if (head === 'list') return { text: type, kind: 'list', of: typeNode(inner) };
    if (head === 'map') return { text: type, kind: 'map', of: typeNode(inner) };
    if (head === 'object') return { text: type, kind: 'object', body: inner };
    if (head === 'capsule') return { text: type, kind: 'capsule', name: inner };
  }
  return { text: type, kind: 'unknown' };
}

/** The type in words, for messages: `a list of targets`, `a metrics receiver`, `a duration`. */
export function describeType(type: ValueType): string {
  const node = typeNode(type);
  switch (node.kind) {
    case 'scalar': return scalarWords[node.name];
    case 'list': return `a list of ${plural(node.of)}`;
    case 'map': return `an object of ${plural(node.of)}`;
    case 'object': return 'an object';
    case 'capsule': return capsuleWords[node.name] ?? `a ${node.name}`;
    case 'unknown': return `a ${node.text}`;
  }
}

const scalarWords: Readonly<Record<Scalar, string>> = {
  string: 'a string', number: 'a number', bool: 'a bool', duration: 'a duration', secret: 'a secret',
  optional_secret: 'a string or secret', bytes: 'a size in bytes', any: 'a value', targets: 'a list of targets',
};

const capsuleWords: Readonly<Record<string, string>> = {
  MetricsReceiver: 'a metrics receiver', LogsReceiver: 'a logs receiver', ProfilesReceiver: 'a profiles receiver',
  OtelConsumer: 'an OTel consumer (otelcol input)', RelabelRules: 'relabel rules',
};

function plural(node: TypeNode): string {
  if (node.kind === 'scalar') return node.name === 'targets' ? 'target lists' : node.name === 'any' ? 'values' : `${node.name}s`;
  if (node.kind === 'capsule') return (capsuleWords[node.name] ?? node.name).replace(/^an? /, '').replace(/ \(.*\)$/, '') + 's';
  return 'values';
}
