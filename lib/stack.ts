// Config -> the object tree: each Alloy workload's pipelines, graph-checked as one configuration
// (with the user's own .alloy snippets), printed, and handed to the workloads that run them.
import type { AlloyFile } from './alloy/ast.ts';
import { apiAccess } from './alloy/api-access.ts';
import { checkAlloy } from './alloy/check/check.ts';
import { stabilityNeeds, stabilityWarning } from './alloy/check/stability.ts';
import { registry } from './alloy/registry.ts';
import { parse } from './alloy/parse.ts';
import { print } from './alloy/print.ts';
import type { Config } from './config/config.gen.ts';
import { UserError } from './errors.ts';
import type { AlloyConfig } from './pipelines/alloy-config.ts';
import { eventsAlloyConfig, logsAlloyConfig } from './pipelines/logs/index.ts';
import { fleetManagementConfig } from './pipelines/fleet-management.ts';
import { metricsAlloyConfig } from './pipelines/metrics/index.ts';
import { mergeAlloyConfigs } from './pipelines/alloy-config.ts';
import { beylaAlloyConfig } from './pipelines/beyla/index.ts';
import { profilesAlloyConfig } from './pipelines/profiles/index.ts';
import { receiverAlloyConfig } from './pipelines/traces/receiver.ts';
import { samplerAlloyConfig } from './pipelines/traces/sampling.ts';
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
  // What the snippets read from the API server is granted to their workload, and nothing else.
  const access = apiAccess(extra);
  problems.push(...access.problems.map((p) => `${where}.extraConfig: ${p}`));
  if (problems.length > 0) throw new UserError(problems);
  return mergeAlloyConfigs([{ ...alloy, files: [...alloy.files, ...extra] }, { rbac: access.rules, secretReads: access.secretReads }]);
}

/**
 * Checks one workload's whole configuration (every block against the catalogue, then the graph), finds the
 * stability level its components need, and prints its files. `warnings` receives what the export prints.
 */
function printChecked(config: Config, generated: AlloyConfig, workload: string, warnings: string[]): AlloyInput & Pick<AlloyConfig, 'hostMounts'> {
  // Fleet Management joins a workload that runs anyway; it never makes one run on its own.
  const remote = generated.files.length === 0 ? undefined : fleetManagementConfig(config, workload);
  const alloy = remote === undefined ? generated : mergeAlloyConfigs([generated, remote]);
  // Printed first: the check knows a file it passed before by its text.
  const texts = alloy.files.map(({ file }) => print(file));
  const problems = checkAlloy(alloy.files, registry(), texts);
  if (problems.length > 0) throw new UserError(problems.map((p) => `${workload}: ${p.message}`));
  const needs = stabilityNeeds(alloy.files, registry());
  const warning = stabilityWarning(workload, needs);
  if (warning !== undefined) warnings.push(warning);
  const files: Record<string, string> = {};
  alloy.files.forEach(({ name }, i) => (files[name] = texts[i]!));
  return {
    files, rbac: alloy.rbac, secretEnv: alloy.secretEnv, hostMounts: alloy.hostMounts, secretReads: alloy.secretReads ?? [],
    ...(alloy.dataFiles === undefined ? {} : { dataFiles: alloy.dataFiles }),
    ...(needs.level === 'generally-available' ? {} : { stability: needs.level }),
    ...(needs.community ? { community: true } : {}),
  };
}

/** `warnings`, when given, receives the export's warnings (a workload that needs a lower stability level). */
export function buildStack(config: Config, defaultAllowLists: Readonly<Record<string, string[]>>, warnings: string[] = []): StackTree {
  const metrics = withSnippets(metricsAlloyConfig(config, defaultAllowLists), config.alloyMetrics.extraConfig, 'alloyMetrics');
  const logs = withSnippets(logsAlloyConfig(config), config.alloyLogs.extraConfig, 'alloyLogs');
  const events = eventsAlloyConfig(config);
  const receiver = receiverAlloyConfig(config, defaultAllowLists);
  const sampler = receiver === undefined ? undefined : samplerAlloyConfig(config);
  const profiles = profilesAlloyConfig(config);
  const beyla = beylaAlloyConfig(config, defaultAllowLists);
  return workloads(config, {
    metrics: printChecked(config, metrics, 'alloy-metrics', warnings),
    logs: printChecked(config, logs, 'alloy-logs', warnings),
    ...(events === undefined ? {} : { events: printChecked(config, events, 'alloy-events', warnings) }),
    ...(receiver === undefined ? {} : { receiver: printChecked(config, receiver, 'alloy-receiver', warnings) }),
    ...(sampler === undefined ? {} : { sampler: printChecked(config, sampler, 'alloy-sampler', warnings) }),
    ...(profiles === undefined ? {} : { profiles: printChecked(config, profiles, 'alloy-profiles', warnings) }),
    ...(beyla === undefined ? {} : { beyla: printChecked(config, beyla, 'alloy-beyla', warnings) }),
  });
}
