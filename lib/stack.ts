// Config -> the object tree: each Alloy workload's pipelines, graph-checked as one configuration
// (with the user's own .alloy snippets), printed, and handed to the workloads that run them.
import type { AlloyFile } from './alloy/ast.ts';
import { checkGraph } from './alloy/graph.ts';
import { parse } from './alloy/parse.ts';
import { print } from './alloy/print.ts';
import type { Config } from './config/config.gen.ts';
import { UserError } from './errors.ts';
import type { AlloyConfig } from './pipelines/alloy-config.ts';
import { eventsAlloyConfig, logsAlloyConfig } from './pipelines/logs/index.ts';
import { metricsAlloyConfig } from './pipelines/metrics/index.ts';
import { workloads, type AlloyInput, type Workloads } from './workloads/index.ts';

export type StackTree = Workloads;

/** Adds the user's snippets to a workload's files: parsed, so a syntax error names file:line:col. */
function withSnippets(alloy: AlloyConfig, snippets: Readonly<Record<string, string>>, where: string): AlloyConfig {
  const taken = new Set(alloy.files.map((f) => f.name));
  const problems: string[] = [];
  const extra: { name: string; file: AlloyFile }[] = [];
  for (const [name, text] of Object.entries(snippets)) {
    if (taken.has(name)) {
      problems.push(`${where}.extraConfig["${name}"]: a generated file has this name; choose another`);
      continue;
    }
    try {
      extra.push({ name, file: parse(text, name) });
    } catch (error) {
      problems.push(`${where}.extraConfig: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  return { ...alloy, files: [...alloy.files, ...extra] };
}

/** Graph-checks one workload's whole configuration and prints its files. */
function printChecked(alloy: AlloyConfig, workload: string): AlloyInput & Pick<AlloyConfig, 'hostMounts'> {
  const problems = checkGraph(alloy.files);
  if (problems.length > 0) throw new UserError(problems.map((p) => `${workload}: ${p.message}`));
  const files: Record<string, string> = {};
  for (const { name, file } of alloy.files) files[name] = print(file);
  return { files, rbac: alloy.rbac, secretEnv: alloy.secretEnv, hostMounts: alloy.hostMounts, secretReads: alloy.secretReads ?? [] };
}

export function buildStack(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>): StackTree {
  const metrics = withSnippets(metricsAlloyConfig(config, defaultAllowLists), config.alloyMetrics.extraConfig, 'alloyMetrics');
  const logs = withSnippets(logsAlloyConfig(config), config.alloyLogs.extraConfig, 'alloyLogs');
  const events = eventsAlloyConfig(config);
  return workloads(config, {
    metrics: printChecked(metrics, 'alloy-metrics'),
    logs: printChecked(logs, 'alloy-logs'),
    ...(events === undefined ? {} : { events: printChecked(events, 'alloy-events') }),
  });
}
