// lib/cli/packed-outcome.ts: an outcome survives the trip through a message (a structured clone with its
// buffer transferred) with every text as it was, whatever its characters; problems pass as they are.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packOutcome, unpackOutcome } from '../../lib/cli/packed-outcome.ts';
import type { Outcome } from '../../lib/cli/environment-outcome.ts';

const files = new Map([
  ['prod/v1.ConfigMap-a.yaml', 'data:\n  a.alloy: |\n    // → ü 日本 🚀\n'],
  ['prod/empty.yaml', ''],
  ['prod/v1.Service-b.yaml', 'kind: Service\n'],
]);
const rendered: Outcome = { file: 'environments/prod.ts', exp: { envName: 'prod', envFile: 'environments/prod.ts', files, folders: ['prod'] }, objects: 3, warnings: ['w'], apps: ['traefik'] };

test('texts, order and the rest of the outcome come back from a transferred clone', () => {
  const { packed, transfer } = packOutcome(rendered);
  assert.is(transfer.length, 1);
  const sent = structuredClone(packed, { transfer });
  assert.is(transfer[0]!.byteLength, 0, 'the buffer moved, not copied');
  const back = unpackOutcome(sent);
  assert.equal(back, rendered);
  assert.ok("exp" in back);
  assert.equal([...back.exp.files.keys()], [...files.keys()]);
});

test('an outcome of problems is sent as it is', () => {
  const problems: Outcome = { file: 'environments/bad.ts', problems: ['environments/bad.ts: name: must be a string'] };
  const { packed, transfer } = packOutcome(problems);
  assert.is(transfer.length, 0);
  assert.equal(unpackOutcome(structuredClone(packed)), problems);
});

test.run();
