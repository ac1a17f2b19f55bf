// The catalogue's file text: sorted keys (the extractor sorts), one line per component, config block and
// body, so an Alloy upgrade's diff shows one line per changed entry.
import type { Catalogue } from './types.ts';

export function catalogueText(catalogue: Catalogue): string {
  const section = (record: Record<string, unknown>) =>
    Object.entries(record).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
  return `{\n  "source": ${JSON.stringify(catalogue.source)},\n`
    + `  "components": {\n${section(catalogue.components)}\n  },\n`
    + `  "configBlocks": {\n${section(catalogue.configBlocks)}\n  },\n`
    + `  "types": {\n${section(catalogue.types)}\n  }\n}\n`;
}
