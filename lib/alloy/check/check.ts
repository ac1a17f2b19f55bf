// The check of one Alloy workload's whole configuration, generated files and user snippets alike: every
// block against the catalogue (arguments.ts) and the graph of references and signals (../graph.ts). Every
// problem is reported, none stops the others.
import type { ConfigFile } from '../graph.ts';
import { checkGraph } from '../graph.ts';
import { registry as vendoredRegistry, type Registry } from '../registry.ts';
import { checkArguments } from './arguments.ts';
import type { CheckProblem } from './problem.ts';

export function checkAlloy(files: readonly ConfigFile[], registry: Registry = vendoredRegistry()): CheckProblem[] {
  const problems = checkArguments(files, registry);
  for (const p of checkGraph(files, registry)) {
    problems.push({ file: p.file, ...(p.component === undefined ? {} : { component: p.component }), message: p.message });
  }
  return problems;
}
