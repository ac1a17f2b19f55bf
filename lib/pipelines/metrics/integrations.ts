// integration-<name>-<instance>.alloy: one pipeline per instance of every integration switched on
// (lib/integrations/). Pod instances go through the shared pod discovery like apps; exporter instances
// run the exporter inside Alloy. Both use the integration's job name and its allow-list on the cloud path.
import type { Block } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import { discovery, prometheus } from '../../alloy/components/index.ts';
import { sanitizeLabel } from '../../alloy/ident.ts';
import type { IntegrationInstance } from '../../config/config.gen.ts';
import type { InstanceSpec, Integration } from '../../integrations/index.ts';
import { instancesOf, integrationComponent, integrationNames, integrations } from '../../integrations/index.ts';
import { CredentialReader } from '../destination-credentials.ts';
import { exporterCredential } from './exporter-credentials.ts';
import { destinationPaths } from './cloud-path.ts';
import { withComment } from './comments.ts';
import { alloyPodLabels, alloyPort } from './alloy-self.ts';
import { dropSelected, podIdentityLabels, selectPodContainers } from './pod-targets.ts';
import { enrichmentRules } from './enrichment.ts';
import type { MetricsContext, MetricsPipeline } from './scrape-pipeline.ts';
import { scrapePipeline } from './scrape-pipeline.ts';
import { stackPodLabels } from '../../config/names.ts';

function podInstancePipeline(integration: Integration, spec: InstanceSpec, ctx: MetricsContext): MetricsPipeline {
  const component = integrationComponent(integration.name);
  // The stack's own collectors are the `alloy` component's; scraped again here they would be twice in
  // the local Prometheus and billed twice in the cloud.
  const own = integration.name === 'alloy' && ctx.config.metrics.alloy.enabled
    ? [dropSelected({ namespaces: [ctx.config.namespace], labels: { ...alloyPodLabels, ...stackPodLabels(ctx.config) }, port: { name: alloyPort.name } })]
    : [];
  const pipeline = scrapePipeline({
    component,
    label: sanitizeLabel(`${component}_${spec.name}`),
    discovery: 'pods',
    rules: [...own, ...selectPodContainers({ namespaces: spec.namespaces, labels: spec.podLabels, port: spec.port }), ...podIdentityLabels, ...enrichmentRules(ctx.config)],
    jobName: integration.jobName,
    settings: spec,
    scrape: {
      ...(spec.scheme === 'http' ? {} : { scheme: spec.scheme }),
      ...(spec.path === '/metrics' ? {} : { metrics_path: spec.path }),
    },
  }, ctx);
  return { ...pipeline, file: { ...pipeline.file, name: `${component}-${spec.name}.alloy` } };
}

function exporterInstancePipeline(
  integration: Integration,
  spec: InstanceSpec,
  exporter: NonNullable<IntegrationInstance['exporter']>,
  ctx: MetricsContext,
): MetricsPipeline {
  const component = integrationComponent(integration.name);
  const label = sanitizeLabel(`${component}_${spec.name}`);
  const reader = new CredentialReader(ctx.config.namespace, `${label}_`);
  const secret = exporterCredential(integration, spec.name, exporter, reader);
  const kind = integration.exporter;
  const exp = kind === 'mysql' ? prometheus.exporter.mysql(label, { data_source_name: secret })
    : kind === 'postgres' ? prometheus.exporter.postgres(label, { data_source_names: [secret] })
    : kind === 'redis' ? prometheus.exporter.redis(label, { redis_addr: exporter.address ?? '', redis_password: secret })
    : undefined;
  // The config check refuses an exporter on an integration without one; this guards callers that skip it.
  if (exp === undefined) throw new Error(`integrations.${integration.name} has no exporter inside Alloy`);
  const what = kind === 'redis' ? 'The password' : exporter.dataSource === undefined ? 'The data source name' : 'The username and password of the data source name';
  const keys = exporter.dataSource === undefined ? `key ${exporter.key}` : `keys ${[exporter.dataSource.usernameKey, exporter.dataSource.passwordKey].filter((k) => k !== undefined).join(' and ')}`;
  const through = exporter.namespace === undefined || exporter.namespace === ctx.config.namespace ? 'through the pod environment' : 'read with remote.kubernetes.secret';
  const exporterBlock: Block = {
    ...exp.block,
    layout: { ...exp.block.layout, leadingComments: [`// ${what}: Secret ${exporter.namespace === undefined ? '' : `${exporter.namespace}/`}${exporter.secret}, ${keys}, ${through}.`] },
  };
  // The exporter's target carries instance = the Alloy pod; the instance name says which server it is.
  const relabel = discovery.relabel(label, {
    targets: exp.exports.targets,
    rule: [{ target_label: 'instance', replacement: spec.name }],
  });
  const { config } = ctx;
  const paths = destinationPaths(component, label, ctx);
  const scrape = prometheus.scrape(label, {
    targets: relabel.exports.output,
    forward_to: paths.forwardTo,
    job_name: integration.jobName,
    scrape_interval: spec.scrapeInterval ?? config.metrics.scrapeInterval,
    scrape_timeout: spec.scrapeTimeout ?? config.metrics.scrapeTimeout,
    clustering: { enabled: true },
  });
  return {
    file: { name: `${component}-${spec.name}.alloy`, file: file([...reader.blocks, exporterBlock, relabel.block, withComment(scrape.block, ['clustering'], [
    'Every replica runs the exporter; clustering has one replica scrape it, so the server answers one',
    'set of queries per interval and no series is written twice.',
  ]), ...paths.blocks]) },
    discovery: [],
    rbac: [],
    secretEnv: reader.secretEnv,
    secretReads: reader.secretReads,
  };
}

export function integrationPipelines(ctx: MetricsContext): MetricsPipeline[] {
  return integrationNames.flatMap((name) => {
    const integration = integrations[name];
    return instancesOf(integration, ctx.config.integrations[name]).map(({ spec, exporter }) => exporter === undefined
      ? podInstancePipeline(integration, spec, ctx)
      : exporterInstancePipeline(integration, spec, exporter, ctx));
  });
}
