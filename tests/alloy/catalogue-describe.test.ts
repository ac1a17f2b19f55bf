import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeEntry } from '../../lib/alloy/catalogue/describe.ts';
import { fixtureRegistry } from '../support/fixture-catalogue.ts';

test('an entry prints its arguments, nested blocks and exports', () => {
  const text = describeEntry(fixtureRegistry.catalogue, 'prometheus.remote_write');
  assert.match(text, /^prometheus\.remote_write: component, generally-available \(prometheus\/remotewrite\/remote_write\.go\)\n/);
  assert.match(text, /\n  endpoint \{ \} \(repeatable\)\n    name: string\n    url: string \(required\)\n/);
  assert.match(text, /\nexports:\n  receiver: capsule\(MetricsReceiver\)\n$/);
  assert.match(describeEntry(fixtureRegistry.catalogue, 'loki.process'), /\n  stage\.regex \{ \} \(one of stage\.\*, repeatable\)\n    expression: string \(required\)/);
});

test('an unknown name is refused with the closest one', () => {
  assert.throws(() => describeEntry(fixtureRegistry.catalogue, 'prometheus.scrap'), /did you mean prometheus\.scrape\?/);
});

test.run();
