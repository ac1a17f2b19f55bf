// What became of each values key: mapped to an environment field, ignored with a reason (a chart-only
// knob that means nothing here), or unsupported (it means something this library cannot say yet).
// Sections record the keys they read; the final pass (`unconsumed`) reports every key nobody recorded,
// so no key is silently dropped.
import type { ValuePath } from './values.ts';
import { formatPath, isPlainObject } from './values.ts';

export type KeyStatus = 'mapped' | 'ignored' | 'unsupported';

export interface KeyRecord {
  /** Values path, e.g. ['destinations', 0, 'auth', 'password']. */
  path: ValuePath;
  status: KeyStatus;
  /** mapped: the environment field; ignored/unsupported: why. */
  detail: string;
  /** Environment field the TODO comment of an unsupported key sits above (top-level when absent). */
  anchor?: string[];
}

export class KeyRecords {
  readonly list: KeyRecord[] = [];

  mapped(path: ValuePath, to: string): void {
    this.list.push({ path, status: 'mapped', detail: to });
  }

  ignored(path: ValuePath, why: string): void {
    this.list.push({ path, status: 'ignored', detail: why });
  }

  unsupported(path: ValuePath, why: string, anchor?: string[]): void {
    this.list.push({ path, status: 'unsupported', detail: why, anchor });
  }

  /** Some record covers the path: its own, or one of an enclosing key. */
  covers(path: ValuePath): boolean {
    return this.list.some((r) => isPrefix(r.path, path));
  }

  /** Some record is at the path or inside it. */
  touches(path: ValuePath): boolean {
    return this.list.some((r) => isPrefix(path, r.path));
  }

  /**
   * The final pass: every key of `values` no record covers becomes unsupported. A subtree nobody read
   * is reported once, at its root, rather than leaf by leaf. Empty maps, empty lists and nulls carry no
   * setting and are passed over.
   */
  unconsumed(values: unknown, why = 'no mapping for this key in the importer'): void {
    const walk = (value: unknown, path: ValuePath) => {
      if (path.length > 0 && this.covers(path)) return;
      if (value === null || value === undefined) return;
      const children: [string | number, unknown][] = Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : isPlainObject(value) ? Object.entries(value) : [];
      const container = Array.isArray(value) || isPlainObject(value);
      if (container && children.length === 0) return;
      if (path.length > 0 && !this.touches(path)) {
        this.unsupported(path, why);
        return;
      }
      for (const [key, child] of children) walk(child, [...path, key]);
    };
    walk(values, []);
  }

  byStatus(status: KeyStatus): KeyRecord[] {
    return this.list.filter((r) => r.status === status).sort((a, b) => compare(formatPath(a.path), formatPath(b.path)));
  }
}

function isPrefix(prefix: ValuePath, path: ValuePath): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => part === path[i]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
