// scripts/diff.ts (lib/cli/diff.ts) as a reviewer runs it, in a temporary git repository: a copy of this project with
// one environment per kind of change, committed on main, changed on a branch. The runs start together
// (each renders with two libraries, a few seconds apiece) and every test reads one of them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/cli.ts';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

const cloud = `enableCloudWrite: true,
  cloud: { metrics: { url: 'https://prometheus.example/api/prom/push', auth: { secret: 'grafana-cloud', usernameKey: 'user', passwordKey: 'token' } } },`;
const traefik = `{ name: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, port: 9100 }`;

function environment(name: string, body = ''): string {
  return `import { environment } from '../lib/index.ts';\n\nexport default environment({\n  name: '${name}',\n  clusterName: '${name}',\n  ${body}\n});\n`;
}

const before: Record<string, string> = {
  'still.ts': environment('still'),
  'interval.ts': environment('interval', `metrics: { scrapeInterval: '60s' },`),
  'app.ts': environment('app', cloud),
  'pipeline.ts': environment('pipeline', cloud),
  'allowlist.ts': environment('allowlist', `${cloud}\n  metrics: { apps: [${traefik}] },`),
  'gone.ts': environment('gone'),
};

const after: Record<string, string> = {
  ...before,
  'interval.ts': environment('interval', `metrics: { scrapeInterval: '30s' },`),
  'app.ts': environment('app', `${cloud}\n  metrics: { apps: [${traefik}] },`),
  'pipeline.ts': environment('pipeline', `${cloud}\n  metrics: { nodeExporter: { enabled: false } },`),
  'allowlist.ts': environment('allowlist', `${cloud}\n  metrics: { apps: [${traefik}] },\n  metricsTuning: { cadvisor: { excludeMetrics: ['container_network_.*_errors_total'] } },`),
  'fresh.ts': environment('fresh'),
};
delete after['gone.ts'];

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

function writeEnvironments(dir: string, files: Record<string, string>): void {
  fs.rmSync(path.join(dir, 'environments'), { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'environments'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'environments', name), text);
}

function edit(file: string, change: (text: string) => string): void {
  const text = fs.readFileSync(file, 'utf8');
  const changed = change(text);
  assert.is.not(changed, text, `fixture edit of ${file} changed nothing`);
  fs.writeFileSync(file, changed);
}

/** main: `before`; branch libchange: another Prometheus image in lib/; branch feature (checked out): `after` and an allow-list edit. */
function scratchRepository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alloy-stack-diff-test-'));
  for (const part of ['lib', 'scripts', 'allow-lists', 'vendor', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(repoRoot, part), path.join(dir, part), { recursive: true });
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  writeEnvironments(dir, before);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'libchange');
  edit(path.join(dir, 'lib', 'workloads', 'images.ts'), (t) => t.replace(/prom\/prometheus:v[^']+/, 'prom/prometheus:v0.0.1'));
  git(dir, 'commit', '-q', '-am', 'library change');
  git(dir, 'checkout', '-q', '-b', 'feature', 'main');
  writeEnvironments(dir, after);
  edit(path.join(dir, 'allow-lists', 'traefik.yaml'), (t) => t.replace('- traefik_open_connections\n', '') + '- traefik_new_metric_total\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'change');
  return dir;
}

function diff(dir: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const argv = ['--import', import.meta.resolve('tsx'), path.join(dir, 'scripts', 'diff.ts'), ...args];
    execFile(process.execPath, argv, { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

let repo = '';
let runs: Record<'all' | 'still' | 'markdown' | 'library' | 'badBase', Run>;

test.before(async () => {
  repo = scratchRepository();
  const [all, still, markdown, library, badBase] = await Promise.all([
    diff(repo, []),
    diff(repo, ['--base', 'HEAD~1', '--summary', 'environments/still.ts']),
    diff(repo, ['--base', 'HEAD~1', '--format', 'markdown', 'environments/allowlist.ts', 'environments/app']),
    diff(repo, ['--base', 'libchange', 'environments/still']),
    diff(repo, ['--base', 'no-such-ref']),
  ]);
  runs = { all: all!, still: still!, markdown: markdown!, library: library!, badBase: badBase! };
});

test.after(() => {
  if (repo !== '') fs.rmSync(repo, { recursive: true, force: true });
});

/** The part of a plain report about one environment: blocks start with `<env>: ` after a blank line. */
function section(report: string, env: string): string {
  const lines = report.split('\n');
  const starts = lines.flatMap((line, i) => (/^[a-z]+: /.test(line) && (i === 0 || lines[i - 1] === '') ? [i] : []));
  const at = starts.findIndex((i) => lines[i]!.startsWith(`${env}: `));
  assert.ok(at >= 0, `no section for ${env} in:\n${report}`);
  return lines.slice(starts[at], starts[at + 1]).join('\n');
}

test('no change: exit 0 and one summary line', () => {
  assert.is(runs.still.status, 0, runs.still.stderr);
  assert.is(runs.still.stdout, 'still: no changes\n');
});

test('by default the base is the merge base with main, and any change exits 1', () => {
  assert.is(runs.all.status, 1, runs.all.stderr);
  assert.match(runs.all.stderr, /^comparing the merge base with main \([0-9a-f]{7}\) with the work tree$/m);
  assert.match(runs.all.stdout, /^still: no changes$/m);
});

test('a changed scrape interval: the .alloy files as text, under a header naming the key', () => {
  const text = section(runs.all.stdout, 'interval');
  assert.match(text, /^interval: 2 changed, 0 added, 0 removed \(alloy-stack-alloy-metrics: \d+ files changed\)$/m);
  assert.ok(text.includes('--- a/interval/v1.ConfigMap-alloy-stack-alloy-metrics.yaml data["kubelet.alloy"]\n+++ b/interval/v1.ConfigMap-alloy-stack-alloy-metrics.yaml data["kubelet.alloy"]\n'), text);
  assert.match(text, /^-\tscrape_interval = "60s"$/m);
  assert.match(text, /^\+\tscrape_interval = "30s"$/m);
  assert.not.match(text, /\\n|\\t/, 'no escaped strings');
  assert.not.match(text, /cloud path/, 'no cloud write, no cost line');
});

test('an added app: its file added to the ConfigMap and a new cloud path', () => {
  const text = section(runs.all.stdout, 'app');
  assert.match(text, /^app: 2 changed, 0 added, 0 removed \(alloy-stack-alloy-metrics: traefik\.alloy added\)$/m);
  assert.match(text, /^app: cloud path: traefik new \(\d+ patterns\)$/m);
  assert.ok(text.includes('--- /dev/null\n+++ b/app/v1.ConfigMap-alloy-stack-alloy-metrics.yaml data["traefik.alloy"]\n'), text);
  assert.match(text, /^\+prometheus\.scrape "traefik" \{$/m);
});

test('a removed pipeline: its objects removed, its file gone, its patterns leave the cloud path', () => {
  const text = section(runs.all.stdout, 'pipeline');
  assert.match(text, /^pipeline: \d+ changed, 0 added, [1-9]\d* removed \(alloy-stack-alloy-metrics: node-exporter\.alloy removed/m);
  assert.match(text, /^  removed: apps-v1\.DaemonSet-alloy-stack-node-exporter\.yaml$/m);
  assert.match(text, /^pipeline: cloud path: node-exporter gone \(\d+ patterns\)$/m);
  assert.ok(text.includes('--- a/pipeline/v1.ConfigMap-alloy-stack-alloy-metrics.yaml data["node-exporter.alloy"]\n+++ /dev/null\n'), text);
});

test('a changed allow-list and tuning: the cost line names the patterns per component', () => {
  const text = section(runs.all.stdout, 'allowlist');
  assert.match(text, /^allowlist: 2 changed, 0 added, 0 removed \(alloy-stack-alloy-metrics: cadvisor\.alloy, traefik\.alloy changed\)$/m);
  assert.match(text, /^allowlist: cloud path: cadvisor -container_network_\.\*_errors_total; traefik \+traefik_new_metric_total -traefik_open_connections$/m);
});

test('an environment on one side only is entirely added or removed', () => {
  const fresh = section(runs.all.stdout, 'fresh');
  assert.match(fresh, /^fresh: new environment \(\d+ objects\)$/m);
  assert.match(fresh, /^  added:   v1\.ConfigMap-alloy-stack-alloy-metrics\.yaml$/m);
  assert.not.match(fresh, /^---/m, 'objects listed, not diffed');
  const gone = section(runs.all.stdout, 'gone');
  assert.match(gone, /^gone: environment removed \(\d+ objects\)$/m);
  assert.match(gone, /^  removed: v1\.ConfigMap-alloy-stack-alloy-metrics\.yaml$/m);
});

test('--format markdown: a table, a heading per environment, a collapsed diff per object', () => {
  const { status, stdout, stderr } = runs.markdown;
  assert.is(status, 1, stderr);
  assert.ok(stdout.startsWith('## Rendered output changes\n\nCompared with HEAD~1 ('), stdout);
  assert.match(stdout, /^\| allowlist \| 2 changed, 0 added, 0 removed \(alloy-stack-alloy-metrics: cadvisor\.alloy, traefik\.alloy changed\) \| cadvisor -`container_network_\.\*_errors_total`; traefik \+`traefik_new_metric_total` -`traefik_open_connections` \|$/m);
  assert.match(stdout, /^### app$/m);
  assert.match(stdout, /^<details><summary><code>v1\.ConfigMap-alloy-stack-alloy-metrics\.yaml<\/code> \(alloy-stack-alloy-metrics: traefik\.alloy added\)<\/summary>\n\n```diff\n--- \/dev\/null\n\+\+\+ b\/app\/v1\.ConfigMap-alloy-stack-alloy-metrics\.yaml data\["traefik\.alloy"\]\n/m);
  assert.is(stdout.match(/<details>/g)?.length, stdout.match(/<\/details>/g)?.length);
});

test('the base renders with its own library, not the work tree one', () => {
  const { status, stdout, stderr } = runs.library;
  assert.is(status, 1, stderr);
  assert.match(stdout, /^-\s+image: docker\.io\/prom\/prometheus:v0\.0\.1$/m);
  assert.match(stdout, /^\+\s+image: docker\.io\/prom\/prometheus:v\d+\.\d+\.\d+$/m);
});

test('a base that is no commit: exit 2 and a message, no stack', () => {
  assert.is(runs.badBase.status, 2);
  assert.match(runs.badBase.stderr, /--base no-such-ref: not a commit in this repository/);
  assert.not.match(runs.badBase.stderr, /\n\s+at /);
});

test.run();
