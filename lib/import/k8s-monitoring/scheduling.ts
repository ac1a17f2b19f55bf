// Where the chart's pods run and what they are called: tolerations, nodeSelector and fullnameOverride of
// a workload, read the same way for every part that has them.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { isPlainObject, type ValuePath } from '../values.ts';

// One DNS label: the names here are prefixes of other object names, so no dots.
const objectName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * A DaemonSet here tolerates every taint (`operator: Exists`: a node's metrics or logs are wanted from
 * every node), so the chart's tolerations for it change nothing.
 */
export function daemonSetTolerations(context: ImportContext, at: ValuePath, workload: string): void {
  if (context.read.has(at)) context.records.ignored(at, `${workload} is a DaemonSet that tolerates every taint here, so it runs on these nodes already`);
}

/** tolerations -> <field>.tolerations, each checked as the API server would (key, operator, effect). */
export function tolerations(context: ImportContext, at: ValuePath, field: string): void {
  const { read, records, draft } = context;
  const list = read.list(at);
  if (list === undefined) return;
  const out: DraftValue[] = [];
  for (const [i, item] of list.entries()) {
    const t = isPlainObject(item) ? item : undefined;
    const operator = t?.operator ?? 'Equal';
    const ok = t !== undefined
      && Object.keys(t).every((k) => ['key', 'operator', 'value', 'effect', 'tolerationSeconds'].includes(k))
      && (t.key === undefined || typeof t.key === 'string')
      && (operator === 'Equal' || operator === 'Exists')
      && (t.value === undefined || (typeof t.value === 'string' && operator === 'Equal'))
      && (t.effect === undefined || effects.includes(t.effect as string))
      && (t.tolerationSeconds === undefined || (Number.isInteger(t.tolerationSeconds) && t.effect === 'NoExecute'))
      && (t.key !== undefined || operator === 'Exists');
    if (!ok) {
      records.unsupported([...at, i], 'not a toleration the API server accepts (key, operator Equal or Exists, value, effect, tolerationSeconds with NoExecute)', [field]);
      return;
    }
    out.push(t as Record<string, DraftValue>);
  }
  draft.set([field, 'tolerations'], out);
  draft.from([field], at.join('.'));
  records.mapped(at, `${field}.tolerations`);
}

/** nodeSelector -> <field>.nodeSelector (label keys and values as strings). */
export function nodeSelector(context: ImportContext, at: ValuePath, field: string): void {
  const { read, records, draft } = context;
  if (!read.has(at)) return;
  const map = read.stringMap(at);
  if (map === undefined) {
    records.unsupported(at, 'a nodeSelector of label keys and string values', [field]);
    return;
  }
  if (Object.keys(map).length === 0) {
    records.ignored(at, 'empty');
    return;
  }
  draft.set([field, 'nodeSelector'], map);
  draft.from([field], at.join('.'));
  records.mapped(at, `${field}.nodeSelector`);
}

/** fullnameOverride -> names.<part>: the part's namespaced objects take this name. */
export function fullnameOverride(context: ImportContext, at: ValuePath, part: string): void {
  const { read, records, draft } = context;
  if (!read.has(at)) return;
  const name = read.string(at);
  if (name === undefined || name.length > 52 || !objectName.test(name)) {
    records.unsupported(at, `${JSON.stringify(read.raw(at))} is not an object name (lowercase letters, digits and '-', at most 52 characters)`, ['names']);
    return;
  }
  draft.set(['names', part], name);
  draft.from(['names'], at.join('.'));
  records.mapped(at, `names.${part}`);
}
