// cluster.name and global: the cluster label and the scrape defaults every source inherits.
import type { ImportContext } from '../context.ts';

const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export function cluster(context: ImportContext): void {
  const { read, records, draft } = context;
  const name = read.string(['cluster', 'name']);
  if (name !== undefined) {
    draft.set(['clusterName'], name);
    draft.from(['clusterName'], 'cluster.name');
    records.mapped(['cluster', 'name'], 'clusterName');
  }
  for (const [key, field] of [['scrapeInterval', 'scrapeInterval'], ['scrapeTimeout', 'scrapeTimeout']] as const) {
    const value = read.string(['global', key]);
    if (value === undefined) continue;
    if (!duration.test(value)) {
      records.unsupported(['global', key], `"${value}" is not a duration like "60s"`, ['metrics']);
      continue;
    }
    draft.set(['metrics', field], value);
    draft.from(['metrics'], `global.${key}`);
    records.mapped(['global', key], `metrics.${field}`);
  }
}
