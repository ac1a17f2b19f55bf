// Node logs: the systemd journal of each node (kubelet, container runtime, kernel...), read by the
// same DaemonSet that tails pod logs.
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { discovery, loki } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config, NodeLogs } from '../../config/config.gen.ts';
import type { AlloyConfig, HostMount } from '../alloy-config.ts';

export const nodeLogsFileName = 'node-logs.alloy';
export const journalJob = 'integrations/kubernetes/journal';
export const journalPath = '/var/log/journal';

const journalMount: HostMount = { name: 'journal', path: journalPath };

/** syslog priorities, most severe first: the index is the journal's PRIORITY value. */
export const priorities = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

function rules(nodeLogs: NodeLogs): RuleArgs[] {
  const max = priorities.indexOf(nodeLogs.maxPriority);
  return [
    { source_labels: ['__journal__systemd_unit'], target_label: 'unit' },
    { source_labels: ['__journal__hostname'], target_label: 'node' },
    { source_labels: ['__journal_priority_keyword'], target_label: 'level' },
    // Keep PRIORITY <= max; with "debug" every entry passes, so no rule is needed. An entry the
    // rules drop has no labels left, and loki.source.journal skips such entries.
    ...(max < priorities.length - 1 ? [{ source_labels: ['__journal_priority'], regex: `[0-${max}]`, action: 'keep' } as const] : []),
  ];
}

/**
 * journald ORs matches on the same field, so the unit filter runs inside the journal reader: entries
 * of other units are never read, which is cheaper than reading and then dropping them.
 */
export function unitMatches(units: readonly string[]): string | undefined {
  return units.length === 0 ? undefined : units.map((unit) => `_SYSTEMD_UNIT=${unit}`).join(' ');
}

export function nodeLogs(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Partial<AlloyConfig> {
  const settings = config.logs.nodeLogs;
  const relabel = discovery.relabel('node_logs', { targets: [], rule: rules(settings) });
  // Straight to the writers: the journal's labels are few and bounded (job, unit, node, level).
  const journal = loki.source.journal('node_logs', {
    forward_to: forwardTo,
    max_age: settings.maxAge,
    path: journalPath,
    matches: unitMatches(settings.units),
    labels: { job: journalJob },
    relabel_rules: relabel.exports.rules,
  });
  return {
    files: [{ name: nodeLogsFileName, file: file([relabel.block, journal.block]) }],
    hostMounts: [journalMount],
  };
}
