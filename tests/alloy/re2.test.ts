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

test.run();
