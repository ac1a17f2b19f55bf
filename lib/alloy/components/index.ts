// Typed constructors, grouped as Alloy names them: `prometheus.scrape(label, args)` builds
// `prometheus.scrape "label" { ... }`. Arguments use Alloy's own snake_case names.
import { credentials } from './credentials.ts';
import { fileMatch } from './discovery.ts';

export { discovery } from './discovery.ts';
export { prometheus } from './prometheus.ts';
export { loki } from './loki.ts';
export { stage } from './loki-stages.ts';
export type { StageBlock } from './loki-stages.ts';

export const local = { file: credentials.localFile, file_match: fileMatch } as const;
export const remote = { kubernetes: { secret: credentials.kubernetesSecret } } as const;
