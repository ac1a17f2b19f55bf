// Regenerates vendor/alloy/catalogue.json from a checkout of grafana/alloy, when upgrading Alloy:
//   npx tsx scripts/vendor-alloy.ts <path to a grafana/alloy checkout> [--commit <sha>] [--tag <tag>]
// Reads the Go source as text (lib/alloy/catalogue/extract.ts); writes only names and kinds.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCatalogue } from '../lib/alloy/catalogue/extract.ts';
import { catalogueText } from '../lib/alloy/catalogue/text.ts';
import { isSourceFile } from '../lib/alloy/catalogue/go-packages.ts';

const [src, ...rest] = process.argv.slice(2);
if (!src) {
  console.error('usage: npx tsx scripts/vendor-alloy.ts <path to a grafana/alloy checkout> [--commit <sha>] [--tag <tag>]');
  process.exit(2);
}
const flag = (name: string) => { const i = rest.indexOf(name); return i < 0 ? undefined : rest[i + 1]; };
const files = new Map<string, string>();
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const rel = path.relative(src, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
  if (rel.endsWith('go.mod') || isSourceFile(rel)) files.set(rel, readFileSync(path.join(src, rel), 'utf8'));
}
const commit = flag('--commit') ?? 'unknown';
const tag = flag('--tag');
const { catalogue, fallbacks } = extractCatalogue(files, { repository: 'grafana/alloy', commit, ...(tag ? { tag } : {}) });
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vendor', 'alloy');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'catalogue.json'), catalogueText(catalogue));
const count = (o: object) => Object.keys(o).length;
console.log(`vendor/alloy/catalogue.json: ${count(catalogue.components)} components, ${count(catalogue.configBlocks)} config blocks, ${count(catalogue.types)} bodies`);
console.log(`${fallbacks.length} Go types outside the repository read as \`any\` (an upgrade that changes this number changed what the check sees)`);
