// Files whose every block passed the catalogue check (arguments.ts), by name and printed text: in a fleet most
// generated files (node-exporter.alloy, kubelet.alloy, ...) are the same in every environment, and that check
// of them was about half of checking a workload. It depends on the file alone (its declare and import blocks
// are per file), and two files that print the same are the same blocks, so a clean result carries over; one
// with problems is checked again, so its messages name its own lines. The graph check, across files, always
// runs. Bounded by the text it holds; cleared when full.
import type { Registry } from '../registry.ts';

const limitChars = 16 * 1024 * 1024;
const byRegistry = new WeakMap<Registry, Map<string, Set<string>>>();
let heldChars = 0;

/** Whether the file `name` with this printed text passed the catalogue check of `registry` before. */
export function knownClean(registry: Registry, name: string, text: string): boolean {
  return byRegistry.get(registry)?.get(name)?.has(text) ?? false;
}

/** Remembers that the file passed. */
export function rememberClean(registry: Registry, name: string, text: string): void {
  if (heldChars + text.length > limitChars) {
    byRegistry.delete(registry);
    heldChars = 0;
  }
  let names = byRegistry.get(registry);
  if (names === undefined) byRegistry.set(registry, (names = new Map()));
  let texts = names.get(name);
  if (texts === undefined) names.set(name, (texts = new Set()));
  if (texts.has(text)) return;
  texts.add(text);
  heldChars += text.length;
}
