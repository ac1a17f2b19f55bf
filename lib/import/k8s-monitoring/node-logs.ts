// nodeLogs: the systemd journal of each node. The chart keeps every priority, so the import does too.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';

const unit = /^[A-Za-z0-9@._:-]+$/;
const duration = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export function nodeLogs(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['nodeLogs'];
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'logs.nodeLogs.enabled');
  if (!enabled) {
    if (read.has(at)) records.ignored(at, 'nodeLogs.enabled is false, so the chart reads none of these keys');
    return;
  }
  draft.set(['logs', 'nodeLogs', 'enabled'], true);
  // The chart filters no priority; debug is the least severe, so every entry is kept.
  draft.set(['logs', 'nodeLogs', 'maxPriority'], 'debug');
  draft.from(['logs', 'nodeLogs'], 'nodeLogs.enabled');
  draft.note(['logs', 'nodeLogs'], 'the chart keeps journal entries of every priority (maxPriority debug)');
  const units = read.strings([...at, 'journal', 'units']);
  if (units !== undefined) {
    const bad = units.filter((u) => !unit.test(u));
    if (bad.length > 0) records.unsupported([...at, 'journal', 'units'], `not systemd unit names: ${bad.join(', ')}`, ['logs']);
    else {
      if (units.length > 0) draft.set(['logs', 'nodeLogs', 'units'], units);
      draft.from(['logs', 'nodeLogs'], 'nodeLogs.journal.units');
      records.mapped([...at, 'journal', 'units'], 'logs.nodeLogs.units');
    }
  }
  const maxAge = read.string([...at, 'journal', 'maxAge']);
  if (maxAge !== undefined) {
    if (duration.test(maxAge)) {
      draft.set(['logs', 'nodeLogs', 'maxAge'], maxAge);
      records.mapped([...at, 'journal', 'maxAge'], 'logs.nodeLogs.maxAge');
    } else records.unsupported([...at, 'journal', 'maxAge'], `"${maxAge}" is not a duration`, ['logs']);
  }
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-logs)');
}
