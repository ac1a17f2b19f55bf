// Shared by the metrics pipeline tests: a prod-like environment with defaults filled, small stand-in
// allow-lists (so snapshots do not churn with the real lists), and readers over the generated AST.
import type { AlloyFile, Block, Expr, Statement } from '../../../lib/alloy/ast.ts';
import type { Config } from '../../../lib/config/config.gen.ts';
import { validateEnvironment } from '../../../lib/config/validate.ts';
import type { AlloyConfig } from '../../../lib/pipelines/alloy-config.ts';
import { metricsAlloyConfig } from '../../../lib/pipelines/metrics/index.ts';

export const defaultAllowLists: Record<string, string[]> = {
  kubelet: ['kubelet_running_pods', 'kubelet_node_name'],
  resources: ['container_cpu_usage_seconds_total'],
  cadvisor: ['container_memory_working_set_bytes', 'container_network_.*'],
  'kube-state-metrics': ['kube_pod_info', 'kube_node_.*'],
  'node-exporter': ['node_cpu_seconds_total'],
  alloy: ['alloy_build_info'],
  prometheus: ['prometheus_tsdb_head_series'],
  traefik: ['traefik_service_requests_total'],
};

export const prodSpec = {
  name: 'prod',
  // The scrape pipelines' tests; self-reporting has its own (self-reporting.test.ts).
  selfReporting: { enabled: false },
  clusterName: 'prod-eu-west-1',
  namespace: 'monitoring',
  enableCloudWrite: true,
  cloud: {
    metrics: {
      url: 'https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push',
      auth: { secret: 'grafana-cloud', usernameKey: 'metrics-username', passwordKey: 'token' },
    },
  },
  metrics: {
    scrapeInterval: '60s',
    kubelet: { access: 'proxy' },
    cadvisor: { scrapeInterval: '30s' },
    apps: [{ name: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, port: 9100 }],
  },
  metricsTuning: {
    traefik: { useDefaultAllowList: true },
    'kube-state-metrics': { includeMetrics: ['kube_pod_labels'], excludeMetrics: ['kube_node_spec_taint'] },
  },
};

type Spec = Record<string, unknown>;

function merge(base: Spec, patch: Spec): Spec {
  const out: Spec = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const old = out[key];
    const isObject = (v: unknown): v is Spec => typeof v === 'object' && v !== null && !Array.isArray(v);
    out[key] = isObject(old) && isObject(value) ? merge(old, value) : value;
  }
  return out;
}

/** The prod-like config, deep-merged with `patch` (arrays replace), validated so defaults are filled. */
export function prodConfig(patch: Spec = {}): Config {
  const spec = merge(structuredClone(prodSpec), patch) as typeof prodSpec;
  // A test that replaces the apps drops the tuning of the apps it removed (the config check refuses it).
  const apps = new Set(spec.metrics.apps.map((a) => a.name));
  spec.metricsTuning = Object.fromEntries(Object.entries(spec.metricsTuning)
    .filter(([name]) => name !== 'traefik' || apps.has(name))) as typeof prodSpec.metricsTuning;
  return validateEnvironment(spec, 'test.ts');
}

export function render(patch: Spec = {}): AlloyConfig {
  return metricsAlloyConfig(prodConfig(patch), defaultAllowLists);
}

export function fileNames(config: AlloyConfig): string[] {
  return config.files.map((f) => f.name);
}

export function fileNamed(config: AlloyConfig, name: string): AlloyFile {
  const found = config.files.find((f) => f.name === name);
  if (!found) throw new Error(`no file ${name} in ${fileNames(config).join(', ')}`);
  return found.file;
}

/** Every top-level block of every file, with `<type>.<label>` ids. */
export function components(config: AlloyConfig): { id: string; file: string; block: Block }[] {
  return config.files.flatMap((f) => f.file.body
    .filter((s): s is Block => s.kind === 'block')
    .map((block) => ({ id: `${block.name}.${block.label}`, file: f.name, block })));
}

export function attribute(block: Block, name: string): Expr | undefined {
  const found = block.body.find((s) => s.kind === 'attribute' && s.name === name);
  return found?.kind === 'attribute' ? found.value : undefined;
}

export function subBlocks(block: Block, name: string): Block[] {
  return block.body.filter((s): s is Block => s.kind === 'block' && s.name === name);
}

/** The dotted paths of the references in an expression, e.g. `prometheus.remote_write.local.receiver`. */
export function refPaths(expr: Expr | undefined): string[] {
  if (!expr) return [];
  switch (expr.kind) {
    case 'ref': return [expr.path.join('.')];
    case 'array': return expr.elements.flatMap(refPaths);
    case 'object': return expr.fields.flatMap((f) => refPaths(f.value));
    case 'call': return expr.args.flatMap(refPaths);
    case 'index': return [...refPaths(expr.target), ...refPaths(expr.index)];
    case 'binary': return [...refPaths(expr.left), ...refPaths(expr.right)];
    case 'unary': return refPaths(expr.operand);
    case 'paren': return refPaths(expr.inner);
    default: return [];
  }
}

/** Every function call in the config, as dotted names (e.g. `sys.env`). */
export function calls(config: AlloyConfig): string[] {
  const fromExpr = (expr: Expr): string[] => {
    switch (expr.kind) {
      case 'call': return [expr.fn.join('.'), ...expr.args.flatMap(fromExpr)];
      case 'array': return expr.elements.flatMap(fromExpr);
      case 'object': return expr.fields.flatMap((f) => fromExpr(f.value));
      case 'index': return [...fromExpr(expr.target), ...fromExpr(expr.index)];
      case 'binary': return [...fromExpr(expr.left), ...fromExpr(expr.right)];
      case 'unary': return fromExpr(expr.operand);
      case 'paren': return fromExpr(expr.inner);
      default: return [];
    }
  };
  const fromStatement = (s: Statement): string[] => s.kind === 'attribute' ? fromExpr(s.value) : s.body.flatMap(fromStatement);
  return config.files.flatMap((f) => f.file.body.flatMap(fromStatement));
}

/** A string literal's value, for assertions. */
export function text(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'string' ? expr.value : undefined;
}
