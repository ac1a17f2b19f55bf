// The environment being imported, as plain data with the comments the printed file carries: which
// values keys each field came from, and the TODOs of unsupported keys. Sections write into one draft.
export type DraftValue = string | number | boolean | DraftValue[] | { [key: string]: DraftValue };

export class EnvironmentDraft {
  readonly data: Record<string, DraftValue> = {};
  /** Environment path ('metrics.kubelet', 'logs.destinations.0') -> comment lines above that field. */
  readonly notes = new Map<string, string[]>();

  /** Sets a field, creating the maps above it. */
  set(path: (string | number)[], value: DraftValue): void {
    let at: Record<string, DraftValue> | DraftValue[] = this.data;
    for (let i = 0; i < path.length - 1; i += 1) {
      const key = path[i]!;
      const next = (at as Record<string, DraftValue>)[key];
      if (typeof next === 'object' && next !== null) {
        at = next as Record<string, DraftValue>;
      } else {
        const created: Record<string, DraftValue> | DraftValue[] = typeof path[i + 1] === 'number' ? [] : {};
        (at as Record<string, DraftValue>)[key] = created;
        at = created;
      }
    }
    (at as Record<string, DraftValue>)[path[path.length - 1]!] = value;
  }

  get(path: (string | number)[]): DraftValue | undefined {
    let at: DraftValue | undefined = this.data;
    for (const key of path) {
      if (typeof at !== 'object' || at === null) return undefined;
      at = (at as Record<string, DraftValue>)[key];
    }
    return at;
  }

  /** Adds a comment line above a field (once: the same line twice is kept once). */
  note(path: (string | number)[], line: string): void {
    const key = path.join('.');
    const lines = this.notes.get(key) ?? [];
    if (!lines.includes(line)) lines.push(line);
    this.notes.set(key, lines);
  }

  /** "from: a, b" notes: the values keys a field was made from, gathered on one line. */
  from(path: (string | number)[], ...keys: string[]): void {
    const key = path.join('.');
    const lines = this.notes.get(key) ?? [];
    const at = lines.findIndex((l) => l.startsWith('from: '));
    const known = at >= 0 ? lines[at]!.slice('from: '.length).split(', ') : [];
    for (const k of keys) if (!known.includes(k)) known.push(k);
    const line = `from: ${known.join(', ')}`;
    if (at >= 0) lines[at] = line;
    else lines.unshift(line);
    this.notes.set(key, lines);
  }
}
