import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { compareUtf8, fileName, manifestJson, mergeManifest, parseManifest, renderFiles, stableJson, assertEnvName } from '../../lib/export/layout.ts';

const obj = (apiVersion: string, kind: string, name: string): KubeObject => ({ apiVersion, kind, metadata: { name } });

test("file names follow Tanka's default format", () => {
  assert.is(fileName(obj('apps/v1', 'StatefulSet', 'alloy')), 'apps-v1.StatefulSet-alloy.yaml');
  assert.is(fileName(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'alloy')), 'rbac.authorization.k8s.io-v1.ClusterRole-alloy.yaml');
  assert.is(fileName({ apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'migrate-' } }), 'batch-v1.Job-migrate-.yaml');
});

test('renderFiles: Namespace and CRDs under setup/, paths sorted, each object\'s text', () => {
  const { files, texts } = renderFiles('prod', 'environments/prod.ts', [
    obj('v1', 'Namespace', 'monitoring'),
    obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
    obj('v1', 'ConfigMap', 'alloy'),
    obj('apps/v1', 'StatefulSet', 'alloy'),
  ]);
  assert.equal([...files.keys()], [
    'prod/apps-v1.StatefulSet-alloy.yaml',
    'prod/setup/apiextensions.k8s.io-v1.CustomResourceDefinition-widgets.example.com.yaml',
    'prod/setup/v1.Namespace-monitoring.yaml',
    'prod/v1.ConfigMap-alloy.yaml',
  ]);
  assert.is(files.get('prod/v1.ConfigMap-alloy.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alloy\n');
  assert.is(texts.length, 4);
  assert.is(texts[2], files.get('prod/v1.ConfigMap-alloy.yaml'));
});

test('two objects that would share a file are an error naming both', () => {
  const a = { ...obj('rbac.authorization.k8s.io/v1', 'Role', 'alloy'), metadata: { name: 'alloy', namespace: 'monitoring' } };
  const b = { ...obj('rbac.authorization.k8s.io/v1', 'Role', 'alloy'), metadata: { name: 'alloy', namespace: 'kube-system' } };
  assert.throws(() => renderFiles('prod', 'environments/prod.ts', [a, b]),
    /environments\/prod\.ts: rbac\.authorization\.k8s\.io\/v1 Role monitoring\/alloy and rbac\.authorization\.k8s\.io\/v1 Role kube-system\/alloy would both be written to prod\/rbac\.authorization\.k8s\.io-v1\.Role-alloy\.yaml/);
});

test('environment names must be one plain folder name', () => {
  for (const bad of ['', '.', '..', 'a/b', '.hidden', 'a b', 'x\n']) assert.throws(() => assertEnvName(bad), /cannot be a folder name/);
  assertEnvName('prod-eu_1.a');
});

test("manifest.json in Tanka's format: 4 spaces, sorted keys, Go's escapes, final newline", () => {
  const text = manifestJson({ 'prod/b.yaml': 'environments/prod.ts', 'dev/a<&>.yaml': 'environments/dev.ts' });
  assert.is(text, '{\n    "dev/a\\u003c\\u0026\\u003e.yaml": "environments/dev.ts",\n    "prod/b.yaml": "environments/prod.ts"\n}\n');
  assert.equal(parseManifest(text, 'rendered/manifest.json'), { 'prod/b.yaml': 'environments/prod.ts', 'dev/a<&>.yaml': 'environments/dev.ts' });
  assert.is(manifestJson({}), '{}\n');
});

test('parseManifest names the file on bad content', () => {
  assert.throws(() => parseManifest('{', 'out/manifest.json'), /out\/manifest\.json: not valid JSON/);
  assert.throws(() => parseManifest('{"a": 1}', 'out/manifest.json'), /out\/manifest\.json: expected an object mapping/);
});

test("mergeManifest replaces this environment's entries and keeps the others", () => {
  const existing = { 'prod/old.yaml': 'environments/prod.ts', 'prod/other-owner.yaml': 'environments/renamed.ts', 'dev/a.yaml': 'environments/dev.ts', 'prod-old/x.yaml': 'environments/prod.ts' };
  assert.equal(mergeManifest(existing, 'environments/prod.ts', ['prod'], { 'prod/new.yaml': 'environments/prod.ts' }), {
    'dev/a.yaml': 'environments/dev.ts', 'prod/new.yaml': 'environments/prod.ts',
  });
});

test('stableJson sorts keys in byte order, integer-like keys included', () => {
  assert.is(stableJson({ b: 1, 10: [], 2: { z: null, a: 'x' }, é: 1, z: 1 }, 2), '{\n  "10": [],\n  "2": {\n    "a": "x",\n    "z": null\n  },\n  "b": 1,\n  "z": 1,\n  "é": 1\n}');
});


// compareUtf8 compares code units where that gives the byte order; this is the definition it must agree with.
const byteOrder = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

test('compareUtf8 is the byte order of the UTF-8 encodings, surrogate pairs and lone surrogates included', () => {
  // U+FF5E is above the surrogates in UTF-16 but below U+1F600 in UTF-8; a lone surrogate encodes as U+FFFD.
  for (const [a, b] of [['a\uff5e', 'a\u{1f600}'], ['x\ud800', 'x\ud800\udc00'], ['\ud800', '\ufffd'], ['\udc00a', '\ufffdb'], ['é', 'z'], ['a', 'ab'], ['', 'a']]) {
    assert.is(Math.sign(compareUtf8(a!, b!)), byteOrder(a!, b!), JSON.stringify([a, b]));
    assert.is(Math.sign(compareUtf8(b!, a!)), byteOrder(b!, a!), JSON.stringify([b, a]));
  }
  const text = fc.array(fc.constantFrom('a', 'b', '/', 'é', '\uff5e', '\ufffd', '\u{1f600}', '\ud800', '\udc00', '\ud83d'), { maxLength: 5 }).map((p) => p.join(''));
  fc.assert(fc.property(text, text, (a, b) => Math.sign(compareUtf8(a, b)) === byteOrder(a, b)), { numRuns: 3000 });
});

test.run();
