// The Alloy documentation corpus (../shared/data/alloy-docs-examples, beside the checkout), read in place.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The examples folder, or undefined when the shared data is absent (a clone outside the team). */
export function docsCorpusDir(): string | undefined {
  const dir = fileURLToPath(new URL('../../../shared/data/alloy-docs-examples/examples/', import.meta.url));
  return existsSync(dir) ? dir : undefined;
}

export interface CorpusExample {
  name: string;
  text: string;
  /** A usage template with placeholders such as `<LABEL>`: not meant to parse. */
  template: boolean;
}

const placeholder = /<[A-Z][A-Z0-9_]*>/;

export function docsCorpus(dir: string): CorpusExample[] {
  return readdirSync(dir).filter((f) => f.endsWith('.alloy')).sort().map((name) => {
    const text = readFileSync(dir + name, 'utf8');
    return { name, text, template: placeholder.test(text) };
  });
}
