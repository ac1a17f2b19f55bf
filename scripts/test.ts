// The test command: type-check, then every uvu suite under tests/, then one plain summary line
// ("N passed, N failed") that CI and people read. The type-check counts as one test.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let passed = 0;
let failed = 0;

const typecheck = spawnSync(bin('tsc'), ['--noEmit', '-p', root], { cwd: root, stdio: 'inherit' });
if (typecheck.status === 0) {
  passed += 1;
  console.log('typecheck: ok');
} else {
  failed += 1;
  console.log('typecheck: FAILED');
}

// uvu's own CLI, with tsx as the loader, so every suite runs in one process as uvu intends.
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const uvu = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'node_modules', 'uvu', 'bin.js'), 'tests', pattern],
  { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, maxBuffer: 256 * 1024 * 1024 },
);
process.stdout.write(uvu.stdout);
process.stderr.write(uvu.stderr);

const total = /Total:\s+(\d+)/.exec(uvu.stdout);
const ok = /Passed:\s+(\d+)/.exec(uvu.stdout);
if (total && ok && uvu.status === 0) {
  passed += Number(ok[1]);
  failed += Number(total[1]) - Number(ok[1]);
} else if (total && ok) {
  passed += Number(ok[1]);
  failed += Math.max(1, Number(total[1]) - Number(ok[1]));
} else {
  failed += 1;
  console.log(`uvu did not finish (exit ${uvu.status ?? uvu.signal})`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
