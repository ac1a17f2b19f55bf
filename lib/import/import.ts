// values.yaml of a Helm chart -> an environment file's text, with a record of what became of every
// key. Pure apart from reading the values and pipeline files; the command writes the result.
import path from 'node:path';
import { UserError } from '../errors.ts';
import type { ImportContext, Section } from './context.ts';
import { kubectlCommand, type SecretPlan } from './credentials.ts';
import { customChart, type FileRecord } from './custom-chart/index.ts';
import type { PipelineFile } from './custom-chart/pipeline-files.ts';
import { detectFormat, formatTitles, type ValuesFormat } from './detect.ts';
import { EnvironmentDraft, type DraftValue } from './draft.ts';
import { k8sMonitoring2Sections } from './k8s-monitoring-2/index.ts';
import { k8sMonitoringSections } from './k8s-monitoring/index.ts';
import { printEnvironment } from './print-environment.ts';
import { KeyRecords } from './records.ts';
import { formatPath, Reader, type Values } from './values.ts';

export interface ImportOptions {
  values: Values;
  /** The values file as it should appear in messages and the header. */
  file: string;
  from?: ValuesFormat;
  /** The environment name; derived from the cluster name when absent. */
  name?: string;
  /** The custom chart's config/*.alloy files. */
  pipelineFiles?: readonly PipelineFile[];
}

export interface ImportResult {
  format: ValuesFormat;
  name: string;
  draft: EnvironmentDraft;
  records: KeyRecords;
  files: FileRecord[];
  secrets: SecretPlan[];
}

// The order fields print in: the schema's.
const fieldOrder = ['name', 'clusterName', 'namespace', 'names', 'platform', 'rbac', 'images', 'fleetManagement', 'enableCloudWrite', 'cloud', 'metrics',
  'metricsTuning', 'integrations', 'logs', 'alloyMetrics', 'alloyLogs', 'prometheus', 'kubeStateMetrics', 'nodeExporter',
  'kepler', 'opencost', 'windowsExporter', 'networkPolicies',
  'labels', 'overrides', 'traces', 'receiver', 'beyla', 'profiling', 'profiles'];

const namespace = 'monitoring';

/** A DNS label from a cluster name: `Prod_EU.1` -> `prod-eu-1`. */
export function environmentName(clusterName: string): string {
  const name = clusterName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return name === '' ? 'imported' : name;
}

export function importValues(options: ImportOptions): ImportResult {
  const format = options.from ?? detectFormat(options.values);
  if (format === undefined) {
    throw new UserError(`${options.file}: cannot tell which chart these values are for (no destinations, clusterMetrics, externalServices or enableCloudWrite key); pass --from k8s-monitoring-3, k8s-monitoring-2 or custom-chart`);
  }
  const records = new KeyRecords();
  const draft = new EnvironmentDraft();
  const context: ImportContext = { read: new Reader(options.values, records), records, draft, secrets: [], namespace };
  let files: FileRecord[] = [];
  if (format === 'custom-chart') files = customChart(context, options.pipelineFiles ?? []);
  else {
    const sections: Section[] = format === 'k8s-monitoring-3' ? k8sMonitoringSections : k8sMonitoring2Sections;
    for (const section of sections) section(context);
  }
  records.unconsumed(options.values);

  const clusterName = draft.get(['clusterName']);
  const name = options.name ?? environmentName(typeof clusterName === 'string' ? clusterName : path.basename(options.file, path.extname(options.file)));
  if (typeof clusterName !== 'string') {
    draft.set(['clusterName'], name);
    draft.note(['clusterName'], 'the values name no cluster: the environment name is used; set the cluster label here');
  }
  draft.set(['name'], name);
  if (options.name === undefined) draft.note(['name'], 'the folder under rendered/; from the cluster name');
  const ordered: Record<string, DraftValue> = {};
  // A field a section writes but the order leaves out would vanish from the file without a word.
  const unordered = Object.keys(draft.data).filter((k) => !fieldOrder.includes(k));
  if (unordered.length > 0) throw new Error(`import: top-level fields missing from fieldOrder: ${unordered.join(', ')}`);
  for (const key of fieldOrder) if (draft.data[key] !== undefined) ordered[key] = draft.data[key]!;
  for (const key of Object.keys(draft.data)) delete draft.data[key];
  Object.assign(draft.data, ordered);
  return { format, name, draft, records, files, secrets: context.secrets };
}

export interface TextOptions {
  /** The import specifier of lib/index.ts from the written file. */
  libImport: string;
}

/** The environment file: header (with the Secrets to create), the fields, a TODO at each unsupported key. */
export function environmentText(result: ImportResult, file: string, options: TextOptions): string {
  const todos = new Map<string, string[]>();
  const todo = (anchor: string[] | undefined, line: string) => {
    const key = anchor !== undefined && result.draft.get(anchor) !== undefined ? anchor.join('.') : '';
    todos.set(key, [...(todos.get(key) ?? []), line]);
  };
  for (const record of result.records.byStatus('unsupported')) todo(record.anchor, `TODO(import): ${formatPath(record.path)}: ${record.detail}`);
  for (const record of result.files.filter((f) => f.status === 'unsupported')) todo(undefined, `TODO(import): config/${record.file}: ${record.detail}`);
  const header = [
    `Imported by scripts/import.ts from ${file} (${formatTitles[result.format]} values).`,
    'Each field says which values keys it came from; TODO(import) marks a key this library cannot express yet.',
  ];
  if (result.secrets.length > 0) {
    header.push('', 'Credentials were not copied. Create the Secrets this environment names (the values are in your values file):');
    for (const plan of result.secrets) header.push(...kubectlCommand(plan).split('\n').map((l) => `  ${l}`));
  }
  return printEnvironment(result.draft, { header, libImport: options.libImport, todos });
}

/** The summary the command prints: counts, every ignored key with its reason, every unsupported key. */
export function importReport(result: ImportResult): string[] {
  const lines: string[] = [];
  const mapped = result.records.byStatus('mapped');
  const ignored = result.records.byStatus('ignored');
  const unsupported = result.records.byStatus('unsupported');
  const fileCount = (s: FileRecord['status']) => result.files.filter((f) => f.status === s).length;
  lines.push(`${formatTitles[result.format]}: ${mapped.length + fileCount('mapped')} mapped, ${ignored.length + fileCount('ignored')} ignored, ${unsupported.length + fileCount('unsupported')} unsupported`);
  for (const f of result.files) lines.push(`  config/${f.file}: ${f.status}: ${f.detail}`);
  for (const r of ignored) lines.push(`  ignored ${formatPath(r.path)}: ${r.detail}`);
  for (const r of unsupported) lines.push(`  unsupported ${formatPath(r.path)}: ${r.detail}`);
  return lines;
}

export function unsupportedCount(result: ImportResult): number {
  return result.records.byStatus('unsupported').length + result.files.filter((f) => f.status === 'unsupported').length;
}
