// scripts/import.ts as a user runs it: exit 1 and no file while a key is unsupported, the file with a
// TODO(import) at each under --allow-unsupported, the Secret command without values, bad input exit 2.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repoRoot, runScript } from '../support/cli.ts';

const fixture = (name: string) => path.join(repoRoot, 'tests/fixtures/import', name);
const outDir = path.join(repoRoot, 'tmp', 'import-command');

test.before.each(() => rmSync(outDir, { recursive: true, force: true }));

test('an unsupported key: exit 1, nothing written, each gap listed', () => {
  const out = path.join(outDir, 'gaps.ts');
  const run = runScript('import.ts', [fixture('k8s-monitoring/unsupported.yaml'), '--out', out]);
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stdout, 'unsupported podLogs.gatherMethod: gatherMethod filelog has no equivalent here');
  assert.match(run.stdout, 'unsupported somethingNew: no mapping for this key in the importer');
  assert.match(run.stdout, 'not written: 5 unsupported key(s)');
  assert.not.ok(existsSync(out));
});

test('--allow-unsupported writes the file with a TODO at each gap and exits 0', () => {
  const out = path.join(outDir, 'gaps.ts');
  const run = runScript('import.ts', [fixture('k8s-monitoring/unsupported.yaml'), '--out', out, '--allow-unsupported']);
  assert.is(run.status, 0, run.stderr);
  const text = readFileSync(out, 'utf8');
  assert.is(text.match(/\/\/ TODO\(import\): /g)?.length, 5);
  assert.match(text, "import { environment } from '../../lib/index.ts';");
});

test('literal credentials: the Secret command is printed, the values nowhere', () => {
  const out = path.join(outDir, 'destinations.ts');
  const run = runScript('import.ts', [fixture('k8s-monitoring/destinations.yaml'), '--out', out, '--name', 'dest', '--allow-unsupported']);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, "kubectl create secret generic grafana-cloud-metrics-credentials --namespace monitoring \\\n  --from-literal=username='<destinations[0].auth.username>'");
  const text = readFileSync(out, 'utf8');
  assert.match(text, "name: 'dest',");
  for (const where of [run.stdout, run.stderr, text]) assert.not.ok(where.includes('glc_literal_password_value'));
});

test('bad input: exit 2 with the file named', () => {
  const missing = runScript('import.ts', [fixture('nope.yaml')]);
  assert.is(missing.status, 2);
  assert.match(missing.stderr, 'nope.yaml: cannot read the values file');
  const format = runScript('import.ts', [fixture('k8s-monitoring/pod-logs.yaml'), '--from', 'helm-4']);
  assert.is(format.status, 2);
  assert.match(format.stderr, '--from: expected one of k8s-monitoring-3, k8s-monitoring-2, custom-chart, got helm-4');
});

test('the same values give the same bytes', () => {
  const a = path.join(outDir, 'a.ts');
  const b = path.join(outDir, 'b.ts');
  runScript('import.ts', [fixture('k8s-monitoring/pod-logs.yaml'), '--out', a]);
  runScript('import.ts', [fixture('k8s-monitoring/pod-logs.yaml'), '--out', b]);
  assert.is(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
});

test.run();
