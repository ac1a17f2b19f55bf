// The stability level (and community flag) an Alloy workload must run with for the components and blocks its
// files use: Alloy refuses to load a public-preview or experimental component below that level
// (`--stability.level`), and a community component without `--feature.community-components.enabled`.
import type { Statement } from '../ast.ts';
import type { Stability } from '../catalogue/types.ts';
import { languageCatalogue } from '../language-blocks.ts';
import type { Registry } from '../registry.ts';

export interface StabilityUse {
  file: string;
  /** The component type or block name. */
  name: string;
  stability: Stability;
  community: boolean;
}

export interface StabilityNeeds {
  /** The lowest level every use allows. */
  level: Stability;
  community: boolean;
  /** What needs more than generally-available, or the community flag, in file order. */
  uses: StabilityUse[];
}

const rank: Readonly<Record<Stability, number>> = { 'generally-available': 0, 'public-preview': 1, experimental: 2 };

export function stabilityNeeds(files: readonly { name: string; file: { body: readonly Statement[] } }[], registry: Registry): StabilityNeeds {
  const needs: StabilityNeeds = { level: 'generally-available', community: false, uses: [] };
  for (const { name: file, file: { body } } of files) scan(body, file, registry, needs);
  return needs;
}

function scan(body: readonly Statement[], file: string, registry: Registry, needs: StabilityNeeds): void {
  for (const s of body) {
    if (s.kind !== 'block') continue;
    const language = languageCatalogue.configBlocks[s.name];
    let stability: Stability | undefined;
    let community = false;
    if (language !== undefined) {
      stability = language.stability;
    } else {
      const info = registry.info(s.name);
      if (info !== undefined) {
        stability = info.stability;
        community = info.community;
      } else stability = registry.catalogue.configBlock(s.name)?.stability;
    }
    if (stability !== undefined && (stability !== 'generally-available' || community)) {
      if (rank[stability] > rank[needs.level]) needs.level = stability;
      if (community) needs.community = true;
      if (!needs.uses.some((u) => u.file === file && u.name === s.name)) needs.uses.push({ file, name: s.name, stability, community });
    }
    // Components inside declare bodies and foreach templates count as well.
    if (s.name === 'declare') scan(s.body, file, registry, needs);
    if (s.name === 'foreach') for (const t of s.body) if (t.kind === 'block' && t.name === 'template') scan(t.body, file, registry, needs);
  }
}

/** The warning an export prints for one workload, or undefined when it needs nothing beyond the defaults. */
export function stabilityWarning(workload: string, needs: StabilityNeeds): string | undefined {
  if (needs.uses.length === 0) return undefined;
  const list = needs.uses.map((u) => `${u.name} (${u.community ? 'community' : u.stability}, ${u.file})`).join(', ');
  const flags = [
    ...(needs.level === 'generally-available' ? [] : [`--stability.level=${needs.level}`]),
    ...(needs.community ? ['--feature.community-components.enabled=true'] : []),
  ];
  return `${workload}: runs with ${flags.join(' and ')} for ${list}`;
}
