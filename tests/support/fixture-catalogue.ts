// The hand-written catalogue of tests/fixtures/alloy-catalogue (see its SOURCE.md), as a registry, and a
// helper that checks Alloy text with it. The check's unit tests use it, so they test the rules, not the
// contents of the vendored catalogue.
import { readFileSync } from 'node:fs';
import { parse } from '../../lib/alloy/parse.ts';
import { IndexedCatalogue } from '../../lib/alloy/catalogue/indexed.ts';
import type { Catalogue } from '../../lib/alloy/catalogue/types.ts';
import { checkAlloy } from '../../lib/alloy/check/check.ts';
import { Registry } from '../../lib/alloy/registry.ts';

const file = new URL('../fixtures/alloy-catalogue/small.json', import.meta.url);

export const fixtureRegistry = new Registry(new IndexedCatalogue(JSON.parse(readFileSync(file, 'utf8')) as Catalogue));

/** Every problem's message for these files (name -> Alloy text), checked against the fixture catalogue. */
export function problemsOf(files: Readonly<Record<string, string>>): string[] {
  return checkAlloy(Object.entries(files).map(([name, text]) => ({ name, file: parse(text, name) })), fixtureRegistry).map((p) => p.message);
}

/** The messages without their `file:line:col: ` / `file: ` prefix. */
export function textsOf(files: Readonly<Record<string, string>>): string[] {
  return problemsOf(files).map((m) => m.replace(/^[^:]+(:\d+:\d+)?: /, ''));
}
