// Cross-field checks of kube-state-metrics and node-exporter: deployed by the stack, or the cluster's own
// (deploy: false) found by a selector, and how the existing one may be reached.
import type { Config, ExistingExporter } from './config.gen.ts';

type Path = (string | number)[];

function selectorProblems(at: Path, selector: ExistingExporter, problem: (path: Path, message: string) => void): void {
  const sel = [...at, 'selector'];
  // The token is a credential for the whole ServiceAccount: never in clear text.
  if (selector.bearerToken && selector.scheme !== 'https') problem([...sel, 'bearerToken'], 'would send Alloy\'s ServiceAccount token in clear text; set scheme "https"');
  const tls = selector.tls;
  if ((tls.caFile !== undefined || tls.serverName !== undefined || tls.insecureSkipVerify) && selector.scheme !== 'https') problem([...sel, 'tls'], 'only read with scheme "https"');
}

export function exporterProblems(config: Config, problem: (path: Path, message: string) => void): void {
  const exporters = [
    { field: 'kubeStateMetrics', workload: config.kubeStateMetrics, scraped: config.metrics.kubeStateMetrics.enabled, what: 'kube-state-metrics' },
    { field: 'nodeExporter', workload: config.nodeExporter, scraped: config.metrics.nodeExporter.enabled, what: 'node-exporter' },
  ] as const;
  for (const { field, workload, scraped, what } of exporters) {
    const selector = workload.selector;
    if (workload.deploy && selector !== undefined) problem([field, 'selector'], `only read with deploy: false (scrape an existing ${what}); remove it or set deploy: false`);
    if (!workload.deploy && selector === undefined && scraped) {
      problem([field, 'selector'], `required with deploy: false: the namespace, pod labels and port name of the ${what} the cluster runs, e.g. { namespace: 'kube-system', labels: { 'app.kubernetes.io/name': '${what}' }, portName: 'http-metrics' }`);
    }
    if (!workload.deploy && selector !== undefined) selectorProblems([field], selector, problem);
  }
  if (!config.kubeStateMetrics.deploy && config.kubeStateMetrics.autosharding) {
    problem(['kubeStateMetrics', 'autosharding'], 'only for the kube-state-metrics the stack deploys; an existing one shards by its own flags');
  }
  if (!config.kubeStateMetrics.deploy && config.kubeStateMetrics.replicas > 1) {
    problem(['kubeStateMetrics', 'replicas'], 'only for the kube-state-metrics the stack deploys; for an existing one with several replicas, name its Service in selector.service');
  }
  // The optional exporters run to be scraped: on with nothing to scrape them is a silent no-op.
  for (const key of ['kepler', 'opencost', 'windowsExporter'] as const) {
    if (!config[key].enabled) continue;
    if (!config.metrics.enabled) problem([key, 'enabled'], 'metrics.enabled is false, so nothing would scrape it and it is not deployed; turn metrics on or this off');
    else if (!config.metrics[key].enabled) problem([key, 'enabled'], `metrics.${key}.enabled is false, so nothing would scrape it and it is not deployed; remove one of the two`);
  }
  // Every node runs its own node-exporter: through a Service, one random node would answer each scrape.
  if (config.nodeExporter.selector?.service !== undefined) {
    problem(['nodeExporter', 'selector', 'service'], 'a node-exporter per node must each be scraped; through a Service one random node would answer; remove it');
  }
}
