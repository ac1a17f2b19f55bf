// `alloy-stack init`: scaffolds a platform repository in the working folder: an environment file (a default
// that needs no answers, or one imported from a Helm chart's values), the pull-request workflow the README
// shows, .gitignore, a README section, and package.json when there is none. It never overwrites: when any
// file it would write exists, it writes nothing and names them (exit 1).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importCommand } from './import.ts';

const usage = 'usage: alloy-stack init [--name <env>] [--from-values values.yaml [--from <chart>] [--config-dir <dir>]]';

export interface InitSetting {
  /** The platform repository. */
  root: string;
  /** The package's version, for package.json's dependency. */
  version: string;
}

const environmentText = (name: string) => `// One cluster's monitoring stack. Every field: node_modules/alloy-stack/dist/lib/config/environment.gen.d.ts
// (your editor completes them). Render with \`npx alloy-stack export environments/\`.
import { environment } from 'alloy-stack';

export default environment({
  name: '${name}', // the folder under rendered/
  clusterName: '${name}', // the \`cluster\` label on every series and log line: set it to the cluster's name
});
`;

const workflowText = `# Fails a pull request whose rendered/ is stale, and comments with what it changes (alloy-stack's README).
name: rendered
on:
  pull_request:

permissions:
  contents: read
  pull-requests: write

concurrency:
  group: rendered-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: rendered/ matches the environments
        run: npx alloy-stack export environments/ --check

  diff:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # the base revision is rendered from history
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: Diff the rendered output against the base branch
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          # 0: no change, 1: changes (both fine here), 2: the diff could not be made.
          code=0
          npx alloy-stack diff --base "origin/$BASE_REF" --format markdown > diff.md || code=$?
          cat diff.md >> "$GITHUB_STEP_SUMMARY"
          if [ "$code" -ge 2 ]; then exit "$code"; fi
      - name: Comment on the pull request
        # A pull request from a fork gets a read-only token; the job summary above still has the diff.
        if: github.event.pull_request.head.repo.full_name == github.repository
        env:
          GH_TOKEN: \${{ github.token }}
          PR: \${{ github.event.pull_request.number }}
        run: gh pr comment "$PR" --edit-last --create-if-none --body-file diff.md
`;

const readmeText = `## Monitoring stack (alloy-stack)

\`environments/<cluster>.ts\` says what runs in each cluster; \`rendered/<cluster>/\` is what gets applied,
committed beside it and reviewed in pull requests. After changing an environment, an allow-list under
\`allow-lists/\` or the alloy-stack version:

\`\`\`sh
npx alloy-stack export environments/          # re-render rendered/
npx alloy-stack diff --base origin/main       # what the change does
\`\`\`

CI (\`.github/workflows/rendered.yaml\`) fails a pull request whose \`rendered/\` is stale.
`;

/** The exit code: 0 written, 1 refused (a file exists) or bad arguments, 2 the import failed. */
export function initCommand(argv: readonly string[], { root, version }: InitSetting): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { name: { type: 'string', default: 'prod' }, 'from-values': { type: 'string' }, from: { type: 'string' }, 'config-dir': { type: 'string' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 1;
  }
  const { name } = values;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    console.error(`--name: expected a DNS label like prod-eu, got ${name}`);
    return 1;
  }
  const envFile = path.join('environments', `${name}.ts`);
  const files: Record<string, string | undefined> = {
    [envFile]: values['from-values'] === undefined ? environmentText(name) : undefined, // undefined: the importer writes it
    '.github/workflows/rendered.yaml': workflowText,
    '.gitignore': 'node_modules/\n',
    'README.md': `# Platform\n\n${readmeText}`,
  };
  // A platform repository needs "type": "module" for its environment files to import the package as an ES module.
  const packageJson = existsSync(path.join(root, 'package.json')) ? undefined
    : `${JSON.stringify({ name: path.basename(root), private: true, type: 'module', devDependencies: { 'alloy-stack': `^${version}` } }, null, 2)}\n`;
  const existing = Object.keys(files).filter((file) => existsSync(path.join(root, file)));
  if (existing.length > 0) {
    console.error(`not written: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; init writes only into a repository without them`);
    return 1;
  }
  if (values['from-values'] !== undefined) {
    const args = [values['from-values'], '--name', name, '--out', path.join(root, envFile)];
    if (values.from !== undefined) args.push('--from', values.from);
    if (values['config-dir'] !== undefined) args.push('--config-dir', values['config-dir']);
    const code = importCommand(args, { command: 'alloy-stack init --from-values', root, library: { package: 'alloy-stack' } });
    if (code !== 0) return code === 1 ? 1 : 2;
  }
  if (packageJson !== undefined) files['package.json'] = packageJson;
  for (const [file, text] of Object.entries(files)) {
    if (text === undefined) continue;
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
    console.log(`wrote ${file}`);
  }
  console.log(`next: npm install && npx alloy-stack export environments/`);
  return 0;
}
