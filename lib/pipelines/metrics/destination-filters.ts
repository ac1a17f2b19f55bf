// Every metrics destination's filter of one component, as data: what `diff` compares between two
// revisions to say, per destination, which series start or stop leaving the cluster. The same decisions
// as destinationRules (cloud-path.ts), which renders them as relabel rules.
import type { Config } from '../../config/config.gen.ts';
import { cloudFilter } from '../allow-lists.ts';
import { metricsDestinations } from './destinations.ts';

export interface DestinationFilter {
  /** `cloud` for cloud.metrics, else the metrics.destinations name. */
  destination: string;
  keep?: string;
  drop?: string;
  /** filter 'none': every series, whatever the lists say. */
  everything?: boolean;
  namespaces?: readonly string[];
}

/** `(component) => filters`: the destinations (cloud first) that take the component, each with its filter. */
export function destinationFilters(config: Config, allowLists: Readonly<Record<string, string[]>>): (component: string) => DestinationFilter[] {
  const routed = metricsDestinations(config, { otlp: true }).destinations;
  return (component) => routed
    .filter((d) => d.components === undefined || d.components.includes(component))
    .map((d) => ({
      destination: d.name,
      ...(d.filter === 'none' ? { everything: true } : cloudFilter(component, d.tuning[component], allowLists[component])),
      ...(d.namespaces === undefined ? {} : { namespaces: d.namespaces }),
    }));
}
