// Generates every *.gen.ts in the repo from its JSON Schema (lib/generate/types.ts).
//   tsx scripts/gen-types.ts          write the files
//   tsx scripts/gen-types.ts --check  exit 1 naming stale files (or *.gen.ts no target produces)
//   tsx scripts/gen-types.ts lib/k8s/types.gen.ts   write only the named outputs
import { generateAll, staleGenerated, writeGenerated } from '../lib/generate/types.ts';

const generated = await generateAll();
for (const g of generated) if (g.content === null) console.log(`skipped ${g.out}: ${g.source} does not exist`);
if (process.argv.includes('--check')) {
  const problems = staleGenerated(generated);
  if (problems.length) {
    console.error(`generated files out of date; run npm run gen-types:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('generated files are up to date');
} else {
  for (const out of writeGenerated(generated, process.argv.slice(2).filter((a) => !a.startsWith('--')))) console.log(`wrote ${out}`);
}
