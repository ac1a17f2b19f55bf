// The check of one Alloy workload's whole configuration, generated files and user snippets alike: every
// block against the catalogue (arguments.ts) and the graph of references and signals (../graph.ts). Every
// problem is reported, none stops the others.
import type { ConfigFile } from '../graph.ts';
import { checkGraph } from '../graph.ts';
import { registry as vendoredRegistry, type Registry } from '../registry.ts';
import { checkArguments } from './arguments.ts';
import { knownClean, rememberClean } from './clean-files.ts';
import type { CheckProblem } from './problem.ts';

/**
 * `texts`, when given, are the files' printed texts: a file that passed the catalogue check with the same
 * name and text before is not checked again (clean-files.ts).
 */
export function checkAlloy(files: readonly ConfigFile[], registry: Registry = vendoredRegistry(), texts?: readonly string[]): CheckProblem[] {
  const unseen = texts === undefined ? files : files.filter((f, i) => !knownClean(registry, f.name, texts[i]!));
  const problems = checkArguments(unseen, registry);
  if (texts !== undefined) {
    const withProblems = new Set(problems.map((p) => p.file));
    files.forEach((f, i) => {
      if (!withProblems.has(f.name)) rememberClean(registry, f.name, texts[i]!);
    });
  }
  for (const p of checkGraph(files, registry)) {
    problems.push({ file: p.file, ...(p.component === undefined ? {} : { component: p.component }), message: p.message });
  }
  return problems;
}
