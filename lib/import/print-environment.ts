// Prints an imported environment as a TypeScript file in the style of environments/*.ts: 2-space
// indent, single quotes, trailing commas, a short map or list on one line when it fits. Built from
// data, deterministic: the same draft gives the same bytes.
import type { DraftValue, EnvironmentDraft } from './draft.ts';

const width = 120;

export interface PrintOptions {
  /** Lines of the header comment, without `// `. */
  header: string[];
  /** The import specifier of lib/index.ts, relative to the written file. */
  libImport: string;
  /** Environment path (dot-joined) -> TODO lines printed above that field; '' for the end of the object. */
  todos: Map<string, string[]>;
}

export function printEnvironment(draft: EnvironmentDraft, options: PrintOptions): string {
  const out: string[] = options.header.map((line) => (line === '' ? '//' : `// ${line}`));
  out.push(`import { environment } from ${quote(options.libImport)};`, '');
  const comments = (path: string): string[] => [
    ...(draft.notes.get(path) ?? []).flatMap((line) => wrap(line).map((part, i) => (i === 0 ? `// ${part}` : `//   ${part}`))),
    ...(options.todos.get(path) ?? []).map((line) => `// ${line}`),
  ];
  // Comments inside a value (not the ones above it) keep it on several lines.
  const hasComments = (path: string): boolean =>
    [...draft.notes.keys(), ...options.todos.keys()].some((key) => key.startsWith(`${path}.`));

  const body = printMap(draft.data, '', 0);
  out.push(`export default environment(${body.replace(/\n$/, '')});`, '');
  return out.join('\n');

  function printMap(map: Record<string, DraftValue>, path: string, depth: number): string {
    const pad = '  '.repeat(depth + 1);
    const lines: string[] = ['{'];
    for (const [key, value] of Object.entries(map)) {
      const at = path === '' ? key : `${path}.${key}`;
      for (const c of comments(at)) lines.push(pad + c);
      lines.push(`${pad}${printKey(key)}: ${printValue(value, at, depth + 1, pad.length + printKey(key).length + 2)},`);
    }
    if (path === '') for (const c of options.todos.get('') ?? []) lines.push(`${pad}// ${c}`);
    lines.push(`${'  '.repeat(depth)}}`);
    return lines.join('\n');
  }

  function printList(list: DraftValue[], path: string, depth: number): string {
    const pad = '  '.repeat(depth + 1);
    const lines: string[] = ['['];
    list.forEach((item, i) => {
      const at = `${path}.${i}`;
      for (const c of comments(at)) lines.push(pad + c);
      lines.push(`${pad}${printValue(item, at, depth + 1, pad.length)},`);
    });
    lines.push(`${'  '.repeat(depth)}]`);
    return lines.join('\n');
  }

  function printValue(value: DraftValue, path: string, depth: number, column: number): string {
    if (typeof value !== 'object') return printScalar(value);
    const inline = hasComments(path) ? undefined : printInline(value);
    // +1 for the trailing comma.
    if (inline !== undefined && column + inline.length + 1 <= width) return inline;
    return Array.isArray(value) ? printList(value, path, depth) : printMap(value, path, depth);
  }
}

/** A long note in lines of about 100 characters, broken after a comma. TODO lines stay whole, for grep. */
function wrap(line: string): string[] {
  const parts = line.split(', ');
  const out: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current !== '' && current.length + part.length + 2 > 100) {
      out.push(`${current},`);
      current = part;
    } else current = current === '' ? part : `${current}, ${part}`;
  }
  out.push(current);
  return out;
}

/** One-line form, or undefined when the value holds a multi-line string. */
function printInline(value: DraftValue): string | undefined {
  if (typeof value !== 'object') return typeof value === 'string' && value.includes('\n') ? undefined : printScalar(value);
  const parts: string[] = [];
  const entries: [string | undefined, DraftValue][] = Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const text = printInline(item);
    if (text === undefined) return undefined;
    parts.push(key === undefined ? text : `${printKey(key)}: ${text}`);
  }
  if (Array.isArray(value)) return `[${parts.join(', ')}]`;
  return parts.length === 0 ? '{}' : `{ ${parts.join(', ')} }`;
}

function printScalar(value: string | number | boolean): string {
  if (typeof value === 'string') return value.includes('\n') ? template(value) : quote(value);
  return String(value);
}

function printKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

export function quote(text: string): string {
  let out = "'";
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch < ' ' || ch === '\u2028' || ch === '\u2029') out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A multi-line string (an Alloy file) as a template literal, so it reads as the file it is. */
function template(text: string): string {
  return `\`${text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')}\``;
}
