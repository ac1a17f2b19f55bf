// The `checksum/config` pod-template annotation: a hash of the ConfigMap data, so a config change
// changes the pod template and rolls the pods (no reloader sidecar), and nothing else does.
import { createHash } from 'node:crypto';

export const checksumAnnotation = 'checksum/config';

/** sha256 over the entries sorted by key, so the order files were added in does not matter. */
export function configChecksum(data: Readonly<Record<string, string>>): string {
  const entries = Object.keys(data).sort().map((key) => [key, data[key]]);
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}
