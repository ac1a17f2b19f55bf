// `--check`: compare what an export would write with what is on disk, and say what differs the way a
// reviewer reads it: a list of files, then a unified diff per file (a/ is the disk, b/ the new render).
import { createTwoFilesPatch } from 'diff';
import { compareUtf8 } from './layout.ts';

export interface TreeDiff {
  /** True when writing the expected files would change anything. */
  stale: boolean;
  report: string;
}

/**
 * `expected`: every file the export would write, by path. `actual`: the text on disk for the paths that
 * matter (the rendered ones and any the manifest records); undefined or absent means no such file. A path
 * only in `actual` is a file the export would remove.
 */
export function diffTrees(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string | undefined>): TreeDiff {
  const paths = [...new Set([...expected.keys(), ...actual.keys()])].sort(compareUtf8);
  const changed: string[] = [];
  const missing: string[] = [];
  const extra: string[] = [];
  const diffs: string[] = [];
  for (const path of paths) {
    const want = expected.get(path);
    const have = actual.get(path);
    if (want === have) continue;
    if (have === undefined) missing.push(path);
    else if (want === undefined) extra.push(path);
    else changed.push(path);
    diffs.push(unifiedDiff(path, have, want));
  }
  const count = changed.length + missing.length + extra.length;
  if (count === 0) return { stale: false, report: `up to date: ${expected.size} file${expected.size === 1 ? '' : 's'} match\n` };
  const lines = [
    `stale: ${count} file${count === 1 ? '' : 's'} differ from a fresh render; export again and commit the result`,
    ...changed.map((p) => `  changed: ${p}`),
    ...missing.map((p) => `  missing: ${p}`),
    ...extra.map((p) => `  no longer rendered: ${p}`),
  ];
  return { stale: true, report: `${lines.join('\n')}\n\n${diffs.join('')}` };
}

function unifiedDiff(path: string, have: string | undefined, want: string | undefined): string {
  const patch = createTwoFilesPatch(
    have === undefined ? '/dev/null' : `a/${path}`,
    want === undefined ? '/dev/null' : `b/${path}`,
    have ?? '',
    want ?? '',
    undefined,
    undefined,
    { context: 3 },
  );
  // jsdiff opens with a line of `=`; git's format, which reviewers know, has none.
  return patch.replace(/^=+\n/, '');
}
