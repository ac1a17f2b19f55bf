// Generates the precompiled ajv validators, *.gen.js and their *.gen.d.ts (lib/generate/validators.ts).
//   tsx scripts/gen-validators.ts          write the files
//   tsx scripts/gen-validators.ts --check  exit 1 naming stale files
import { generateAll, staleGenerated, writeGenerated } from '../lib/generate/validators.ts';

const generated = generateAll();
if (process.argv.includes('--check')) {
  const problems = staleGenerated(generated);
  if (problems.length > 0) {
    console.error(`generated validators out of date; run tsx scripts/gen-validators.ts:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('generated validators are up to date');
} else {
  for (const out of writeGenerated(generated)) console.log(`wrote ${out}`);
}
