// Conformance on a corpus nobody here wrote: every complete example of Alloy's reference docs parses, and
// printing is stable. Templates are counted; examples Alloy itself rejects are listed with the reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../lib/alloy/parse.ts';
import { print } from '../../lib/alloy/print.ts';
import { docsCorpus, docsCorpusDir } from '../support/docs-corpus.ts';

/** Blocks that are fragments or wrong in the documentation; Alloy's parser rejects them too. */
const rejected: Record<string, string> = {
  'discovery.relabel__1.alloy': '`#` comment (Alloy has none)',
  'loki.enrich__1.alloy': 'object fields without commas',
  'mimir.rules.kubernetes__5.alloy': 'object fields without commas',
  'otelcol.exporter.datadog__2.alloy': 'missing `.` in a reference (`default input`)',
  'otelcol.processor.attributes__6.alloy': '`\\*` is not a valid escape',
  'otelcol.receiver.filelog__1.alloy': '`...` placeholder',
  'otelcol.receiver.filelog__2.alloy': '`...` placeholder',
  'otelcol.receiver.influxdb__0.alloy': '`[...]` placeholder',
  'prometheus.exporter.postgres__4.alloy': 'array elements without commas',
  'prometheus.exporter.windows__1.alloy': '`...` placeholder',
  'prometheus.exporter.windows__3.alloy': 'array elements without commas',
  'prometheus.scrape__1.alloy': '`...` placeholder',
  'remote.kubernetes.secret__1.alloy': 'an expression, not a file',
  'remote.vault__1.alloy': 'an expression, not a file',
};
// loki.process fragments: a log line or JSON/number sample, not Alloy.
for (const n of [8, 10, 12, 19, 20, 21, 22, 23, 28, 30, 31, 32, 33, 34, 35, 36, 37, 38]) rejected[`loki.process__${n}.alloy`] = 'a sample log line or JSON, not Alloy';

const dir = docsCorpusDir();
if (dir === undefined) {
  console.warn('docs corpus NOT RUN: ../shared/data/alloy-docs-examples absent');
  test('docs corpus NOT RUN (folder absent)', () => {});
} else {
  const examples = docsCorpus(dir);
  test('every complete docs example parses and prints stably', () => {
    const failures: string[] = [];
    let parsed = 0;
    for (const e of examples) {
      if (e.template) continue;
      try {
        const once = print(parse(e.text, e.name));
        const again = parse(once, e.name);
        if (print(again) !== once) throw new Error('printing is not stable');
        parsed++;
        if (rejected[e.name]) failures.push(`${e.name}: listed as rejected but parses`);
      } catch (error) {
        if (!rejected[e.name]) failures.push(`${e.name}: ${(error as Error).message}`);
      }
    }
    const templates = examples.filter((e) => e.template).length;
    console.log(`docs corpus: ${examples.length} blocks, parsed ${parsed}, templates ${templates}, rejected ${Object.keys(rejected).length}`);
    assert.equal(failures, []);
    assert.is(templates, 302);
  });
}

test.run();
