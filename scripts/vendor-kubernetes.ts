// Writes vendor/kubernetes/ from the pinned registry packages: the newest version's schemas
// (lib/generate/kubernetes-schemas.ts), the add-on kinds' (lib/generate/autoscaler-schemas.ts) and the table of
// fields by version (lib/generate/kubernetes-field-versions.ts).
//   tsx scripts/vendor-kubernetes.ts          regenerate
//   tsx scripts/vendor-kubernetes.ts --check  exit 1 naming files that differ, write nothing
import { staleVendorFiles, writeVendorFiles } from '../lib/generate/kubernetes-schemas.ts';
import { vendorKubernetesFiles } from '../lib/generate/kubernetes-vendor.ts';

const files = await vendorKubernetesFiles();
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
