// The package as a platform repository gets it: `npm pack` (which builds dist/ through prepack), the tarball
// installed into a fresh temporary repository with its own environment file and allow-list override, and
// the bin run there with plain Node: export, --check, diff and import, each with its files and exit code.
// Nothing there may point into this checkout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/cli.ts';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-pack-'));
const platform = path.join(temp, 'platform');
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(platform, file)), { recursive: true });
  fs.writeFileSync(path.join(platform, file), text);
};
const read = (file: string) => fs.readFileSync(path.join(platform, file), 'utf8');

// npm pack runs prepack (scripts/build-package.ts) in the checkout; --pack-destination keeps the tarball out of it.
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', temp], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { filename: string; files: { path: string }[] }[];
const tarball = path.join(temp, packed[0]!.filename);

write('package.json', `${JSON.stringify({ name: 'platform', private: true, type: 'module' }, null, 2)}\n`);
write('environments/dev.ts', `import { environment, byName, remove } from 'alloy-stack';

export default environment({
  name: 'dev',
  clusterName: 'dev-eu-1',
  enableCloudWrite: true,
  cloud: { metrics: { url: 'https://prometheus.example/api/prom/push', auth: { secret: 'grafana-cloud', usernameKey: 'user', passwordKey: 'token' } } },
  overrides: {
    alloyMetrics: {
      statefulSet: { spec: { template: { spec: { containers: byName({ alloy: { imagePullPolicy: 'Always' } }) } } } },
      networkPolicy: remove,
    },
  },
});
`);
write('allow-lists/kubelet.yaml', 'extends: default\nmetrics:\n  - platform_team_extra_metric_total\n');
// From the registry cache when it holds the dependencies; the registry otherwise.
execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: platform, stdio: ['ignore', 'ignore', 'inherit'] });

function bin(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(platform, 'node_modules', 'alloy-stack', 'dist', 'lib', 'cli', 'main.js'), ...args], { cwd: platform, encoding: 'utf8' });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

test('the tarball holds compiled JavaScript, declarations and the data the library reads, and no TypeScript sources', () => {
  const files = packed[0]!.files.map((f) => f.path);
  for (const file of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/lib/cli/main.js', 'dist/allow-lists/kubelet.yaml', 'dist/vendor/alloy/catalogue.json', 'dist/lib/config/environment-validator.gen.js']) {
    assert.ok(files.includes(file), file);
  }
  assert.not.ok(files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'a .ts source in the tarball');
});

test('the declarations type-check an environment file against the installed package', () => {
  write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, include: ['environments', 'typed'] }));
  const tsc = () => spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', platform], { cwd: platform, encoding: 'utf8' });
  const good = tsc();
  assert.is(good.status, 0, good.stdout);
  write('typed/wrong.ts', "import { environment } from 'alloy-stack';\nexport default environment({ name: 'x', clusterName: 7 });\n");
  const bad = tsc();
  assert.is.not(bad.status, 0);
  assert.match(bad.stdout, "Type 'number' is not assignable to type 'string'");
  fs.rmSync(path.join(platform, 'typed'), { recursive: true });
});

test('export renders the platform environment, with the override and the extended allow-list, through the bin', () => {
  const run = bin('export', 'environments');
  assert.is(run.status, 0, run.out);
  assert.match(run.out, 'environments/dev.ts -> rendered/dev/');
  const statefulSet = read('rendered/dev/apps-v1.StatefulSet-alloy-stack-alloy-metrics.yaml');
  assert.match(statefulSet, 'imagePullPolicy: Always');
  assert.not.ok(fs.existsSync(path.join(platform, 'rendered/dev/networking.k8s.io-v1.NetworkPolicy-alloy-stack-alloy-metrics.yaml')));
  const version = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  assert.match(statefulSet, `alloy-stack/version: ${version}`);
  assert.match(read('rendered/dev/setup/v1.Namespace-monitoring.yaml'), `alloy-stack/version: ${version}`);
  const manifest = JSON.parse(read('rendered/manifest.json')) as Record<string, string>;
  assert.is(manifest['dev/apps-v1.StatefulSet-alloy-stack-alloy-metrics.yaml'], 'environments/dev.ts');
  const rendered = fs.readdirSync(path.join(platform, 'rendered'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  for (const file of rendered) assert.not.match(read(path.join('rendered', file)), repoRoot, file);
});

test('the extended allow-list keeps the default names and adds the platform\'s', () => {
  const config = fs.readdirSync(path.join(platform, 'rendered/dev')).filter((f) => f.startsWith('v1.ConfigMap-alloy-stack-alloy-metrics')).map((f) => read(`rendered/dev/${f}`)).join('\n');
  assert.match(config, 'platform_team_extra_metric_total');
  assert.match(config, 'kubelet_running_pods');
});

test('--check is 0 on fresh output and 1, naming the command, on stale output; a bad environment is 1', () => {
  assert.is(bin('export', 'environments', '--check').status, 0);
  write('environments/dev.ts', read('environments/dev.ts').replace("'dev-eu-1'", "'dev-eu-2'"));
  const stale = bin('export', 'environments', '--check');
  assert.is(stale.status, 1, stale.out);
  assert.match(stale.out, 'run npx alloy-stack export environments');
  write('environments/broken.ts', "import { environment } from 'alloy-stack';\nexport default environment({ name: 'broken', clusterName: 7 } as never);\n");
  const broken = bin('export', 'environments/broken.ts');
  assert.is(broken.status, 1, broken.out);
  assert.match(broken.out, 'environments/broken.ts');
  fs.rmSync(path.join(platform, 'environments/broken.ts'));
  assert.is(bin('export').status, 1);
});

test('diff compares the platform repository\'s base commit with its work tree: 0 unchanged, 1 changed', () => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: platform, stdio: 'ignore' });
  write('.gitignore', 'node_modules/\n');
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'platform');
  const same = bin('diff', '--base', 'HEAD', 'environments');
  assert.is(same.status, 0, same.out);
  write('environments/dev.ts', read('environments/dev.ts').replace("'dev-eu-2'", "'dev-eu-3'"));
  const changed = bin('diff', '--base', 'HEAD', 'environments');
  assert.is(changed.status, 1, changed.out);
  assert.match(changed.out, 'dev-eu-3');
  assert.is(bin('diff', '--format', 'html').status, 2);
});

test('diff --base-package renders the work tree with another version of the package: the upgrade shows', () => {
  // The same package as version 0.0.1: unpacked, renumbered, packed again (its dist/ is built already).
  const other = path.join(temp, 'other');
  fs.mkdirSync(other);
  execFileSync('tar', ['-xzf', tarball, '-C', other]);
  const manifestFile = path.join(other, 'package', 'package.json');
  fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
  const older = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], { cwd: path.join(other, 'package'), encoding: 'utf8' })) as { filename: string }[];
  const run = bin('diff', '--base-package', path.join(temp, older[0]!.filename), 'environments/dev.ts');
  assert.is(run.status, 1, run.out);
  assert.match(run.out, '-    alloy-stack/version: 0.0.1');
  const same = bin('diff', '--base-package', tarball, 'environments/dev.ts');
  assert.is(same.status, 0, same.out);
  assert.is(bin('diff', '--base-package', tarball, '--base', 'HEAD').status, 2);
});

test('import writes an environment file that imports the package, and the export renders it', () => {
  write('values.yaml', 'cluster:\n  name: imported-1\n');
  const run = bin('import', 'values.yaml', '--name', 'imported', '--from', 'k8s-monitoring-3');
  assert.is(run.status, 0, run.out);
  assert.match(read('environments/imported.ts'), "from 'alloy-stack'");
  const exported = bin('export', 'environments/imported.ts');
  assert.is(exported.status, 0, exported.out);
  assert.match(exported.out, 'environments/imported.ts -> rendered/imported/');
});

test('--kustomize through the bin writes a folder kubectl kustomize reads', () => {
  const run = bin('export', 'environments/dev.ts', '--kustomize', '--sync-waves');
  assert.is(run.status, 0, run.out);
  const text = execFileSync('kubectl', ['kustomize', path.join(platform, 'rendered', 'dev')], { encoding: 'utf8' });
  assert.match(text, 'argocd.argoproj.io/sync-wave');
});

test('init scaffolds a platform repository that exports as it is, and refuses to overwrite', () => {
  const fresh = path.join(temp, 'fresh');
  fs.mkdirSync(fresh);
  // The installed package, as `npm install` after init would give it.
  fs.symlinkSync(path.join(platform, 'node_modules'), path.join(fresh, 'node_modules'), 'dir');
  const main = path.join(platform, 'node_modules', 'alloy-stack', 'dist', 'lib', 'cli', 'main.js');
  const inFresh = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { cwd: fresh, encoding: 'utf8' });
  const init = inFresh('init', '--name', 'edge');
  assert.is(init.status, 0, init.stderr);
  for (const file of ['environments/edge.ts', '.github/workflows/rendered.yaml', '.gitignore', 'README.md', 'package.json']) assert.ok(fs.existsSync(path.join(fresh, file)), file);
  assert.match(fs.readFileSync(path.join(fresh, '.github/workflows/rendered.yaml'), 'utf8'), 'npx alloy-stack export environments/ --check');
  const exported = inFresh('export', 'environments/');
  assert.is(exported.status, 0, exported.stderr);
  assert.ok(fs.existsSync(path.join(fresh, 'rendered/edge/apps-v1.StatefulSet-alloy-stack-alloy-metrics.yaml')));
  const before = fs.readFileSync(path.join(fresh, 'README.md'), 'utf8');
  const again = inFresh('init', '--name', 'other');
  assert.is(again.status, 1);
  assert.match(again.stderr, 'README.md');
  assert.not.ok(fs.existsSync(path.join(fresh, 'environments/other.ts')));
  assert.is(fs.readFileSync(path.join(fresh, 'README.md'), 'utf8'), before);
});

test('an environment file outside an ES-module package fails with a message that says what to add', () => {
  const plain = path.join(temp, 'plain');
  fs.mkdirSync(path.join(plain, 'environments'), { recursive: true });
  fs.symlinkSync(path.join(platform, 'node_modules'), path.join(plain, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(plain, 'environments', 'x.ts'), "import { environment } from 'alloy-stack';\nexport default environment({ name: 'x', clusterName: 'x' });\n");
  const run = spawnSync(process.execPath, [path.join(platform, 'node_modules', 'alloy-stack', 'dist', 'lib', 'cli', 'main.js'), 'export', 'environments'], { cwd: plain, encoding: 'utf8' });
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stderr, 'environments/x.ts: could not load');
  assert.match(run.stderr, 'add "type": "module"');
});

test.after(() => fs.rmSync(temp, { recursive: true, force: true }));
test.run();
