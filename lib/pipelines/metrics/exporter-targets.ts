// Where the kube-state-metrics and node-exporter the stack scrapes are: the ones it deploys (its namespace, its
// labels and ports), or with `deploy: false` the ones the cluster already runs, found by `selector`. Read by their
// pipelines, by annotation autodiscovery and by the double-scrape guard, so all three agree on the same pods.
import type { Config, ExistingExporter } from '../../config/config.gen.ts';
import { kubeStateMetricsPodLabels, kubeStateMetricsPort } from './kube-state-metrics.ts';
import { nodeExporterPodLabels, nodeExporterPort } from './node-exporter.ts';
import type { PodSelector } from './pod-targets.ts';
import type { ScrapeOptions } from './scrape-pipeline.ts';
import { objectName, stackPodLabels } from '../../config/names.ts';

const serviceAccount = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ExporterTarget {
  /** The exporter's pods on its metrics port. */
  pods: PodSelector;
  /** Set when it is scraped through its Service: one target, whichever replica answers. */
  service?: { namespace: string; name: string; port: number };
  /** How to reach it: scheme, token, TLS (none for the stack's own, plain http inside the namespace). */
  scrape: ScrapeOptions;
}

function existing(selector: ExistingExporter): ExporterTarget {
  const tls = selector.tls;
  const tlsConfig = {
    ...(tls.caFile === undefined ? {} : { ca_file: tls.caFile }),
    ...(tls.serverName === undefined ? {} : { server_name: tls.serverName }),
    ...(tls.insecureSkipVerify ? { insecure_skip_verify: true } : {}),
  };
  return {
    pods: { namespaces: [selector.namespace], labels: selector.labels, port: { name: selector.portName } },
    ...(selector.service === undefined ? {} : { service: { namespace: selector.namespace, ...selector.service } }),
    scrape: {
      ...(selector.scheme === 'https' ? { scheme: 'https' as const } : {}),
      ...(selector.bearerToken ? { bearer_token_file: `${serviceAccount}/token` } : {}),
      ...(Object.keys(tlsConfig).length > 0 ? { tls_config: tlsConfig } : {}),
    },
  };
}

/** The selector is required with deploy: false (the config check says so with the field named). */
function selectorOf(selector: ExistingExporter | undefined, field: string): ExistingExporter {
  if (selector === undefined) throw new Error(`${field}.selector is required with deploy: false`);
  return selector;
}

export function kubeStateMetricsTarget(config: Config): ExporterTarget {
  const ksm = config.kubeStateMetrics;
  if (!ksm.deploy) return existing(selectorOf(ksm.selector, 'kubeStateMetrics'));
  return {
    pods: { namespaces: [config.namespace], labels: { ...kubeStateMetricsPodLabels, ...stackPodLabels(config) }, port: { name: kubeStateMetricsPort.name } },
    // Replicas that do not shard each report every object, so scraping each would store every series once per
    // replica: one target through the Service. Shards each report their share: every pod is scraped.
    ...(ksm.replicas > 1 && !ksm.autosharding ? { service: { namespace: config.namespace, name: objectName(config, 'kubeStateMetrics'), port: kubeStateMetricsPort.containerPort } } : {}),
    scrape: {},
  };
}

export function nodeExporterTarget(config: Config): ExporterTarget {
  const node = config.nodeExporter;
  if (!node.deploy) return existing(selectorOf(node.selector, 'nodeExporter'));
  return { pods: { namespaces: [config.namespace], labels: { ...nodeExporterPodLabels, ...stackPodLabels(config) }, port: { name: nodeExporterPort.name } }, scrape: {} };
}
