// The `checksum/config` pod-template annotation: a hash of the ConfigMap data, so a config change
// changes the pod template and rolls the pods (no reloader sidecar), and nothing else does.
import { createHash } from 'node:crypto';

export const checksumAnnotation = 'checksum/config';

// Most files are the same text in many environments, and escaping ~30 KB of quote-heavy Alloy text
// costs more than the hash: each text's JSON spelling is kept. Strings are immutable, so sharing is
// safe; cleared when full, which bounds it whatever the input.
const jsonOfText = new Map<string, string>();
const jsonOfTextLimit = 512;

function json(text: string): string {
  let spelled = jsonOfText.get(text);
  if (spelled === undefined) {
    spelled = JSON.stringify(text);
    if (jsonOfText.size >= jsonOfTextLimit) jsonOfText.clear();
    jsonOfText.set(text, spelled);
  }
  return spelled;
}

/**
 * sha256 over the entries sorted by key, so the order files were added in does not matter. The
 * hashed text is exactly `JSON.stringify([[key, text], ...])`, spelled piece by piece.
 */
export function configChecksum(data: Readonly<Record<string, string>>): string {
  let entries = '';
  for (const key of Object.keys(data).sort()) {
    entries += `${entries === '' ? '' : ','}[${json(key)},${json(data[key]!)}]`;
  }
  return createHash('sha256').update(`[${entries}]`).digest('hex');
}
