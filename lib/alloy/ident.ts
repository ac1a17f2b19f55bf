// Alloy identifiers (block labels, attribute names, object keys written bare): a Unicode letter or `_`,
// then letters, decimal digits or `_`; `true`, `false` and `null` are keywords, not identifiers.

const identifier = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
// The same rule for ASCII text; much cheaper than the Unicode one, and nearly every name is ASCII.
const asciiIdentifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keywords = new Set(['true', 'false', 'null']);

export function isIdentifier(text: string): boolean {
  return (asciiIdentifier.test(text) || identifier.test(text)) && !keywords.has(text);
}

/**
 * Turns any name into a valid ASCII label the way Alloy's own sanitizer does: every other character
 * becomes `_`, and a leading digit gets a `_` in front. Deterministic, so `kube-state-metrics` is
 * always `kube_state_metrics`.
 */
export function sanitizeLabel(name: string): string {
  if (name === '') throw new Error('an Alloy label cannot be empty');
  let label = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(label)) label = `_${label}`;
  return keywords.has(label) ? `_${label}` : label;
}

/** Refuses a label that is not an identifier, naming the sanitized form to use instead. */
export function assertLabel(label: string, where = 'block label'): string {
  if (!isIdentifier(label)) {
    throw new Error(`${where} "${label}" is not a valid Alloy identifier (letters, digits and _ only); use "${sanitizeLabel(label)}"`);
  }
  return label;
}
