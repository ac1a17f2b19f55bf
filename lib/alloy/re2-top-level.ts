// Where an RE2 pattern's own top level is: the `|` that separate its alternatives and any bare flag
// group such as `(?i)` there (Go keeps those flags on for the alternatives after it). One linear pass
// over RE2 syntax: escapes, \Q…\E (an unclosed one runs to the end), classes (with [:name:] and a
// leading ]) and groups. Allow-lists use it to keep entries apart; the diff tool to split them again.

export interface TopLevel {
  /** Indexes of the top-level `|` characters. */
  bars: number[];
  /** A bare flag group sits at the top level. */
  bareFlags: boolean;
}

const bareFlag = /\(\?[imsU-]*\)/y;

export function topLevel(pattern: string): TopLevel {
  const bars: number[] = [];
  let bareFlags = false;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 1;
      } else i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end >= 0) i = end + 1;
      } else if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++; // a leading ] is a literal
    } else if (c === '(') {
      bareFlag.lastIndex = i;
      if (depth === 0 && bareFlag.test(pattern)) bareFlags = true;
      depth++;
    } else if (c === ')') depth--;
    else if (c === '|' && depth === 0) bars.push(i);
  }
  return { bars, bareFlags };
}

/** The entries of `a|b|(?:c|d)`, split at top-level `|` only. */
export function splitAlternation(pattern: string): string[] {
  const entries: string[] = [];
  let start = 0;
  for (const bar of topLevel(pattern).bars) {
    entries.push(pattern.slice(start, bar));
    start = bar + 1;
  }
  entries.push(pattern.slice(start));
  return entries;
}
