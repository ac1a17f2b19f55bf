// Cloud allow-lists: parsing allow-lists/<component>.yaml and turning a component's list plus its
// metricsTuning into the keep/drop regexes of the Grafana Cloud path. The local Prometheus gets
// everything; only what these regexes let through is billed in the cloud.
import { parse } from 'yaml';
import type { MetricsTuning } from '../config/config.gen.ts';
import { checkRe2 } from '../alloy/re2.ts';
import { didYouMean } from '../core/did-you-mean.ts';
import { fieldPath } from '../config/field-path.ts';
import { UserError } from '../errors.ts';
import { topLevel } from '../alloy/re2-top-level.ts';

/** Always kept in the cloud, ahead of every list, so target health (up{job=...} == 0) works there too. */
export const alwaysKept: readonly string[] = ['up', 'scrape_samples_scraped'];

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** The entries of one allow-list file; each problem names the file and the entry (counted from 1). */
export function parseAllowList(fileName: string, yamlText: string): string[] {
  let document: unknown;
  try {
    document = parse(yamlText);
  } catch (error) {
    throw new UserError(`${fileName}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(document)) {
    const found = document === null || document === undefined ? 'an empty file' : `a ${describe(document)}`;
    throw new UserError(`${fileName}: expected a YAML list of metric names or RE2 patterns, found ${found}`);
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, entry] of (document as unknown[]).entries()) {
    const where = `${fileName}: entry ${i + 1}`;
    if (typeof entry !== 'string') {
      problems.push(`${where}: expected a metric name or RE2 pattern (a string), found ${entry === null ? 'null' : `${describe(entry)} ${JSON.stringify(entry)}`}`);
      continue;
    }
    const shown = `${where} ${JSON.stringify(entry)}`;
    const earlier = seen.get(entry);
    if (entry.trim() === '') problems.push(`${where}: empty entry`);
    else if (entry !== entry.trim()) problems.push(`${shown}: leading or trailing spaces can never match a metric name`);
    else if (earlier !== undefined) problems.push(`${shown}: duplicate of entry ${earlier}`);
    else {
      seen.set(entry, i + 1);
      const reason = metricName.test(entry) ? undefined : checkRe2(entry);
      if (reason !== undefined) problems.push(`${shown}: not valid RE2: ${reason}`);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return document as string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'mapping' : typeof value;
}

export interface CloudFilter {
  /** keep regex on __name__; absent means no keep rule (everything passes). */
  keep?: string;
  /** drop regex on __name__, applied after keep; absent means no drop rule. */
  drop?: string;
}

// Environments of a fleet ask again and again for the same few filters: each is built once per
// process and default list. A list is known by identity, then compared entry by entry (cheap: the
// same strings), so a list changed in place is not taken for the one it was.
const noDefaults: readonly string[] = Object.freeze([]);
const builtFilters = new WeakMap<readonly string[], { entries: readonly string[]; filters: Map<string, CloudFilter> }>();

function filtersBuiltWith(defaults: readonly string[]): Map<string, CloudFilter> {
  const known = builtFilters.get(defaults);
  if (known !== undefined && known.entries.length === defaults.length && known.entries.every((entry, i) => entry === defaults[i])) {
    // Bounded: tunings that differ per environment would otherwise pile up.
    if (known.filters.size >= 1_000) known.filters.clear();
    return known.filters;
  }
  const filters = new Map<string, CloudFilter>();
  builtFilters.set(defaults, { entries: [...defaults], filters });
  return filters;
}

/**
 * The cloud-path filter of one component. With the default list on: keep = up, scrape_samples_scraped,
 * defaults, include (a component without a default file counts as an empty list). With it off: keep
 * the same way from include alone, and no keep rule when include is empty. exclude is always a drop
 * rule after the keep. Entries keep first-seen order, so one changed entry changes one regex line.
 */
export function cloudFilter(component: string, tuning: MetricsTuning | undefined, defaults: string[] | undefined): CloudFilter {
  const useDefaults = tuning?.useDefaultAllowList ?? true;
  const include = tuning?.includeMetrics ?? [];
  const exclude = tuning?.excludeMetrics ?? [];
  const built = filtersBuiltWith(useDefaults ? (defaults ?? noDefaults) : noDefaults);
  const key = JSON.stringify([useDefaults, include, exclude]);
  const known = built.get(key);
  if (known !== undefined) return { ...known };
  checkEntries(component, 'includeMetrics', include);
  checkEntries(component, 'excludeMetrics', exclude);
  const filter: CloudFilter = {};
  if (useDefaults || include.length > 0) {
    filter.keep = alternation([...alwaysKept, ...(useDefaults ? (defaults ?? []) : []), ...include]);
  }
  if (exclude.length > 0) filter.drop = alternation(exclude);
  built.set(key, filter);
  return { ...filter };
}

// The config check reports these first with the same field path; this guards callers that skip it,
// so an invalid pattern never reaches an Alloy file (Alloy would refuse to load it).
function checkEntries(component: string, field: string, entries: readonly string[]): void {
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    const reason = metricName.test(entry) ? undefined : checkRe2(entry);
    if (reason !== undefined) {
      problems.push(`${fieldPath(['metricsTuning', component, field, i])}: ${JSON.stringify(entry)} is not a valid RE2 regular expression: ${reason}`);
    }
  });
  if (problems.length > 0) throw new UserError(problems);
}

/** One `a|b|c` regex: deduplicated (first seen wins), each entry grouped if it could leak into its neighbours. */
export function alternation(entries: readonly string[]): string {
  const unique = new Set<string>();
  for (const entry of entries) unique.add(entry);
  return [...unique].map(wrap).join('|');
}

function wrap(entry: string): string {
  const closed = closeQuote(entry);
  return metricName.test(entry) || !leaksAtTopLevel(entry) ? closed : `(?:${closed})`;
}

// `\Q` without `\E` quotes to the end of the pattern: joined, it would swallow the next entries, and
// Alloy's anchoring `^(?s:...)$` would become part of the literal. `\E` ends it where the entry ends.
function closeQuote(entry: string): string {
  for (let i = 0; i < entry.length; i++) {
    if (entry[i] !== '\\') continue;
    if (entry[i + 1] !== 'Q') {
      i++;
      continue;
    }
    const end = entry.indexOf('\\E', i + 2);
    if (end < 0) return `${entry}\\E`;
    i = end + 1;
  }
  return entry;
}

// True when the pattern has a top-level `|` (it would split its neighbours' alternatives) or a bare
// flag group like `(?i)` (Go keeps those flags on for the following alternatives).
export function leaksAtTopLevel(pattern: string): boolean {
  const { bars, bareFlags } = topLevel(pattern);
  return bars.length > 0 || bareFlags;
}

/** Problems for allow-list files that name no metrics component; non-.yaml files (README.md) are ignored. */
export function unusedAllowLists(fileNames: string[], componentNames: string[]): string[] {
  const components = new Set(componentNames);
  const problems: string[] = [];
  for (const fileName of fileNames) {
    const base = fileName.slice(fileName.lastIndexOf('/') + 1);
    const shown = fileName.includes('/') ? fileName : `allow-lists/${fileName}`;
    if (base.endsWith('.yml')) {
      problems.push(`${shown}: allow-lists must end in .yaml; rename it to ${base.slice(0, -4)}.yaml`);
      continue;
    }
    if (!base.endsWith('.yaml')) continue;
    const name = base.slice(0, -5);
    if (components.has(name)) continue;
    problems.push(`${shown}: no metrics component is named "${name}"${didYouMean(name, componentNames)}; known: ${componentNames.join(', ')}`);
  }
  return problems;
}
