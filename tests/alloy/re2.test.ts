import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { checkRe2, matchesRelabel, matchesUnanchored } from '../../lib/alloy/re2.ts';

test('RE2 accepts Go syntax JavaScript lacks', () => {
  for (const pattern of ['(?i)abc', '(?P<name>x)', '(?<name>x)', '(?s).*', '\\pL+', '\\Qa.b\\E', '[[:alpha:]]+', 'a{1000}', '\\z', 'up|node_.*', '']) {
    assert.is(checkRe2(pattern), undefined, pattern);
  }
});

test('RE2 refuses what Go refuses, with a reason', () => {
  const cases: [string, RegExp][] = [
    ['(?=x)', /lookahead/],
    ['(?!x)', /lookahead/],
    ['(?<=x)', /lookbehind/],
    ['(?<!x)', /lookbehind/],
    ['(a)\\1', /backreference/],
    ['a\\Z', /\\z/],
    ['a{1001}', /1000/],
    ['(?>a)', /atomic/],
    ['a++', /possessive/],
    ['\\y', /invalid escape/],
    ['(', /missing closing \)/],
    ['[a-', /missing closing \]/],
  ];
  for (const [pattern, reason] of cases) {
    const problem = checkRe2(pattern);
    assert.ok(problem !== undefined, `${pattern} should be refused`);
    assert.match(problem!, reason);
    assert.not.match(problem!, /^error parsing regexp/);
  }
});

test('relabel matching is anchored and dot-all', () => {
  assert.ok(matchesRelabel('up|node_.*', 'node_cpu_seconds_total'));
  assert.not.ok(matchesRelabel('node', 'node_cpu'));
  assert.not.ok(matchesRelabel('cpu', 'node_cpu'));
  assert.ok(matchesRelabel('a.b', 'a\nb'));
  // The alternation is grouped before anchoring: `^(?s:a|b)$`, not `^a|b$`.
  assert.not.ok(matchesRelabel('a|b', 'xb'));
  assert.ok(matchesRelabel('(?i)UP', 'up'));
});

test('loki.process matching is unanchored', () => {
  assert.ok(matchesUnanchored('level=debug', 'ts=1 level=debug msg=x'));
  assert.not.ok(matchesUnanchored('^level', 'ts=1 level=debug'));
});

test('matching an invalid pattern throws a readable error', () => {
  assert.throws(() => matchesRelabel('(?=x)', 'x'), /"\(\?=x\)" is not valid RE2: .*lookahead/);
});

test('a quoted literal matches exactly itself (property)', () => {
  fc.assert(fc.property(fc.string(), (s) => matchesRelabel(RE2JS.quote(s), s) && !matchesRelabel(RE2JS.quote(s), `${s}x`)));
});

// checkRe2 checks a big alternation one alternative at a time (allow-lists); it must accept and refuse
// exactly what compiling the whole pattern does, and give the whole pattern's reason.
function wholeVerdict(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^error parsing regexp: /, '');
  }
}

function assertSameAsWhole(pattern: string): void {
  const expected = wholeVerdict(pattern);
  const actual = checkRe2(pattern);
  if (expected === undefined) assert.is(actual, undefined, pattern);
  else assert.ok(actual?.startsWith(expected), `${pattern}: ${actual} should start with ${expected}`);
}

test('alternations: the verdict is the whole pattern\'s', () => {
  const patterns = [
    'up|node_cpu|kube_pod_info', 'up|node_.*|kube_(pod|node)_info', 'up||node', '|', 'a|', '|a', 'a\\|b', 'a\\|(b',
    '[|]|a', '[a|b]|(', '[]|]|x', '[^]|]|x', '[[:alpha:]|]|x', '(a|b)|c', '(a|b|c', 'a)|(b', 'a)(|b', '(?i)a|b', 'a|(?i)b',
    '(?i:a)|b', '(?P<x>a)|(?P<x>b)', '(?P<x>a)|(?P<y>b)', '(?<x>a)|b', '\\Qa|b\\E|c', '\\Qa|b', 'a|\\Qb|c\\E)', 'a|b\\',
    'a|(?=x)', '(?=x)|a', 'a|b\\1', 'a{2}|b', 'a{1001}|b', '((a{1000}){1000}){2}|b', 'a|*', 'a|+b', 'a|b**', 'a|[z-a]',
    'a|\\pL|\\p{Greek}', 'a|\\p{Nope}', 'a.b|c$|^d', 'kube_cronjob.*|kube_job.*|up', 'a|(?:b|c)|d', 'a|)', 'x|a)',
  ];
  // Each alternative alone fits RE2's program size limit; together they do not.
  const big = (c: string) => `(?:${c.repeat(800)}){1000}`;
  patterns.push(`${big('a')}|${big('b')}`);
  // Nested 999 deep an alternative compiles alone; one more level (the alternation) is too deep.
  patterns.push(`${'('.repeat(999)}a${')'.repeat(999)}|b`);
  for (const pattern of patterns) assertSameAsWhole(pattern);
});

test('alternations: the verdict is the whole pattern\'s (property)', () => {
  const piece = fc.constantFrom(
    'a', 'b', '_', ':', ';', '/', ' ', '@', '=', '9', '|', '|', '|', '(', ')', '[', ']', '^', '$', '.', '*', '+', '?', '{', '}', '2', ',', '-', '\\',
    '\\|', '[|]', '(?i)', '(?:', '(?P<n>', '(?<n>', '(?=', '\\Q', '\\E', '[:alpha:]', '\\pL', '\\1', '\\z', '\\Z',
  );
  fc.assert(fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => assertSameAsWhole(pieces.join(''))), { numRuns: 5000 });
});

test.run();
