// The log pipelines of the two Alloy workloads that carry logs: the DaemonSet (pod logs, node logs)
// and the single-replica Deployment (cluster events). Both share the destinations. logs.enabled
// switches pod logs only: node logs and events have their own switches, so either can run alone.
import type { Config } from '../../config/config.gen.ts';
import type { AlloyConfig } from '../alloy-config.ts';
import { mergeAlloyConfigs } from '../alloy-config.ts';
import { logDestinations } from './destinations.ts';
import { clusterEvents } from './events.ts';
import { nodeLogs } from './node-logs.ts';
import { podLogs } from './pod-logs.ts';
import { podLogsObjects } from './pod-logs-objects.ts';
import { secretFilterComponent } from './secret-filter.ts';
import { file } from '../../alloy/ast.ts';

const empty: AlloyConfig = { files: [], rbac: [], secretEnv: [], hostMounts: [] };

/**
 * The DaemonSet's configuration. Without a destination, or with every log source off, it has no
 * files at all (nothing would be delivered, and no component may dangle): do not render the DaemonSet.
 */
export function logsAlloyConfig(config: Config): AlloyConfig {
  const destinations = logDestinations(config);
  const { logs } = config;
  if (destinations.file === undefined || (!logs.enabled && !logs.nodeLogs.enabled && !logs.podLogsObjects.enabled)) return empty;
  // Pod logs pass Alloy's secret filter on their way out when that engine is chosen (node logs are the
  // node's own services, not applications').
  const filter = logs.enabled || logs.podLogsObjects.enabled ? secretFilterComponent(config, destinations.receivers) : undefined;
  const podReceivers = filter === undefined ? destinations.receivers : [filter.exports.receiver];
  return mergeAlloyConfigs([
    logs.enabled ? podLogs(config, podReceivers) : {},
    logs.podLogsObjects.enabled ? podLogsObjects(config, podReceivers) : {},
    filter === undefined ? {} : { files: [{ name: 'secret-filter.alloy', file: file([filter.block]) }] },
    logs.nodeLogs.enabled ? nodeLogs(config, destinations.receivers) : {},
    { files: [destinations.file], secretEnv: destinations.secretEnv, secretReads: destinations.secretReads },
  ]);
}

/** The events Deployment's configuration; undefined when events are off or have nowhere to go. */
export function eventsAlloyConfig(config: Config): AlloyConfig | undefined {
  const destinations = logDestinations(config);
  if (!config.logs.events.enabled || destinations.file === undefined) return undefined;
  return mergeAlloyConfigs([
    clusterEvents(config, destinations.receivers),
    { files: [destinations.file], secretEnv: destinations.secretEnv, secretReads: destinations.secretReads },
  ]);
}
