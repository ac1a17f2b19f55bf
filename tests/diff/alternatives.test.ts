import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { splitAlternation } from '../../lib/alloy/re2-top-level.ts';
import { alternation } from '../../lib/pipelines/allow-lists.ts';

test('splits what alternation joined, each entry as alternation wrote it', () => {
  const entries = ['up', 'container_network_.*_errors_total', 'a|b', '[|]x', 'c\\|d', '(?i)foo', '\\Q|\\E', '[[:alpha:]|]', '[]|]'];
  assert.equal(splitAlternation(alternation(entries)), ['up', 'container_network_.*_errors_total', '(?:a|b)', '[|]x', 'c\\|d', '(?:(?i)foo)', '\\Q|\\E', '[[:alpha:]|]', '[]|]']);
});

test('one entry is one entry; an unterminated \\Q runs to the end', () => {
  assert.equal(splitAlternation('kube_pod_labels'), ['kube_pod_labels']);
  assert.equal(splitAlternation('a|\\Qb|c'), ['a', '\\Qb|c']);
});

test.run();
