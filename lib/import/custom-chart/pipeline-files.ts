// The custom chart's config/*.alloy files (--config-dir). An app file of the chart's three-stage shape
// (discovery.relabel keeping a pod label and a port, prometheus.scrape with a job name, a `<app>_remote`
// relabel keeping its allow-list) becomes a metrics.apps entry; targets.alloy holds the two shared
// discovery.kubernetes components this library renders itself; any other file is kept as it is, as
// alloyMetrics.extraConfig, which the render parses and graph-checks with the generated files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AlloyFile, Block, Expr, Statement } from '../../alloy/ast.ts';
import { parse } from '../../alloy/parse.ts';
import { UserError } from '../../errors.ts';
import type { DraftValue } from '../draft.ts';

export interface PipelineFile {
  /** The file name, e.g. `traefik.alloy`. */
  name: string;
  text: string;
}

export type FileOutcome =
  | { kind: 'app'; file: string; app: Record<string, DraftValue>; allowList?: string[] }
  | { kind: 'targets'; file: string }
  | { kind: 'extra'; file: string; text: string; why: string }
  | { kind: 'unsupported'; file: string; why: string };

export function readPipelineFiles(dir: string): PipelineFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.alloy')).sort();
  } catch (error) {
    throw new UserError(`${dir}: cannot read the pipeline files: ${(error as Error).message}`);
  }
  return names.map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

const podLabelPrefix = '__meta_kubernetes_pod_label_';
// Rules the library's app pipeline adds itself: running, non-init containers, and the pod's identity.
const identityTargets = new Set(['namespace', 'pod', 'container']);
const alwaysKept = new Set(['up', 'scrape_samples_scraped']);

export function classify(file: PipelineFile): FileOutcome {
  if (file.text.includes('{{')) {
    return { kind: 'unsupported', file: file.name, why: 'a Helm template, not Alloy: render the chart and pass the rendered files' };
  }
  let tree: AlloyFile;
  try {
    tree = parse(file.text, file.name);
  } catch (error) {
    return { kind: 'unsupported', file: file.name, why: `not valid Alloy: ${(error as Error).message}` };
  }
  const blocks = tree.body.filter((s): s is Block => s.kind === 'block');
  if (file.name === 'targets.alloy' && isTargets(blocks, tree.body)) return { kind: 'targets', file: file.name };
  const app = appOf(file.name.replace(/\.alloy$/, ''), blocks, tree.body);
  if (typeof app !== 'string') return { kind: 'app', file: file.name, ...app };
  return { kind: 'extra', file: file.name, text: file.text, why: app };
}

function isTargets(blocks: Block[], body: Statement[]): boolean {
  if (blocks.length !== 2 || body.length !== 2) return false;
  const roles = new Map(blocks.map((b) => [b.label, b.name === 'discovery.kubernetes' && b.body.length === 1 ? stringAttr(b, 'role') : undefined]));
  return roles.get('pods') === 'pod' && roles.get('nodes') === 'node';
}

function attr(block: Block, name: string): Expr | undefined {
  const found = block.body.find((s) => s.kind === 'attribute' && s.name === name);
  return found?.kind === 'attribute' ? found.value : undefined;
}

function stringAttr(block: Block, name: string): string | undefined {
  const value = attr(block, name);
  return value?.kind === 'string' ? value.value : undefined;
}

function refPath(expr: Expr | undefined): string | undefined {
  return expr?.kind === 'ref' ? expr.path.join('.') : undefined;
}

function stringList(expr: Expr | undefined): string[] | undefined {
  if (expr?.kind !== 'array') return undefined;
  const out: string[] = [];
  for (const e of expr.elements) {
    if (e.kind !== 'string') return undefined;
    out.push(e.value);
  }
  return out;
}

/** The pod label a `__meta_kubernetes_pod_label_*` name stands for: Kubernetes discovery replaced its `.` and `/` with `_`. */
function podLabelName(sanitized: string): string {
  const known = /^app_kubernetes_io_(.+)$/.exec(sanitized);
  return known ? `app.kubernetes.io/${known[1]}` : sanitized;
}

/** The app of a three-stage file, or why the file is not one. */
function appOf(name: string, blocks: Block[], body: Statement[]): { app: Record<string, DraftValue>; allowList?: string[] } | string {
  if (!/^[a-z][a-z0-9-]{0,50}$/.test(name)) return `"${name}" is not an app name`;
  if (blocks.length !== 3 || body.length !== 3) return 'not the three-stage app shape (discovery.relabel, prometheus.scrape, <app>_remote relabel)';
  const label = name.replace(/-/g, '_');
  const discovery = blocks.find((b) => b.name === 'discovery.relabel' && b.label === label);
  const scrape = blocks.find((b) => b.name === 'prometheus.scrape' && b.label === label);
  const remote = blocks.find((b) => b.name === 'prometheus.relabel' && b.label === `${label}_remote`);
  if (!discovery || !scrape || !remote) return 'not the three-stage app shape (discovery.relabel, prometheus.scrape, <app>_remote relabel)';
  if (refPath(attr(discovery, 'targets')) !== 'discovery.kubernetes.pods.targets') return 'its discovery.relabel does not read discovery.kubernetes.pods';

  const podLabels: Record<string, DraftValue> = {};
  let port: number | undefined;
  for (const statement of discovery.body) {
    if (statement.kind === 'attribute') {
      if (statement.name === 'targets') continue;
      return `discovery.relabel has an argument the app shape has not: ${statement.name}`;
    }
    if (statement.name !== 'rule') return `discovery.relabel has a ${statement.name} block`;
    const sources = stringList(attr(statement, 'source_labels')) ?? [];
    const action = stringAttr(statement, 'action') ?? 'replace';
    const regex = stringAttr(statement, 'regex');
    const target = stringAttr(statement, 'target_label');
    const extra = statement.body.some((s) => s.kind !== 'attribute' || !['source_labels', 'action', 'regex', 'target_label'].includes(s.name));
    if (extra) return 'a relabel rule with arguments the app shape has not';
    if (action === 'keep' && sources.length === 1 && sources[0]!.startsWith(podLabelPrefix) && regex !== undefined && /^[A-Za-z0-9._-]*$/.test(regex)) {
      podLabels[podLabelName(sources[0]!.slice(podLabelPrefix.length))] = regex;
    } else if (action === 'keep' && sources.length === 1 && sources[0] === '__meta_kubernetes_pod_container_port_number' && regex !== undefined && /^[0-9]+$/.test(regex)) {
      port = Number(regex);
    } else if (action === 'keep' && sources.join(';') === '__meta_kubernetes_pod_phase;__meta_kubernetes_pod_container_init' && regex === 'Running;false') {
      // The library keeps running, non-init containers too.
    } else if (action === 'replace' && sources.length === 1 && target !== undefined && identityTargets.has(target)
      && sources[0] === `__meta_kubernetes_${target === 'namespace' ? 'namespace' : target === 'pod' ? 'pod_name' : 'pod_container_name'}` && regex === undefined) {
      // Cluster metadata the library attaches itself.
    } else return 'a relabel rule the app shape has not (only a pod label, a port and the pod identity labels)';
  }
  if (Object.keys(podLabels).length === 0 || port === undefined) return 'its discovery.relabel keeps no pod label or no port';

  const app: Record<string, DraftValue> = { name, podLabels, port };
  if (refPath(attr(scrape, 'targets')) !== `discovery.relabel.${label}.output`) return 'its prometheus.scrape does not read its discovery.relabel';
  const forward = attr(scrape, 'forward_to');
  const targets = forward?.kind === 'array' ? forward.elements.map(refPath) : [];
  const known = new Set(['prometheus.remote_write.local.receiver', `prometheus.relabel.${label}_remote.receiver`]);
  if (!targets.includes('prometheus.remote_write.local.receiver') || targets.some((t) => t === undefined || !known.has(t))) {
    return 'its prometheus.scrape forwards somewhere else than the local writer and its _remote relabel';
  }
  const settings: Record<string, string> = { job_name: 'jobName', scrape_interval: 'scrapeInterval', scrape_timeout: 'scrapeTimeout', metrics_path: 'path', scheme: 'scheme' };
  for (const statement of scrape.body) {
    if (statement.kind === 'block') {
      if (statement.name === 'clustering') continue; // the library's scrapes are clustered
      return `prometheus.scrape has a ${statement.name} block the app shape has not`;
    }
    if (statement.name === 'targets' || statement.name === 'forward_to') continue;
    const field = settings[statement.name];
    const value = stringAttr(scrape, statement.name);
    if (field === undefined || value === undefined) return `prometheus.scrape has an argument the app shape has not: ${statement.name}`;
    app[field] = value;
  }
  if (app.jobName === undefined) return 'its prometheus.scrape has no job_name';

  if (refPath(attr(remote, 'forward_to')?.kind === 'array' ? (attr(remote, 'forward_to') as { elements: Expr[] }).elements[0] : undefined)
    !== 'prometheus.remote_write.remote.receiver') return `its ${label}_remote relabel does not forward to the cloud writer`;
  const rules = remote.body.filter((s): s is Block => s.kind === 'block');
  if (rules.length !== 1 || rules[0]!.name !== 'rule') return `its ${label}_remote relabel is not one keep rule`;
  const keep = rules[0]!;
  if (stringList(attr(keep, 'source_labels'))?.join() !== '__name__' || stringAttr(keep, 'action') !== 'keep') return `its ${label}_remote rule does not keep by __name__`;
  const regex = stringAttr(keep, 'regex');
  if (regex === undefined) return `its ${label}_remote rule has no regex`;
  const names = regex.split('|').filter((n) => !alwaysKept.has(n));
  if (names.some((n) => !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(n))) return `its ${label}_remote regex is not a list of metric names`;
  return { app, allowList: names };
}
