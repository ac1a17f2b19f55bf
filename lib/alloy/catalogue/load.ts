// The vendored catalogue (vendor/alloy/catalogue.json), read once and only when a check first needs it.
// Read as a file, not imported: a JSON import would put the whole catalogue into every bundle as an object
// literal, parsed on every start even for runs that check no Alloy; JSON.parse of the text is faster too.
import { readFileSync } from 'node:fs';
import type { Catalogue } from './types.ts';

const file = new URL('../../../vendor/alloy/catalogue.json', import.meta.url);

let loaded: Catalogue | undefined;

export function vendoredCatalogue(): Catalogue {
  return loaded ??= JSON.parse(readFileSync(file, 'utf8')) as Catalogue;
}
