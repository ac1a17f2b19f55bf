// The `yaml` package's texts of the scalars and keys the YAML writer asked it about (lib/export/yaml-direct.ts),
// kept for the next export. Asking cost an export of one environment about 30 ms, most of its YAML stage,
// because a fresh process runs the package cold. They hold while the code (which includes the package) is the
// same: they live in the code's cache folder (kept-results.ts).
import { rememberedTexts, rememberTexts, type RememberedTexts } from '../export/yaml.ts';
import { readKept, keep } from './kept-results.ts';

// A fleet asks about tens of thousands (names, checksums); reading them all would cost one environment more
// than it saves. The first ones are those every environment shares.
const kept = 5_000;
const name = 'yaml-texts.json';

/** Takes what an earlier export kept; the number of texts taken. */
export function loadYamlTexts(): number {
  const texts = readKept(name) as RememberedTexts | undefined;
  if (texts === undefined) return 0;
  rememberTexts(texts);
  return texts.scalars.length + texts.keys.length;
}

/** Keeps the texts for the next export, when this one learned some beyond the `loaded` it started with. */
export function saveYamlTexts(loaded: number): void {
  const texts = rememberedTexts(kept);
  if (texts.scalars.length + texts.keys.length > loaded) keep(name, texts);
}
