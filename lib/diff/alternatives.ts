// The entries of an `a|b|(?:c|d)` regex as lib/pipelines/allow-lists.ts `alternation` joins them: split
// at top-level `|` only, so a pattern's own alternatives (grouped there) stay whole. One linear pass
// over RE2 syntax: escapes, \Q…\E, classes (with [:name:] and a leading ]) and groups.
export function splitAlternation(regex: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      if (regex[i + 1] === 'Q') {
        const end = regex.indexOf('\\E', i + 2);
        i = end < 0 ? regex.length : end + 1;
      } else i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && regex[i + 1] === ':') {
        const end = regex.indexOf(':]', i + 2);
        if (end >= 0) i = end + 1;
      } else if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      entries.push(regex.slice(start, i));
      start = i + 1;
    }
  }
  entries.push(regex.slice(start));
  return entries;
}
