// The one-line forms both outputs share: `prod: 2 changed, 1 added, 0 removed (alloy-metrics:
// traefik.alloy added)` and `prod: cloud path: kube-state-metrics +kube_pod_labels`.
import { costText } from './cost.ts';
import type { DataChanges, EnvDiff } from './objects.ts';

/** Everything after `prod: `. */
export function countsText(diff: EnvDiff): string {
  const objects = (n: number) => `${n} object${n === 1 ? '' : 's'}`;
  if (diff.status === 'added') return `new environment (${objects(diff.added.length)})`;
  if (diff.status === 'removed') return `environment removed (${objects(diff.removed.length)})`;
  if (diff.status === 'unchanged') return 'no changes';
  const notes = [
    ...(diff.renamedFrom === undefined ? [] : [`renamed from ${diff.renamedFrom}`]),
    ...diff.changed.flatMap((c) => (c.data === undefined ? [] : [dataText(c.data)])),
  ];
  const counts = `${diff.changed.length} changed, ${diff.added.length} added, ${diff.removed.length} removed`;
  return notes.length === 0 ? counts : `${counts} (${notes.join('; ')})`;
}

/** `alloy-metrics: traefik.alloy added, kubelet.alloy changed`; past a few names, a count. */
export function dataText(data: DataChanges): string {
  const part = (keys: readonly string[], what: string) => {
    if (keys.length === 0) return [];
    return [keys.length <= 3 ? `${keys.join(', ')} ${what}` : `${keys.length} files ${what}`];
  };
  return `${data.configMap}: ${[...part(data.added, 'added'), ...part(data.removed, 'removed'), ...part(data.changed, 'changed')].join(', ')}`;
}

export function summaryLine(diff: EnvDiff): string {
  return `${diff.name}: ${countsText(diff)}`;
}

/** Undefined when nothing that reaches the cloud changed. */
export function costLine(diff: EnvDiff): string | undefined {
  return diff.cost.length === 0 ? undefined : `${diff.name}: cloud path: ${costText(diff.cost)}`;
}
