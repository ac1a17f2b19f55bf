import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffTrees } from '../../lib/export/check.ts';

test('identical trees are up to date', () => {
  const files = new Map([['prod/a.yaml', 'a: 1\n'], ['manifest.json', '{}\n']]);
  assert.equal(diffTrees(files, new Map(files)), { stale: false, report: 'up to date: 2 files match\n' });
});

test('a changed, a missing and a no-longer-rendered file are listed, then diffed', () => {
  const expected = new Map([['prod/a.yaml', 'a: 1\nb: 2\nc: 3\n'], ['prod/new.yaml', 'n: 1\n']]);
  const actual = new Map<string, string | undefined>([['prod/a.yaml', 'a: 1\nb: 1\nc: 3\n'], ['prod/old.yaml', 'o: 1\n'], ['prod/new.yaml', undefined]]);
  const { stale, report } = diffTrees(expected, actual);
  assert.ok(stale);
  assert.is(report, [
    'stale: 3 files differ from a fresh render; export again and commit the result',
    '  changed: prod/a.yaml',
    '  missing: prod/new.yaml',
    '  no longer rendered: prod/old.yaml',
    '',
    '--- a/prod/a.yaml',
    '+++ b/prod/a.yaml',
    '@@ -1,3 +1,3 @@',
    ' a: 1',
    '-b: 1',
    '+b: 2',
    ' c: 3',
    '--- /dev/null',
    '+++ b/prod/new.yaml',
    '@@ -0,0 +1,1 @@',
    '+n: 1',
    '--- a/prod/old.yaml',
    '+++ /dev/null',
    '@@ -1,1 +0,0 @@',
    '-o: 1',
    '',
  ].join('\n'));
});

test('a missing final newline shows in the diff', () => {
  const { report } = diffTrees(new Map([['a', 'x\n']]), new Map([['a', 'x']]));
  assert.match(report, /\\ No newline at end of file/);
});

test.run();
