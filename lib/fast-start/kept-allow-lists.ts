// Allow-lists parsed and checked by an earlier export, by the content of their file: the `yaml` package parses
// them cold in a fresh process, about 40 ms for the package's lists, and the export waits on that before the
// first environment renders (its environment files run compiled in this thread, so nothing overlaps it).
// Only lists that passed every check are kept; they live in the code's cache folder (kept-results.ts), so a
// change to the parser or its checks starts again from nothing. Measured with ALLOY_STACK_NO_KEPT_ALLOW_LISTS=1
// (export of environments/prod, 15 pairs, wall, median with / without): 0.736 / 0.806 s, ratio median 0.93;
// npm run bench's one environment went from 1.60x to 1.21-1.29x its baseline.
import { createHash } from 'node:crypto';
import { readKept, keep } from './kept-results.ts';
import { isOff } from './switches.ts';

const name = 'allow-lists.json';

export interface KeptAllowLists {
  /** `parse(text)`, or what it returned for the same text in an earlier export. */
  parsed(text: string, parse: (text: string) => string[]): string[];
  /** Keeps this export's lists for the next one, when it parsed any anew. */
  save(): void;
}

export function keptAllowLists(): KeptAllowLists {
  const off = isOff('KEPT_ALLOW_LISTS');
  const earlier = off ? {} : ((readKept(name) as Record<string, string[]> | undefined) ?? {});
  const used: Record<string, string[]> = {};
  let fresh = false;
  return {
    parsed(text, parse) {
      const key = createHash('sha256').update(text).digest('base64');
      const kept = Object.hasOwn(earlier, key) ? earlier[key] : undefined;
      if (kept !== undefined) return (used[key] = kept).slice();
      const entries = parse(text);
      used[key] = entries.slice();
      fresh = true;
      return entries;
    },
    save() {
      // Only this export's lists: those of files since edited do not pile up.
      if (fresh && !off) keep(name, used);
    },
  };
}
