// One unified diff in git's format (`--- a/…`, `+++ b/…`, hunks with 3 lines of context), for a part
// of an object; undefined on a side means the part does not exist there.
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(label: string, before: string | undefined, after: string | undefined): string {
  const hunks = createTwoFilesPatch('', '', before ?? '', after ?? '', undefined, undefined, {
    context: 3,
    headerOptions: { includeIndex: false, includeUnderline: false, includeFileHeaders: false },
  });
  // Our own header lines: jsdiff quotes names with spaces or quotes (`"a/x data[\"k\"]"`), which
  // is exact for patch tools but hard to read, and these diffs are for people.
  const from = before === undefined ? '/dev/null' : `a/${label}`;
  const to = after === undefined ? '/dev/null' : `b/${label}`;
  return `--- ${from}\n+++ ${to}\n${hunks}`;
}
