import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractCatalogue } from '../../lib/alloy/catalogue/extract.ts';
import { catalogueText } from '../../lib/alloy/catalogue/text.ts';
import type { Catalogue } from '../../lib/alloy/catalogue/types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = path.join(root, 'tests/fixtures/alloy-go');

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !(e.name.endsWith('.go') || e.name === 'go.mod')) continue;
    const full = path.join(e.parentPath, e.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
  }
  return files;
}

const { catalogue: fx, fallbacks } = extractCatalogue(readTree(fixture), { repository: 'fixture', commit: 'none' });
const body = (c: Catalogue, id: string | undefined) => c.types[id!]!;

test('components: registered from packages internal/component/all reaches, on the Linux build only', () => {
  assert.equal(Object.keys(fx.components), ['demo.community', 'demo.scrape']);
  assert.is(fx.components['demo.scrape']!.stability, 'public-preview');
  assert.is(fx.components['demo.scrape']!.source, 'internal/component/demo/scrape/scrape.go');
  assert.equal(fx.components['demo.community'], { stability: 'generally-available', community: true, source: 'internal/component/demo/scrape/scrape.go' });
});

test('arguments: attributes with kinds, required and optional, squash inlined, json tags ignored', () => {
  const args = body(fx, fx.components['demo.scrape']!.arguments);
  assert.equal(args.attributes, {
    interval: { type: 'duration' },
    targets: { type: 'list(map(string))', required: true },
    forward_to: { type: 'list(capsule(cfg.Receiver))', required: true },
    url: { type: 'string', required: true },
    password: { type: 'secret' },
    mode: { type: 'string' },
    level: { type: 'string' },
    raw_number: { type: 'number' },
  });
});

test('blocks: repeatable slices, labels, optional pointers across packages', () => {
  const args = body(fx, fx.components['demo.scrape']!.arguments);
  assert.equal(args.blocks.endpoint, { body: 'internal/component/demo/scrape.EndpointBlock', repeatable: true });
  assert.equal(args.blocks.tls, { body: 'internal/component/common/cfg.TLSArguments' });
  assert.is(body(fx, 'internal/component/demo/scrape.EndpointBlock').label, true);
  assert.equal(body(fx, 'internal/component/demo/scrape.EndpointBlock').attributes, { port: { type: 'number', required: true } });
});

test('enums: each block field of the element struct is a member', () => {
  const args = body(fx, fx.components['demo.scrape']!.arguments);
  assert.equal(args.enums, { stage: { members: { json: 'internal/component/demo/scrape.JSONStage', regex: 'internal/component/demo/scrape.RegexStage' } } });
  assert.equal(body(fx, 'internal/component/demo/scrape.JSONStage').attributes, { expressions: { type: 'map(string)', required: true } });
});

test('exports and config blocks (services and the runtime)', () => {
  assert.equal(body(fx, fx.components['demo.scrape']!.exports).attributes, { receiver: { type: 'capsule(cfg.Receiver)', required: true } });
  assert.equal(Object.keys(fx.configBlocks), ['logging', 'tracing', 'web'].sort());
  assert.is(fx.configBlocks.web!.stability, 'experimental');
  assert.equal(body(fx, fx.configBlocks.tracing!.arguments).attributes, { sampling_fraction: { type: 'number' } });
  assert.equal(fallbacks, []);
});

test('the text is one line per entry and parses back to the same catalogue', () => {
  const text = catalogueText(fx);
  assert.equal(JSON.parse(text), fx);
  assert.ok(text.split('\n').length > Object.keys(fx.types).length);
});

// The committed catalogue, read as the check reads it.
const vendored = JSON.parse(readFileSync(path.join(root, 'vendor/alloy/catalogue.json'), 'utf8')) as Catalogue;

test('vendored catalogue: every body it names exists, and the text is canonical', () => {
  const ids = new Set<string>();
  for (const e of [...Object.values(vendored.components), ...Object.values(vendored.configBlocks)]) {
    if (e.arguments) ids.add(e.arguments);
    if ('exports' in e && typeof e.exports === 'string') ids.add(e.exports);
  }
  for (const b of Object.values(vendored.types)) {
    for (const blk of Object.values(b.blocks)) ids.add(blk.body);
    for (const en of Object.values(b.enums ?? {})) for (const m of Object.values(en.members)) ids.add(m);
    for (const a of Object.values(b.attributes)) for (const m of a.type.matchAll(/object\(([^)]+)\)/g)) ids.add(m[1]!);
  }
  for (const id of ids) assert.ok(vendored.types[id], `missing body ${id}`);
  assert.is(readFileSync(path.join(root, 'vendor/alloy/catalogue.json'), 'utf8'), catalogueText(vendored));
  assert.ok(Object.keys(vendored.components).length >= 180, 'every component of the release');
});

test('vendored catalogue: facts of well-known components', () => {
  const args = (name: string) => vendored.types[vendored.components[name]!.arguments!]!;
  const scrape = args('prometheus.scrape');
  assert.equal(scrape.attributes.targets, { type: 'targets', required: true });
  assert.equal(scrape.attributes.forward_to, { type: 'list(capsule(MetricsReceiver))', required: true });
  assert.equal(scrape.attributes.scrape_interval, { type: 'duration' });
  assert.ok(args('loki.process').enums?.stage?.members.cri);
  assert.ok(args('loki.process').enums?.stage?.members.regex);
  assert.is(args('otelcol.receiver.otlp').blocks.output?.required, true);
  assert.equal(vendored.types[vendored.components['discovery.kubernetes']!.exports!]!.attributes.targets, { type: 'targets', required: true });
  assert.is(vendored.components['otelcol.exporter.datadog']!.community, true);
});

test.run();
