// tsx scripts/build-package.ts: the package's dist/ (run by `npm pack` and `npm publish` as prepack).
// dist/ mirrors the repository: dist/lib/ compiled JavaScript and declarations (tsconfig.build.json), beside
// the data the library reads at run time, found relative to its own files, never to the working folder:
// allow-lists/ (lib/cli/environments.ts), vendor/alloy/catalogue.json (lib/alloy/catalogue/load.ts), the
// generated validators (lib/**/*.gen.js, plain JavaScript tsc does not copy). tsc copies the JSON schemas
// lib/k8s imports itself.
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: ['ignore', 2, 2] }); // stdout is npm pack --json's
for (const file of readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' })) {
  if (/\.gen\.(js|d\.ts)$/.test(file)) cpSync(path.join(root, 'lib', file), path.join(dist, 'lib', file));
}
cpSync(path.join(root, 'allow-lists'), path.join(dist, 'allow-lists'), { recursive: true });
cpSync(path.join(root, 'vendor', 'alloy', 'catalogue.json'), path.join(dist, 'vendor', 'alloy', 'catalogue.json'));
console.error(`built ${path.relative(process.cwd(), dist) || '.'}/`);
