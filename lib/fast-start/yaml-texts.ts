// The `yaml` package's texts of the scalars and keys the YAML writer asked it about (lib/export/yaml-direct.ts),
// kept for the next export: a fresh process runs the package cold. Measured with ALLOY_STACK_NO_YAML_TEXTS=1
// (wall, min / median, with against without): one environment 0.36 / 0.49 s against 0.43 / 0.55 s (11 pairs,
// ratio median 0.89), a fleet of 1000 3.95 / 4.22 s against 3.93 / 4.64 s (5 pairs, ratio 0.85). They hold while the code (which includes the package) is the
// same: they live in the code's cache folder (kept-results.ts).
import { rememberedTexts, rememberTexts, type RememberedTexts } from '../export/yaml.ts';
import { readKept, keep } from './kept-results.ts';
import { isOff } from './switches.ts';

// A fleet asks about tens of thousands (names, checksums); reading them all would cost one environment more
// than it saves. The first ones are those every environment shares.
const kept = 5_000;
const name = 'yaml-texts.json';

/** Takes what an earlier export kept; the number of texts taken. */
export function loadYamlTexts(): number {
  if (isOff('YAML_TEXTS')) return 0;
  const texts = readKept(name) as RememberedTexts | undefined;
  if (texts === undefined) return 0;
  rememberTexts(texts);
  return texts.scalars.length + texts.keys.length;
}

/** Keeps the texts for the next export, when this one learned some beyond the `loaded` it started with. */
export function saveYamlTexts(loaded: number): void {
  if (isOff('YAML_TEXTS')) return;
  const texts = rememberedTexts(kept);
  if (texts.scalars.length + texts.keys.length > loaded) keep(name, texts);
}

/** The texts this export took, for the render workers (lib/cli/render-pool.ts) to start with too. */
export function yamlTextsToShare(): RememberedTexts {
  return isOff('YAML_TEXTS') ? { scalars: [], keys: [] } : rememberedTexts(kept);
}
