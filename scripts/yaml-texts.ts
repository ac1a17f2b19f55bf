// The `yaml` package's texts of the scalars and keys the YAML writer asked it about (lib/export/yaml-direct.ts),
// kept beside the bundle for the next export. Asking cost an export of one environment about 30 ms, most of
// its YAML stage, because a fresh process runs the package cold. They hold while the code is the same, so
// they live in the bundle's folder (scripts/host.ts): from the sources, nothing is kept.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rememberedTexts, rememberTexts, type RememberedTexts } from '../lib/export/yaml.ts';
import { codeCacheDir } from './host.ts';

// A fleet asks about tens of thousands (names, checksums); reading them all would cost one environment more
// than it saves. The first ones are those every environment shares.
const kept = 5_000;

const fileIn = (dir: string) => path.join(dir, 'yaml-texts.json');

/** Takes what an earlier export kept; the number of texts taken (0 when none could be read). */
export function loadYamlTexts(): number {
  const dir = codeCacheDir();
  if (dir === undefined) return 0;
  try {
    const texts = JSON.parse(readFileSync(fileIn(dir), 'utf8')) as RememberedTexts;
    rememberTexts(texts);
    return texts.scalars.length + texts.keys.length;
  } catch {
    return 0; // none yet, or unreadable: the package is asked
  }
}

/** Keeps the texts for the next export, when this one learned some beyond the `loaded` it started with. */
export function saveYamlTexts(loaded: number): void {
  const dir = codeCacheDir();
  if (dir === undefined) return;
  const texts = rememberedTexts(kept);
  if (texts.scalars.length + texts.keys.length <= loaded) return;
  try {
    const tmp = `${fileIn(dir)}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(texts));
    renameSync(tmp, fileIn(dir));
  } catch {
    // A read-only cache: the next export asks the package again.
  }
}
