// Export never loses data, with the real CLI: an output folder that cannot be written is refused in one
// line (exit 1, no stack) and the previous output stays byte-for-byte; two exports racing into the same
// folder both succeed or one stops cleanly on the lock, and what is left is one complete, valid tree.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot, runScript, scratchRepo, snapshotTree, type Run } from '../support/cli.ts';

const repo = scratchRepo();
const out = path.join(repo, 'rendered');
const first = runScript('export.ts', ['environments/', '--out', out], repo);
const reference = snapshotTree(out);

/** The CLI as a child process that runs alongside others. */
function runAsync(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(repoRoot, 'scripts', 'export.ts'), ...args], {
      cwd: repo, env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

/** A refusal for a person: exit 1, one line on stderr, no stack trace. */
function refusedInOneLine(result: Run, message: RegExp): void {
  assert.is(result.status, 1, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one line: ${result.stderr}`);
  assert.match(lines[0]!, message);
  assert.not.match(result.stderr, /\n\s+at |Error:/, 'no stack trace');
}

test('the first export writes every environment', () => {
  assert.is(first.status, 0, first.stderr);
  assert.ok(reference.has('manifest.json'));
  for (const env of ['dev', 'prod', 'staging']) assert.ok([...reference.keys()].some((f) => f.startsWith(`${env}/`)), env);
});

test('an output folder under a file (the previous manifest.json) is refused in one line; the previous output stays', () => {
  const result = runScript('export.ts', ['environments/', '--out', path.join(out, 'manifest.json', 'nested')], repo);
  refusedInOneLine(result, /^could not create .*rendered\/manifest\.json\/nested: .*not a directory.*; the previous output is unchanged$/);
  assert.equal(snapshotTree(out), reference);
});

test('an output folder whose parent is a file is refused in one line; the file stays', () => {
  const blocker = path.join(repo, 'not-a-folder');
  fs.writeFileSync(blocker, 'keep me\n');
  const result = runScript('export.ts', ['environments/', '--out', path.join(blocker, 'rendered')], repo);
  refusedInOneLine(result, /^could not create .*not-a-folder\/rendered: .*; the previous output is unchanged$/);
  assert.is(fs.readFileSync(blocker, 'utf8'), 'keep me\n');
  fs.rmSync(blocker);
});

test('an environment folder replaced by a file is refused in one line; nothing in the output changes', () => {
  const dev = path.join(out, 'dev');
  const saved = path.join(repo, 'dev-saved');
  fs.renameSync(dev, saved);
  fs.writeFileSync(dev, 'not a folder\n');
  const before = snapshotTree(out);
  try {
    const result = runScript('export.ts', ['environments/', '--out', out], repo);
    refusedInOneLine(result, /rendered\/dev is not a folder, so alloy-stack did not write it/);
    assert.equal(snapshotTree(out), before);
  } finally {
    fs.rmSync(dev);
    fs.renameSync(saved, dev);
  }
  assert.equal(snapshotTree(out), reference);
});

/** What is on disk is a whole export: manifest.json lists exactly the files, each parses, nothing is left over. */
function completeAndValid(dir: string): void {
  const tree = snapshotTree(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
  assert.equal(Object.keys(manifest).sort(), [...tree.keys()].filter((f) => f !== 'manifest.json').sort());
  for (const file of Object.keys(manifest)) {
    const object = parseYaml(fs.readFileSync(path.join(dir, file), 'utf8')) as { apiVersion?: string; kind?: string };
    assert.ok(object.apiVersion && object.kind, file);
  }
  assert.equal(fs.readdirSync(dir).filter((n) => n.startsWith('.alloy-stack')), [], 'no lock or temporary folder left');
}

for (const [what, target] of [['a new folder', path.join(repo, 'race')], ['the existing output', out]] as const) {
  test(`two exports racing into ${what}: each succeeds or stops on the lock, and the tree is complete and valid`, async () => {
    const results = await Promise.all([runAsync(['environments/', '--out', target]), runAsync(['environments/', '--out', target])]);
    for (const result of results) {
      if (result.status === 0) continue;
      refusedInOneLine(result, /^another export is writing .* \(pid \d+\); wait for it to finish/);
    }
    assert.ok(results.some((r) => r.status === 0), 'at least one export wrote the output');
    completeAndValid(target);
    assert.equal(snapshotTree(target), reference, 'the same bytes as a lone export');
  });
}

test.after(() => fs.rmSync(repo, { recursive: true, force: true }));
test.run();
