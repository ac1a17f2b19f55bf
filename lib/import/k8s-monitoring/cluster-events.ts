// clusterEvents: Kubernetes events as log lines, from one Alloy replica.
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function clusterEvents(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['clusterEvents'];
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'logs.events.enabled');
  if (!enabled) {
    if (read.has(at)) records.ignored(at, 'clusterEvents.enabled is false, so the chart reads none of these keys');
    return;
  }
  draft.set(['logs', 'events', 'enabled'], true);
  draft.from(['logs', 'events'], 'clusterEvents.enabled');
  const namespaces = read.strings([...at, 'namespaces']);
  if (namespaces !== undefined) {
    const bad = namespaces.filter((n) => !dnsLabel.test(n));
    if (bad.length > 0) records.unsupported([...at, 'namespaces'], `not namespace names: ${bad.join(', ')}`, ['logs']);
    else {
      if (namespaces.length > 0) draft.set(['logs', 'events', 'namespaces'], namespaces);
      draft.from(['logs', 'events'], 'clusterEvents.namespaces');
      records.mapped([...at, 'namespaces'], 'logs.events.namespaces');
    }
  }
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-singleton)');
  const unsupported: Record<string, string> = {
    excludeNamespaces: 'excluding namespaces from events has no field here (events.namespaces includes only)',
    extraProcessingStages: 'raw Alloy stages cannot be mapped to typed fields',
    includeReasons: 'event reason filters have no field here',
    excludeReasons: 'event reason filters have no field here',
    includeLevels: 'event level filters have no field here',
    excludeLevels: 'event level filters have no field here',
    logFormat: 'the event line format is fixed here',
    labelsToKeep: 'event labels to keep have no field here',
    structuredMetadata: 'event structured metadata has no field here',
    destinations: 'per-feature destinations: events go to every log destination here',
  };
  for (const [key, why] of Object.entries(unsupported)) {
    if (read.present([...at, key])) records.unsupported([...at, key], why, ['logs']);
  }
}
