// The chart's own examples (k8s-monitoring 3.8.12, read in place from the shared data folder): each is
// imported, and one with no unsupported key is written, type-checked and rendered with every check.
// The count is held as a floor: it may only go up.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environmentText, importValues, unsupportedCount } from '../../lib/import/import.ts';
import { parseValues } from '../../lib/import/values.ts';
import { libImport, renderImported, typecheckImported, writeImported } from '../support/imported.ts';

const examples = '/work/shared/data/k8s-monitoring-3.8.12-examples';
// Raise this when the importer maps more; never lower it.
const floor = 28;

function valuesFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const at = path.join(dir, name);
    if (statSync(at).isDirectory()) out.push(...valuesFiles(at));
    else if (name === 'values.yaml') out.push(at);
  }
  return out;
}

if (!existsSync(examples)) {
  console.warn(`\n!!! ${examples} is absent: the conformance test over the chart's examples is SKIPPED !!!\n`);
  test.skip('k8s-monitoring examples import and render (data folder absent)', () => {});
} else {
  test('k8s-monitoring examples: import with no unsupported key, then type-check and render', async () => {
    const files = valuesFiles(examples);
    assert.is(files.length, 52, 'the shared folder holds 52 examples (SOURCE.md)');
    const clean: { id: string; file: string }[] = [];
    for (const file of files) {
      const id = path.relative(examples, path.dirname(file)).replace(/[^a-z0-9]+/gi, '-');
      const display = path.relative(examples, file);
      const result = importValues({ values: parseValues(readFileSync(file, 'utf8'), display), file: display, from: 'k8s-monitoring-3' });
      if (unsupportedCount(result) > 0) continue;
      clean.push({ id, file: writeImported('import-conformance', id, environmentText(result, display, { libImport })) });
    }
    const problems = typecheckImported('import-conformance');
    assert.is(problems, '', 'the generated environment files type-check');
    const rendered: string[] = [];
    for (const { id, file } of clean) {
      const out = await renderImported(file);
      assert.equal(out.warnings, [], `${id} renders without warnings`);
      rendered.push(id);
    }
    console.log(`import conformance: ${rendered.length} of ${files.length} import with no unsupported key and render with every check passing (${rendered.join(', ')})`);
    assert.ok(rendered.length >= floor, `the figure fell below its floor ${floor}`);
  });
}

test.run();
