import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keptAllowLists } from '../../lib/fast-start/kept-allow-lists.ts';

// From the sources there is no code cache folder: every text is parsed, and what is handed out is a copy.
test('parses each text and hands out a list the caller may change', () => {
  const kept = keptAllowLists();
  let calls = 0;
  const parse = (text: string) => (calls++, text.split('\n').filter(Boolean));
  const first = kept.parsed('a\nb\n', parse);
  first.push('changed');
  assert.equal(kept.parsed('a\nb\n', parse), ['a', 'b']);
  assert.equal(calls, 2);
  kept.save(); // nowhere to keep: no throw
});

test('a list that fails its checks is not taken for a later one', () => {
  const kept = keptAllowLists();
  assert.throws(() => kept.parsed('bad', () => { throw new Error('entry 1: not valid RE2'); }), /not valid RE2/);
  assert.equal(kept.parsed('bad', () => ['fixed']), ['fixed']);
});

test.run();
