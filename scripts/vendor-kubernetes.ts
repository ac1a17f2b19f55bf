// Writes vendor/kubernetes/v1.<minor>/ from the pinned registry packages (lib/generate/kubernetes-schemas.ts).
//   tsx scripts/vendor-kubernetes.ts          regenerate
//   tsx scripts/vendor-kubernetes.ts --check  exit 1 naming files that differ, write nothing
import { buildVendorFiles, loadVendorInput, staleVendorFiles, writeVendorFiles } from '../lib/generate/kubernetes-schemas.ts';

const files = buildVendorFiles(await loadVendorInput());
if (process.argv.includes('--check')) {
  const stale = staleVendorFiles(files);
  if (stale.length) {
    console.error(`vendor/kubernetes is stale; run npx tsx scripts/vendor-kubernetes.ts:\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log('vendor/kubernetes is up to date');
} else {
  writeVendorFiles(files);
  console.log(`wrote ${files.size} files under vendor/kubernetes`);
}
