// alloy-metrics, alloy-logs, alloy-singleton, alloy-receiver, alloy-profiles and alloy-operator: how the
// chart runs its Alloy instances. Here the workloads follow from the features that are on, so their
// switches mean nothing; sizing maps to alloyMetrics / alloyLogs where those have a field.
import type { AlloyFile, Block, Expr, Ref, Statement } from '../../alloy/ast.ts';
import { parse } from '../../alloy/parse.ts';
import { print } from '../../alloy/print.ts';
import type { ImportContext } from '../context.ts';
import type { ValuePath } from '../values.ts';
import { metricsWithoutClusterSources, resourcesOf } from './cluster-metrics.ts';
import { daemonSetTolerations, fullnameOverride, nodeSelector, tolerations } from './scheduling.ts';

interface Collector {
  key: string;
  /** The environment field of the workload it becomes, when there is one. */
  field?: 'alloyMetrics' | 'alloyLogs';
  /** Why its other settings mean nothing here, when it serves only unsupported features. */
  serves?: string;
}

const collectors: Collector[] = [
  { key: 'alloy-metrics', field: 'alloyMetrics' },
  { key: 'alloy-logs', field: 'alloyLogs' },
  { key: 'alloy-singleton' },
  { key: 'alloy-receiver', serves: 'it serves applicationObservability and the receivers, which are reported on their own' },
  { key: 'alloy-profiles', serves: 'it serves profiling, which is reported on its own' },
];

export function collectorSettings(context: ImportContext): void {
  const { read, records, draft } = context;
  for (const collector of collectors) {
    const at: ValuePath = [collector.key];
    if (!read.has(at)) continue;
    if (read.has([...at, 'enabled'])) records.ignored([...at, 'enabled'], 'the Alloy workloads follow from the features that are on');
    if (collector.serves !== undefined) {
      records.ignored(at, collector.serves);
      continue;
    }
    // Host mounts follow from the log sources here (pod logs, node logs).
    for (const mount of ['varlog', 'dockercontainers']) {
      if (read.has([...at, 'alloy', 'mounts', mount])) records.ignored([...at, 'alloy', 'mounts', mount], 'host mounts follow from the log sources that are on');
    }
    if (read.has([...at, 'alloy', 'stabilityLevel'])) {
      records.ignored([...at, 'alloy', 'stabilityLevel'], 'the chart raises it for the components of its other features; here each workload runs at the level its own components need');
    }
    // The Alloy UI's live view of data flowing through components: a debugging aid, not a collection setting.
    if (read.has([...at, 'liveDebugging'])) records.ignored([...at, 'liveDebugging'], 'a debugging aid of the Alloy UI, not a collection setting; not switched on here');
    if (collector.key === 'alloy-logs' && read.has([...at, 'alloy', 'clustering'])) {
      records.ignored([...at, 'alloy', 'clustering'], 'alloy-logs is clustered here only with logs.gather kubernetesApi; as a DaemonSet each pod takes its own node\'s pods');
    }
    if (collector.field === undefined) continue;
    fullnameOverride(context, [...at, 'fullnameOverride'], collector.field);
    // No config-reloader sidecar here: a changed config changes the pod template's checksum and rolls the pods.
    if (read.has([...at, 'configReloader'])) records.ignored([...at, 'configReloader'], 'no config-reloader container here: a changed config rolls the pods (its checksum is in the pod template)');
    if (collector.field === 'alloyLogs') daemonSetTolerations(context, [...at, 'controller', 'tolerations'], collector.key);
    else {
      tolerations(context, [...at, 'controller', 'tolerations'], collector.field);
      nodeSelector(context, [...at, 'controller', 'nodeSelector'], collector.field);
    }
    const resources = read.map([...at, 'alloy', 'resources']);
    if (resources !== undefined) {
      const out = resourcesOf(context, [...at, 'alloy', 'resources']);
      if (out !== undefined) {
        draft.set([collector.field, 'resources'], out);
        draft.from([collector.field], `${collector.key}.alloy.resources`);
      }
    }
    if (collector.field === 'alloyMetrics') {
      const replicas = read.number([...at, 'controller', 'replicas']);
      if (replicas !== undefined) {
        if (Number.isInteger(replicas) && replicas >= 1) {
          draft.set(['alloyMetrics', 'replicas'], replicas);
          draft.from(['alloyMetrics'], 'alloy-metrics.controller.replicas');
          records.mapped([...at, 'controller', 'replicas'], 'alloyMetrics.replicas');
        } else records.unsupported([...at, 'controller', 'replicas'], `${replicas} is not a replica count`, ['alloyMetrics']);
      }
      autoscaling(context, [...at, 'controller', 'autoscaling']);
      metricsExtraConfig(context);
    }
  }
  if (read.has(['alloy-operator'])) records.ignored(['alloy-operator'], 'no operator here: the stack is rendered as plain Kubernetes objects');
  if (read.has(['selfReporting'])) records.ignored(['selfReporting'], 'this stack sends no usage report to Grafana');
}

const percent = (n: number) => Number.isInteger(n) && n >= 1 && n <= 100;

/**
 * alloy-metrics.controller.autoscaling (the Alloy chart's HorizontalPodAutoscaler) ->
 * alloyMetrics.autoscaling. The chart's defaults: memory at 80%, CPU off (0). Scaling on CPU alone
 * (memory 0) has no equivalent: here memory is always one of the targets.
 */
function autoscaling(context: ImportContext, at: ValuePath): void {
  const { read, records, draft } = context;
  if (!read.has(at)) return;
  const enabled = read.bool([...at, 'enabled']) ?? false;
  if (!enabled) {
    records.ignored(at, 'autoscaling is off, so the chart reads none of these keys');
    return;
  }
  const out: Record<string, number | boolean> = { enabled: true };
  records.mapped([...at, 'enabled'], 'alloyMetrics.autoscaling.enabled');
  for (const [key, field] of [['minReplicas', 'minReplicas'], ['maxReplicas', 'maxReplicas']] as const) {
    const n = read.number([...at, key]);
    if (n === undefined) continue;
    if (!Number.isInteger(n) || n < 1) {
      records.unsupported([...at, key], `${n} is not a replica count`, ['alloyMetrics']);
      return;
    }
    out[field] = n;
    records.mapped([...at, key], `alloyMetrics.autoscaling.${field}`);
  }
  const memory = read.number([...at, 'targetMemoryUtilizationPercentage']) ?? 80;
  if (!percent(memory)) {
    records.unsupported([...at, 'targetMemoryUtilizationPercentage'], `${memory}: scaling without a memory target has no field here (memory is always a target)`, ['alloyMetrics']);
    return;
  }
  out.targetMemoryUtilization = memory;
  if (read.has([...at, 'targetMemoryUtilizationPercentage'])) records.mapped([...at, 'targetMemoryUtilizationPercentage'], 'alloyMetrics.autoscaling.targetMemoryUtilization');
  const cpu = read.number([...at, 'targetCPUUtilizationPercentage']);
  if (cpu !== undefined) {
    if (cpu === 0) records.mapped([...at, 'targetCPUUtilizationPercentage'], 'alloyMetrics.autoscaling.targetCPUUtilization unset (0: no CPU target)');
    else if (percent(cpu)) {
      out.targetCPUUtilization = cpu;
      records.mapped([...at, 'targetCPUUtilizationPercentage'], 'alloyMetrics.autoscaling.targetCPUUtilization');
    } else {
      records.unsupported([...at, 'targetCPUUtilizationPercentage'], `${cpu} is not a percentage`, ['alloyMetrics']);
      return;
    }
  }
  if (typeof out.minReplicas === 'number' && typeof out.maxReplicas === 'number' && out.minReplicas > out.maxReplicas) {
    records.unsupported(at, `minReplicas ${out.minReplicas} is above maxReplicas ${out.maxReplicas}`, ['alloyMetrics']);
    return;
  }
  draft.set(['alloyMetrics', 'autoscaling'], out);
  draft.from(['alloyMetrics'], 'alloy-metrics.controller.autoscaling');
}

/**
 * alloy-metrics.extraConfig: the values' own Alloy text -> alloyMetrics.extraConfig, which the render
 * parses and graph-checks. The text may name the chart's components only where this stack has the
 * same one: the writer of the Prometheus destination that became cloud.metrics
 * (`prometheus.remote_write.<its name>` -> `prometheus.remote_write.remote`). Any other reference to a
 * component the text does not declare leaves it unsupported.
 */
export function metricsExtraConfig(context: ImportContext): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['alloy-metrics', 'extraConfig'];
  const text = read.string(at);
  if (text === undefined) return;
  if (text.trim() === '') {
    records.ignored(at, 'empty');
    return;
  }
  let file: AlloyFile;
  try {
    file = parse(text, 'alloy-metrics.extraConfig');
  } catch (error) {
    records.unsupported(at, `not valid Alloy: ${(error as Error).message}`, ['alloyMetrics']);
    return;
  }
  // A remote.kubernetes.secret with a literal namespace and name is granted get on exactly that Secret when the
  // environment renders (lib/alloy/api-access.ts), so it imports as it is.
  const declared = file.body.filter((s): s is Block => s.kind === 'block' && s.label !== undefined).map((b) => `${b.name}.${b.label}`);
  const destinations = read.list(['destinations']) ?? [];
  const cloudIndex = destinations.findIndex((_, i) => read.raw(['destinations', i, 'type']) === 'prometheus');
  const cloudName = draft.get(['cloud', 'metrics']) !== undefined && cloudIndex >= 0 ? read.string(['destinations', cloudIndex, 'name']) : undefined;
  const problems: string[] = [];
  let rewrote = false;
  walkRefs(file.body, (ref) => {
    const dotted = ref.path.join('.');
    if (declared.some((d) => dotted === d || dotted.startsWith(`${d}.`))) return;
    if (ref.path.length < 3 || ['sys', 'env', 'constants', 'argument'].includes(ref.path[0]!)) return;
    if (cloudName !== undefined && ref.path[0] === 'prometheus' && ref.path[1] === 'remote_write' && ref.path[2] === cloudName) {
      ref.path[2] = 'remote';
      rewrote = true;
      return;
    }
    problems.push(dotted);
  });
  if (problems.length > 0) {
    records.unsupported(at, `references chart components this stack does not have: ${[...new Set(problems)].join(', ')}`, ['alloyMetrics']);
    return;
  }
  metricsWithoutClusterSources(context, 'alloy-metrics.extraConfig');
  draft.set(['alloyMetrics', 'extraConfig'], { 'extra.alloy': rewrote ? print(file) : text });
  draft.from(['alloyMetrics'], 'alloy-metrics.extraConfig');
  if (rewrote) draft.note(['alloyMetrics'], `extraConfig: prometheus.remote_write.${cloudName} (the chart's destination) is cloud.metrics here: prometheus.remote_write.remote`);
  records.mapped(at, 'alloyMetrics.extraConfig');
}

function walkRefs(body: Statement[], visit: (ref: Ref) => void): void {
  const expr = (e: Expr): void => {
    switch (e.kind) {
      case 'ref': visit(e); break;
      case 'array': e.elements.forEach(expr); break;
      case 'object': e.fields.forEach((f) => expr(f.value)); break;
      case 'index': expr(e.target); expr(e.index); break;
      case 'access': expr(e.target); break;
      case 'call': e.args.forEach(expr); break;
      case 'apply': expr(e.callee); e.args.forEach(expr); break;
      case 'binary': expr(e.left); expr(e.right); break;
      case 'unary': expr(e.operand); break;
      case 'paren': expr(e.inner); break;
      default: break;
    }
  };
  for (const s of body) {
    if (s.kind === 'attribute') expr(s.value);
    else walkRefs(s.body, visit);
  }
}
