// lib/alloy/check/clean-files.ts: a file whose printed text passed the catalogue check is not checked again by
// it (the text stands for the blocks, as the check's caller promises); a file with problems is, every time; the
// memory is per catalogue, and the graph across files is always checked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from '../../lib/alloy/parse.ts';
import { checkAlloy } from '../../lib/alloy/check/check.ts';
import { registry } from '../../lib/alloy/registry.ts';
import { fixtureRegistry } from '../support/fixture-catalogue.ts';

const writer = 'prometheus.remote_write "local" {\n  endpoint {\n    url = "http://prometheus:9090/api/v1/write"\n  }\n}\n';
const scrape = (attribute: string, to = 'local') => `prometheus.scrape "app" {\n  targets    = [{ __address__ = "app:8080" }]\n  forward_to = [prometheus.remote_write.${to}.receiver]\n  ${attribute}\n}\n`;
const check = (files: Record<string, string>, texts: Record<string, string> | undefined, reg = fixtureRegistry) => {
  const names = Object.keys(files);
  return checkAlloy(names.map((name) => ({ name, file: parse(files[name]!, name) })), reg, texts === undefined ? undefined : names.map((n) => texts[n]!)).map((p) => p.message);
};

test('a file that passed is not checked again under the same name and text; another text is', () => {
  const clean = { 'w.alloy': writer, 'a.alloy': scrape('scrape_interval = "10s"') };
  assert.equal(check(clean, clean), []);
  // The blocks of a misspelled file behind the clean file's text: the text is what is known.
  const misspelled = { 'w.alloy': writer, 'a.alloy': scrape('scrape_intervl = "10s"') };
  assert.equal(check(misspelled, clean), []);
  assert.match(check(misspelled, misspelled).join('\n'), /unknown argument scrape_intervl/);
  assert.match(check(misspelled, { ...clean, 'a.alloy': misspelled['a.alloy'] }).join('\n'), /unknown argument scrape_intervl/);
  // Without texts nothing is taken as known.
  assert.match(check(misspelled, undefined).join('\n'), /unknown argument scrape_intervl/);
});

test('a file with problems is reported every time', () => {
  const files = { 'w.alloy': writer, 'b.alloy': scrape('scrape_timeout = 10') };
  for (let i = 0; i < 2; i++) assert.match(check(files, files).join('\n'), /scrape_timeout/);
});

test('what passed one catalogue is checked again against another', () => {
  // Known to the vendored catalogue, not to the fixture's.
  const self = { 'w.alloy': writer, 'u.alloy': 'prometheus.exporter.self "alloy" {\n}\n\n' + scrape('scrape_interval = "10s"').replace('[{ __address__ = "app:8080" }]', 'prometheus.exporter.self.alloy.targets') };
  assert.equal(check(self, self, registry()), []);
  assert.match(check(self, self, fixtureRegistry).join('\n'), /prometheus\.exporter\.self/);
});

test('the graph across files is checked whatever the files passed before', () => {
  const files = { 'w.alloy': writer, 'c.alloy': scrape('scrape_interval = "10s"') };
  assert.equal(check(files, files), []);
  const dangling = { 'w.alloy': writer.replace('"local"', '"other"'), 'c.alloy': files['c.alloy'] };
  assert.match(check(dangling, { ...files, 'w.alloy': dangling['w.alloy'] }).join('\n'), /remote_write\.local/);
});

test.run();
