// RE2 checks with re2js, a port of Go's regexp/syntax: Alloy compiles every regex with Go's RE2, so a
// JavaScript RegExp would accept lookarounds and backreferences that Alloy refuses at load time.
import { RE2JS } from 're2js';
import { topLevel } from './re2-top-level.ts';

// re2js reports Go's own wording; these add the "why" a person needs to fix the pattern.
const hints: readonly [RegExp, string][] = [
  [/`\(\?[=!]/, 'RE2 has no lookaheads'],
  [/`\(\?<[=!]/, 'RE2 has no lookbehinds'],
  [/invalid escape sequence: `\\[0-9]/, 'RE2 has no backreferences'],
  [/invalid escape sequence: `\\Z`/, 'RE2 has no \\Z; use \\z or $'],
  [/invalid repeat count/, 'RE2 allows repeat counts up to 1000'],
  [/`\(\?>/, 'RE2 has no atomic groups'],
  [/nested repetition operator: `[*+?}]\+/, 'RE2 has no possessive quantifiers'],
];

// Pipelines repeat the same allow-lists many times; compiling each distinct pattern once keeps
// the graph check linear. Cleared when large so memory stays bounded.
const verdicts = new Map<string, string | undefined>();
const compiled = new Map<string, RE2JS>();
const cacheLimit = 10_000;

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, value);
  return value;
}

const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function reason(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '')
    // re2js quotes the pattern raw: escape line breaks and other controls so the reason stays one line.
    .replace(/[\x00-\x1f\x7f\u0085\u2028\u2029]/g, (c) => escapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const hint = hints.find(([pattern]) => pattern.test(text));
  return hint ? `${text} (${hint[1]})` : text;
}

/** undefined when `pattern` compiles as Go RE2, else a readable reason. */
export function checkRe2(pattern: string): string | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  return remember(verdicts, pattern, validPiecewise(pattern) ? undefined : compileProblem(pattern));
}

function compileProblem(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return reason(error);
  }
}

// Allow-lists join up to a hundred names into one `a|b|c` regex, and re2js parses such a pattern
// slowly (about 100 ms for a cold prod render). Its alternatives are mostly plain names, which need no
// parser, and recur across patterns, so they are checked one by one instead, each memoized. Only a
// failure pays for parsing the whole pattern, so the reason stays what RE2 says about the whole.

/** Characters that are literals wherever they stand in RE2 syntax (`-` too, as there is no `[`): a run of them compiles. */
const plainName = /^[A-Za-z0-9_:;,@=\/ -]*$/;

// RE2's parser carries nothing from one top-level alternative to the next except the flags a bare
// `(?i)` sets, capture names (which must be unique) and its limits, which apply to the whole pattern:
// program size (which counted repetitions `{n}` multiply), nesting depth and number of runes. Without
// the first three, and with a bounded length, a pattern whose alternatives all compile alone compiles
// whole. The bounds keep the depth far below RE2's 1000: an alternative over 100 characters is
// checked with the whole pattern, and shared prefixes, which RE2 factors out into nested groups,
// nest at most about 140 deep in 10,000 characters.
const piecewiseMaxLength = 10_000;
const alternativeMaxLength = 100;
const namedGroup = /\(\?P?</;

/** True when `pattern` surely compiles; false means "parse the whole pattern to know". */
function validPiecewise(pattern: string): boolean {
  if (pattern.length > piecewiseMaxLength) return false;
  if (plainName.test(pattern)) return true;
  if (pattern.includes('{') || namedGroup.test(pattern)) return false;
  const { bars, bareFlags } = topLevel(pattern);
  if (bars.length === 0 || bareFlags) return false;
  return [-1, ...bars].every((bar, i) => {
    const alternative = pattern.slice(bar + 1, bars[i] ?? pattern.length);
    return plainName.test(alternative)
      || (alternative.length <= alternativeMaxLength && checkRe2(alternative) === undefined);
  });
}

function compile(source: string, pattern: string): RE2JS {
  const cached = compiled.get(source);
  if (cached) return cached;
  const problem = checkRe2(pattern);
  if (problem !== undefined) throw new Error(`regex ${JSON.stringify(pattern)} is not valid RE2: ${problem}`);
  return remember(compiled, source, RE2JS.compile(source));
}

/** Relabel semantics: the regex is anchored at both ends and `.` matches newlines (`^(?s:re)$`). */
export function matchesRelabel(pattern: string, value: string): boolean {
  return compile(`^(?s:${pattern})$`, pattern).test(value);
}

/** loki.process semantics: unanchored search, as Go's MatchString. */
export function matchesUnanchored(pattern: string, value: string): boolean {
  return compile(pattern, pattern).test(value);
}
