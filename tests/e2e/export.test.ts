// The export CLI as a user runs it: determinism, --check, and bad input that leaves output untouched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, runScript, scratchRepo, snapshotTree } from '../support/cli.ts';

const repo = scratchRepo();
const out = path.join(repo, 'rendered');
const first = runScript('export.ts', ['environments/'], repo);

test('exports every example environment', () => {
  assert.is(first.status, 0, first.stderr);
  for (const env of ['prod', 'staging', 'dev']) {
    assert.ok(fs.existsSync(path.join(out, env, 'setup', 'v1.Namespace-monitoring.yaml')), env);
  }
  assert.ok(fs.existsSync(path.join(out, 'manifest.json')));
});

test('rendering twice gives byte-identical trees', () => {
  const before = snapshotTree(out);
  const again = runScript('export.ts', ['environments/'], repo);
  assert.is(again.status, 0, again.stderr);
  assert.equal(snapshotTree(out), before);
});

test('kubectl folders hold only Kubernetes objects', () => {
  for (const env of ['prod', 'staging', 'dev']) {
    for (const folder of [path.join(out, env), path.join(out, env, 'setup')]) {
      for (const name of fs.readdirSync(folder)) {
        if (fs.statSync(path.join(folder, name)).isDirectory()) continue;
        assert.ok(name.endsWith('.yaml'), `${folder}/${name}`);
        const text = fs.readFileSync(path.join(folder, name), 'utf8');
        assert.match(text, /^apiVersion: /m, name);
        assert.match(text, /^kind: /m, name);
      }
    }
  }
});

test('--check passes on fresh output and fails with a diff after a one-field change', () => {
  const clean = runScript('export.ts', ['environments/', '--check'], repo);
  assert.is(clean.status, 0, clean.stdout + clean.stderr);
  const file = path.join(repo, 'environments', 'prod.ts');
  const original = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, original.replace("retention: '15d'", "retention: '30d'"));
  try {
    const stale = runScript('export.ts', ['environments/prod', '--check'], repo);
    assert.is(stale.status, 1);
    assert.match(stale.stdout, /-\s+- --storage\.tsdb\.retention\.time=15d/);
    assert.match(stale.stdout, /\+\s+- --storage\.tsdb\.retention\.time=30d/);
  } finally {
    fs.writeFileSync(file, original);
  }
});

const broken: [string, string, RegExp][] = [
  ['wrong type', "scrapeInterval: '60s'", "scrapeInterval: 60"],
  ['unknown field', "kubelet: { access: 'proxy' }", "kubelet: { acess: 'proxy' }"],
  ['missing required field', "clusterName: 'prod-eu-west-1',", ''],
].map(([what, from, to]) => [what!, from!, to!] as [string, string, string]).map(([what, from, to], i) => [
  what, JSON.stringify([from, to]),
  [/environments\/prod\.ts: metrics\.scrapeInterval: expected string, got 60/,
   /environments\/prod\.ts: metrics\.kubelet\.acess: unknown field \(did you mean access\?\)/,
   /environments\/prod\.ts: \(top level\): missing required field clusterName/][i]!,
]);

for (const [what, change, message] of broken) {
  test(`a ${what} fails, names file and field, and leaves rendered/ untouched`, () => {
    const [from, to] = JSON.parse(change) as [string, string];
    const file = path.join(repo, 'environments', 'prod.ts');
    const original = fs.readFileSync(file, 'utf8');
    assert.ok(original.includes(from), `fixture text ${from}`);
    const before = snapshotTree(out);
    fs.writeFileSync(file, original.replace(from, to));
    try {
      const result = runScript('export.ts', ['environments/'], repo);
      assert.is(result.status, 1);
      assert.match(result.stderr, message);
      assert.not.match(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(snapshotTree(out), before);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
}

// The scratch folder has no package.json, so its environment files are CommonJS and require a copy of lib/
// of their own beside the export's bundled one: their patch markers must still work.
test('an environment file that is CommonJS can use patch markers', () => {
  const dir = scratchRepo();
  try {
    const lib = JSON.stringify(path.join(repoRoot, 'lib', 'index.ts'));
    fs.writeFileSync(path.join(dir, 'environments', 'marked.ts'), [
      `import { environment, remove, replace } from ${lib};`,
      "import prod from './prod.ts';",
      "export default environment(prod, { name: 'marked', clusterName: 'marked-1', overrides: {",
      '  nodeExporter: { networkPolicy: remove },',
      "  kubeStateMetrics: { deployment: { metadata: { annotations: replace({ team: 'platform' }) } } },",
      '} });',
    ].join('\n'));
    const result = runScript('export.ts', ['environments/marked', '--out', 'out'], dir);
    assert.is(result.status, 0, result.stderr);
    const folder = path.join(dir, 'out', 'marked');
    assert.not.ok(fs.existsSync(path.join(folder, 'networking.k8s.io-v1.NetworkPolicy-alloy-stack-node-exporter.yaml')));
    assert.ok(fs.existsSync(path.join(folder, 'networking.k8s.io-v1.NetworkPolicy-alloy-stack-kube-state-metrics.yaml')));
    assert.match(fs.readFileSync(path.join(folder, 'apps-v1.Deployment-alloy-stack-kube-state-metrics.yaml'), 'utf8'), /^  annotations:\n    team: platform\n/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.after(() => fs.rmSync(repo, { recursive: true, force: true }));
test.run();
