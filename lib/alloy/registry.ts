// What each component type the stack knows exports and what part it plays in a pipeline. The graph
// check reads this, not the constructors, so it works on parsed user snippets too. A component type
// missing here is reported as unknown: add it here (with its exports) to allow it.
import type { ExportType } from './ast.ts';

/**
 * source: produces data and forwards it (must reach a writer).
 * processor: receives data and forwards it (must be forwarded to, and must reach a writer).
 * writer: receives data and sends it out of Alloy (must be forwarded to).
 * provider: exports values other components read (must be referenced).
 */
export type Role = 'source' | 'processor' | 'writer' | 'provider';
export type ReceiverType = 'MetricsReceiver' | 'LogsReceiver';

export interface ComponentInfo {
  readonly role: Role;
  /** Export name to value type. */
  readonly exports: Readonly<Record<string, ExportType>>;
  /** Arguments whose references are forward_to-style receivers, and the receiver type they take. */
  readonly forwards?: { readonly attribute: string; readonly accepts: ReceiverType };
  /** Arguments that, when set to a bare reference, must reference an export of this type. */
  readonly typedArguments?: Readonly<Record<string, ExportType>>;
}

const metricsOut = { attribute: 'forward_to', accepts: 'MetricsReceiver' } as const;
const logsOut = { attribute: 'forward_to', accepts: 'LogsReceiver' } as const;
const targetsIn = { targets: 'Targets' } as const;

const table = {
  'discovery.kubernetes': { role: 'provider', exports: { targets: 'Targets' } },
  'discovery.relabel': { role: 'provider', exports: { output: 'Targets', rules: 'RelabelRules' }, typedArguments: targetsIn },
  'prometheus.exporter.self': { role: 'provider', exports: { targets: 'Targets' } },
  'local.file_match': { role: 'provider', exports: { targets: 'Targets' }, typedArguments: { path_targets: 'Targets' } },
  // `content` is a secret only with is_secret = true; treating it as one is the safe reading.
  'local.file': { role: 'provider', exports: { content: 'Secret' } },
  'remote.kubernetes.secret': { role: 'provider', exports: { data: 'Secret' } },
  'prometheus.scrape': { role: 'source', exports: {}, forwards: metricsOut, typedArguments: targetsIn },
  'prometheus.relabel': { role: 'processor', exports: { receiver: 'MetricsReceiver', rules: 'RelabelRules' }, forwards: metricsOut },
  'prometheus.remote_write': { role: 'writer', exports: { receiver: 'MetricsReceiver' } },
  'loki.source.file': { role: 'source', exports: {}, forwards: logsOut, typedArguments: targetsIn },
  'loki.source.kubernetes': { role: 'source', exports: {}, forwards: logsOut, typedArguments: targetsIn },
  'loki.source.kubernetes_events': { role: 'source', exports: {}, forwards: logsOut },
  'loki.source.journal': { role: 'source', exports: {}, forwards: logsOut, typedArguments: { relabel_rules: 'RelabelRules' } },
  'loki.process': { role: 'processor', exports: { receiver: 'LogsReceiver' }, forwards: logsOut },
  'loki.relabel': { role: 'processor', exports: { receiver: 'LogsReceiver', rules: 'RelabelRules' }, forwards: logsOut },
  'loki.write': { role: 'writer', exports: { receiver: 'LogsReceiver' } },
} as const satisfies Record<string, ComponentInfo>;

export type ComponentType = keyof typeof table;

export const components: ReadonlyMap<string, ComponentInfo> = new Map<string, ComponentInfo>(Object.entries(table));

/** The writer type that ends a pipeline of each signal, for messages and reachability. */
export const writerOf: Readonly<Record<ReceiverType, ComponentType>> = {
  MetricsReceiver: 'prometheus.remote_write',
  LogsReceiver: 'loki.write',
};

export const signalOf: Readonly<Record<ReceiverType, string>> = { MetricsReceiver: 'metrics', LogsReceiver: 'logs' };

/** Top-level configuration blocks: unlabelled, not components, at most one across all files. */
export const configBlocks: ReadonlySet<string> = new Set(['logging', 'http', 'tracing', 'livedebugging', 'remotecfg']);

/**
 * First identifiers of Alloy component names. A reference starting with one of these is meant as a
 * component (so a typo in the type is reported); anything else is the standard library.
 */
export const componentNamespaces: ReadonlySet<string> = new Set([
  'discovery', 'prometheus', 'loki', 'local', 'remote', 'otelcol', 'pyroscope', 'mimir', 'faro', 'beyla', 'database_observability',
]);

export interface ComponentPath {
  type: string;
  label: string;
  /** Undefined when the reference names the component without an export. */
  export?: string;
}

// Component names have 2 to 4 identifiers (local.file, loki.source.kubernetes_events, ...).
const maxTypeLength = 4;

/**
 * Splits `<type>.<label>.<export>...` using the longest known type prefix (so `local.file_match`
 * wins over nothing and `local.file` is still found). `known` can add types declared in the config.
 */
export function splitComponentPath(path: readonly string[], known: (type: string) => boolean = (t) => components.has(t)): ComponentPath | undefined {
  for (let n = Math.min(maxTypeLength, path.length - 1); n >= 2; n--) {
    const type = path.slice(0, n).join('.');
    if (!known(type)) continue;
    return path.length > n + 1 ? { type, label: path[n]!, export: path[n + 1]! } : { type, label: path[n]! };
  }
  return undefined;
}
