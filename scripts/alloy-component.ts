// npx tsx scripts/alloy-component.ts <component or config block>...: prints the vendored catalogue's entry
// (vendor/alloy/catalogue.json) for each, e.g. `prometheus.scrape`: what the check accepts in extraConfig.
import { IndexedCatalogue } from '../lib/alloy/catalogue/indexed.ts';
import { describeEntry } from '../lib/alloy/catalogue/describe.ts';
import { vendoredCatalogue } from '../lib/alloy/catalogue/load.ts';

const names = process.argv.slice(2);
if (names.length === 0) {
  process.stderr.write('usage: npx tsx scripts/alloy-component.ts <component or config block>... (e.g. prometheus.scrape)\n');
  process.exit(2);
}
const catalogue = new IndexedCatalogue(vendoredCatalogue());
let failed = false;
for (const name of names) {
  try {
    process.stdout.write(describeEntry(catalogue, name));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
