// Everything under vendor/kubernetes, composed: the built-in kinds' schemas (kubernetes-schemas.ts), the add-on
// kinds' (autoscaler-schemas.ts) and the fields by version (kubernetes-field-versions.ts). The script and its
// staleness test both call this, so they cannot compose it differently.
import { loadCustomKinds, withCustomKinds } from './autoscaler-schemas.ts';
import { loadApiVersions, withFieldVersions } from './kubernetes-field-versions.ts';
import { buildVendorFiles, loadVendorInput, versionDir } from './kubernetes-schemas.ts';

export async function vendorKubernetesFiles(): Promise<Map<string, string>> {
  const input = await loadVendorInput();
  const withCrds = withCustomKinds(buildVendorFiles(input), versionDir(input.kubernetesVersion), await loadCustomKinds());
  return withFieldVersions(withCrds, await loadApiVersions());
}
