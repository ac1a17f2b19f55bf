// What one environment sends past the local Prometheus, where every series is billed, and how that changed:
// per destination and metrics component, the patterns of its keep rule (drop rule entries count against)
// and the namespaces its route takes. Grafana Cloud (`cloud`) is keyed by the component alone; every other
// destination as `<destination>/<component>`.
// Each side computes its filters with its own library's cloudFilter, so a change to the defaults in
// allow-lists/, to metricsTuning or to the filter logic itself all show up here.
import { splitAlternation } from '../alloy/re2-top-level.ts';
import type { DestinationFilter } from '../pipelines/metrics/destination-filters.ts';

/** A component's cloud path: the keep entries (or every metric when there is no keep rule), then the drops. */
export interface PatternSet {
  keep: string[] | 'all';
  drop: string[];
  /** The namespaces a routed destination takes; absent: every namespace. */
  namespaces?: string[];
}

/** One destination's filter of one component, as the side's library computes it (`destinationFilters`). */
export type { DestinationFilter };

/** Component -> its cloud path, for the components that have one. */
export type CloudPath = Map<string, PatternSet>;

export interface CloudPathInput {
  /** Metric components this side knows: the built-ins and the environment's apps. */
  components: readonly string[];
  /** enableCloudWrite: without it nothing leaves the cluster. */
  cloudWrite: boolean;
  /** Data keys of the rendered ConfigMaps: a component that scrapes has its `<component>.alloy` there. */
  alloyFiles: ReadonlySet<string>;
  /** The side's `cloudFilter(component, metricsTuning[component], allowLists[component])`. */
  filter: (component: string) => { keep?: string; drop?: string };
  /** Every destination's filter of a component, from a library that has destinations; replaces `filter` and `cloudWrite`. */
  destinations?: (component: string) => readonly DestinationFilter[];
}

export function cloudPath(input: CloudPathInput): CloudPath {
  const path: CloudPath = new Map();
  const filters = input.destinations ?? ((component: string): DestinationFilter[] => (input.cloudWrite ? [{ destination: 'cloud', ...input.filter(component) }] : []));
  for (const component of input.components) {
    // A disabled component renders no file, so it sends nothing whatever its tuning says.
    if (!input.alloyFiles.has(`${component}.alloy`)) continue;
    for (const f of filters(component)) {
      const key = f.destination === 'cloud' ? component : `${f.destination}/${component}`;
      const keep = f.everything || f.keep === undefined ? 'all' : splitAlternation(f.keep);
      const drop = f.everything || f.drop === undefined ? [] : splitAlternation(f.drop);
      path.set(key, { keep, drop, ...(f.namespaces === undefined ? {} : { namespaces: [...f.namespaces] }) });
    }
  }
  return path;
}

export interface ComponentCost {
  component: string;
  /** new: the component starts sending; gone: it stops; changed: its patterns differ. */
  status: 'new' | 'gone' | 'changed';
  /** Patterns that now reach the cloud (a keep entry added, a drop entry removed). */
  more: string[];
  /** Patterns that no longer do (a keep entry removed, a drop entry added). */
  less: string[];
  /** For new and gone: how many keep patterns the component has on the side where it exists. */
  size?: number | 'all';
}

/** Shown for a component with no keep rule, which sends every metric it scrapes. */
export const everyMetric = '(every metric)';

export function costChanges(base: CloudPath | undefined, head: CloudPath | undefined): ComponentCost[] {
  const before = base ?? new Map<string, PatternSet>();
  const after = head ?? new Map<string, PatternSet>();
  const changes: ComponentCost[] = [];
  for (const component of new Set([...after.keys(), ...before.keys()])) {
    const was = before.get(component);
    const now = after.get(component);
    if (was === undefined || now === undefined) {
      const side = (now ?? was)!;
      changes.push({ component, status: now ? 'new' : 'gone', more: [], less: [], size: side.keep === 'all' ? 'all' : side.keep.length });
      continue;
    }
    // From or to "every metric", the listed entries say nothing: the switch itself is the change.
    const switched = was.keep === 'all' || now.keep === 'all';
    const [keepWas, keepNow] = switched ? [allOrNothing(was), allOrNothing(now)] : [was.keep as string[], now.keep as string[]];
    const [nsWas, nsNow] = [namespaceEntries(was), namespaceEntries(now)];
    const more = unique([...minus(keepNow, keepWas), ...minus(was.drop, now.drop), ...minus(nsNow, nsWas)]);
    const less = unique([...minus(keepWas, keepNow), ...minus(now.drop, was.drop), ...minus(nsWas, nsNow)]);
    if (more.length > 0 || less.length > 0) changes.push({ component, status: 'changed', more, less });
  }
  return changes;
}

/** Shown when a destination's route stops or starts taking only some namespaces. */
export const everyNamespace = '(every namespace)';

/** A route's namespaces as entries (`namespace=payments`); every namespace is one entry of its own. */
function namespaceEntries(set: PatternSet): string[] {
  return set.namespaces === undefined ? [everyNamespace] : set.namespaces.map((n) => `namespace=${n}`);
}

function allOrNothing(set: PatternSet): string[] {
  return set.keep === 'all' ? [everyMetric] : [];
}

function minus(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
}

function unique(entries: string[]): string[] {
  return [...new Set(entries)];
}

/** At most this many patterns per component on one line; the diff below has them all. */
const shownPerComponent = 10;

/**
 * `kube-state-metrics +kube_pod_labels; cadvisor -container_network_.*_errors_total; traefik new (27 patterns)`.
 * `code` wraps each pattern (backticks in markdown).
 */
export function costText(changes: readonly ComponentCost[], code: (pattern: string) => string = (p) => p): string {
  return changes.map((change) => {
    if (change.status !== 'changed') {
      const size = change.size === 'all' ? 'every metric' : `${change.size} pattern${change.size === 1 ? '' : 's'}`;
      return `${change.component} ${change.status} (${size})`;
    }
    const items = [...change.more.map((p) => `+${code(p)}`), ...change.less.map((p) => `-${code(p)}`)];
    const more = items.length > shownPerComponent ? ` (${items.length - shownPerComponent} more)` : '';
    return `${change.component} ${items.slice(0, shownPerComponent).join(' ')}${more}`;
  }).join('; ');
}
