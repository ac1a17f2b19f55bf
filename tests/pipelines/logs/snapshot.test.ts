// The printed log pipelines of a prod-like environment, byte for byte, in tests/fixtures/logs/.
// UPDATE_SNAPSHOTS=1 npx tsx tests/pipelines/logs/snapshot.test.ts rewrites them; review the diff.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { print } from '../../../lib/alloy/print.ts';
import { eventsAlloyConfig, logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { prodLikeSpec, render } from './configs.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/logs');
const update = process.env.UPDATE_SNAPSHOTS === '1';

const spec = prodLikeSpec();
(spec.logs as Record<string, unknown>).destinations = [
  { name: 'local-loki', url: 'http://loki.logging.svc:3100/loki/api/v1/push', tenantId: 'platform', headers: { 'X-Scope-Team': 'sre' } },
];
const config = render(spec);
const daemon = logsAlloyConfig(config);
const events = eventsAlloyConfig(config)!;
const needs = (c: typeof daemon) => ({ rbac: c.rbac, secretEnv: c.secretEnv, hostMounts: c.hostMounts });

const snapshots: [string, string][] = [
  ...daemon.files.map((f): [string, string] => [f.name, print(f.file)]),
  ...events.files.filter((f) => f.name === 'events.alloy').map((f): [string, string] => [f.name, print(f.file)]),
  ['needs.json', `${JSON.stringify({ daemonSet: needs(daemon), events: needs(events) }, null, 2)}\n`],
];

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}: expected ${JSON.stringify(a[at] ?? '<end of file>')}, got ${JSON.stringify(b[at] ?? '<end of file>')}`;
}

test('the events Deployment writes to the same destinations as the DaemonSet', () => {
  assert.is(print(events.files.find((f) => f.name === 'log-destinations.alloy')!.file),
    print(daemon.files.find((f) => f.name === 'log-destinations.alloy')!.file));
});

for (const [name, actual] of snapshots) {
  test(`snapshot ${name}`, () => {
    const file = path.join(fixtures, name);
    if (update) {
      mkdirSync(fixtures, { recursive: true });
      writeFileSync(file, actual);
      return;
    }
    if (!existsSync(file)) assert.unreachable(`tests/fixtures/logs/${name} is missing; run UPDATE_SNAPSHOTS=1 npx tsx tests/pipelines/logs/snapshot.test.ts`);
    const expected = readFileSync(file, 'utf8');
    if (expected !== actual) {
      assert.unreachable(`tests/fixtures/logs/${name} differs from the rendered output at ${firstDifference(expected, actual)}. `
        + 'If the change is intended, run UPDATE_SNAPSHOTS=1 npx tsx tests/pipelines/logs/snapshot.test.ts and review the diff.');
    }
  });
}

test.run();
