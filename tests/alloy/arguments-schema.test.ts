// The generated component argument types: the fixture catalogue's schema, compiled as gen-types compiles
// the vendored one, names every component's interface, keeps Alloy's required fields and the value types
// the constructors take.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from 'json-schema-to-typescript';
import { argumentsSchema, argumentsTypeName } from '../../lib/alloy/catalogue/arguments-schema.ts';
import { fixtureRegistry } from '../support/fixture-catalogue.ts';

const catalogue = fixtureRegistry.catalogue.catalogue;
const typescript = () => compile(argumentsSchema(catalogue) as never, 'ComponentArguments', { additionalProperties: false, bannerComment: '', unreachableDefinitions: true });

/** The members of one generated interface, whitespace collapsed. */
function members(text: string, name: string): string {
  const start = text.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, `no interface ${name}`);
  return text.slice(start, text.indexOf('\n}', start)).split('\n').slice(1).map((l) => l.trim()).join(' ');
}

test('interface names follow the component, then the Go type with a package prefix', () => {
  assert.is(argumentsTypeName('prometheus.remote_write'), 'PrometheusRemoteWriteArguments');
  assert.is(argumentsTypeName('loki.source.file'), 'LokiSourceFileArguments');
});

test('every component maps to its arguments interface', async () => {
  const text = await typescript();
  const root = members(text, 'ComponentArguments');
  for (const component of Object.keys(catalogue.components)) assert.match(root, `"${component}": `);
  assert.match(root, '"prometheus.scrape": PrometheusScrapeArguments;');
});

test('required stays required, scalars become the constructors value types, forwards take references', async () => {
  const scrape = members(await typescript(), 'PrometheusScrapeArguments');
  assert.match(scrape, 'targets: Targets;');
  assert.match(scrape, 'forward_to: readonly Ref<"MetricsReceiver">[];');
  assert.match(scrape, 'scrape_interval?: Duration;');
  assert.not.match(scrape, /scrape_interval: /);
});

test('repeatable blocks are arrays of their body, enum blocks a list of one-key members', async () => {
  const text = await typescript();
  assert.match(members(text, 'PrometheusRemoteWriteArguments'), /endpoint\?: \w+\[\];/);
  const process = members(text, 'LokiProcessArguments');
  assert.match(process, /stage\?: \( \| \{ cri: \w+; \} \| \{ drop: \w+; \}/);
});

test('a capsule the graph does not know takes any expression', () => {
  const broken = structuredClone(catalogue);
  const body = broken.types[broken.components['prometheus.scrape']!.arguments!]!;
  body.attributes['odd'] = { type: 'list(capsule(Unheard))' };
  assert.match(JSON.stringify(argumentsSchema(broken)), /"odd":\{"tsType":"List<Expr>"\}/);
});

test.run();
