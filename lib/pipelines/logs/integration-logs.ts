// Log lines of the pods an integration matches (lib/integrations/): the relabel rules give them the
// integration's job (its dashboards' log panels select on it), and one stage.match per integration
// reads the level in that software's own format and keeps it, with the integration's other fields, as
// structured metadata: searchable without a Loki stream per value.
import type { StageBlock } from '../../alloy/components/index.ts';
import { stage } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import type { InstanceSpec, Integration, LogLevelSource } from '../../integrations/index.ts';
import { instancesOf, integrationNames, integrations } from '../../integrations/index.ts';
import { metaLabelName, re2Literal } from '../metrics/pod-targets.ts';
import { namespaceMeta } from './kubernetes-meta.ts';

/**
 * The integrations switched on that log, with their instances' pod selectors. An exporter instance
 * runs inside Alloy: its server's pods are known only when it names them (podLabels).
 */
function loggingIntegrations(config: Config): { integration: Integration; instances: InstanceSpec[] }[] {
  return integrationNames.flatMap((name) => {
    const integration = integrations[name];
    if (integration.logs === undefined) return [];
    const settings = config.integrations[name];
    const instances = instancesOf(integration, settings)
      .filter((i, n) => i.exporter === undefined || settings.instances[n]?.podLabels !== undefined)
      .map((i) => i.spec);
    return instances.length === 0 ? [] : [{ integration, instances }];
  });
}

/**
 * One rule per instance: `job` = the integration's job name when the pod is in one of the namespaces
 * and carries every label. The conditions are joined with `;` and matched in one anchored regex (an AND).
 */
function jobRule(integration: Integration, spec: InstanceSpec): RuleArgs {
  const sources: string[] = [];
  const parts: string[] = [];
  if (spec.namespaces.length > 0) {
    sources.push(namespaceMeta);
    parts.push(`(?:${spec.namespaces.map(re2Literal).join('|')})`);
  }
  for (const [name, value] of Object.entries(spec.podLabels)) {
    const label = metaLabelName(name);
    sources.push(`__meta_kubernetes_pod_labelpresent_${label}`, `__meta_kubernetes_pod_label_${label}`);
    parts.push('true', re2Literal(value));
  }
  return { source_labels: sources, regex: parts.join(';'), target_label: 'job', replacement: integration.jobName };
}

/** After the pod label rules (which set job = namespace/container), so the integration's job wins. */
export function integrationLogRules(config: Config): RuleArgs[] {
  return loggingIntegrations(config).flatMap(({ integration, instances }) => instances.map((spec) => jobRule(integration, spec)));
}

/** The stage that extracts `level` (and, from logfmt lines, the integration's other fields). */
function levelStage(source: LogLevelSource, fields: readonly string[]): StageBlock {
  switch (source.format) {
    case 'logfmt': return stage.logfmt({ mapping: { level: source.key, ...Object.fromEntries(fields.map((key) => [key, key])) } });
    case 'json': return stage.json({ expressions: { level: source.field } });
    case 'regex': return stage.regex({ expression: source.expression });
  }
}

/** One stage.match per logging integration, on the job its rules set. */
export function integrationLogStages(config: Config): StageBlock[] {
  return loggingIntegrations(config).map(({ integration }) => {
    const logs = integration.logs!;
    const metadata = ['level', ...(logs.structuredMetadata ?? [])];
    return stage.match({
      selector: `{job="${integration.jobName}"}`,
      pipeline_name: `integration_${integration.name.replace(/-/g, '_')}`,
      stages: [
        levelStage(logs.level, logs.structuredMetadata ?? []),
        // With structured metadata off the destinations take none: the job alone marks the lines.
        ...(config.logs.structuredMetadata ? [stage.structured_metadata({ values: Object.fromEntries(metadata.map((name) => [name, ''])) })] : []),
      ],
    });
  });
}
