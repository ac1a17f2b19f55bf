// Cross-field checks of Beyla: what the schema alone cannot say.
import type { Config } from './config.gen.ts';

type Path = (string | number)[];

export function beylaProblems(config: Config, problem: (path: Path, message: string) => void): void {
  const b = config.beyla;
  if (!b.enabled) return;
  if (!b.metrics.enabled && !b.traces.enabled) problem(['beyla'], 'enabled, but metrics and traces are both off: Beyla would instrument and send nothing');
  // Its metrics join the stack's metrics path, whose first stop is the local Prometheus.
  if (b.metrics.enabled && !config.metrics.enabled) problem(['beyla', 'metrics', 'enabled'], 'Beyla\'s metrics go to the metrics destinations, and metrics.enabled is false; turn metrics on or beyla.metrics off');
  if (b.traces.enabled && !config.traces.destinations.some((d) => d.signals.includes('traces'))) {
    problem(['beyla', 'traces', 'enabled'], 'spans need somewhere to go: add a traces.destinations entry that takes traces');
  }
  if (b.traces.contextPropagation && !b.traces.enabled) problem(['beyla', 'traces', 'contextPropagation'], 'propagates trace context, which needs beyla.traces.enabled (and costs NET_ADMIN)');
  const excluded = new Set(b.excludeNamespaces);
  const both = (b.namespaces ?? []).filter((n) => excluded.has(n));
  if (b.namespaces !== undefined && both.length === b.namespaces.length) {
    problem(['beyla', 'namespaces'], `every listed namespace (${both.join(', ')}) is also in excludeNamespaces, so nothing would be instrumented`);
  } else if (both.length > 0) {
    problem(['beyla', 'namespaces'], `namespace ${both.join(', ')} is both listed and in excludeNamespaces`);
  }
}
