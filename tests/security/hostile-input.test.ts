// Hostile input, end to end: strings with quotes, backslashes, newlines, `}`, `${`, YAML specials,
// very long or non-ASCII text go into every free-text field of an environment, and the full render
// either refuses them with a message for a person (naming the file and the field, no stack) or writes
// output that (a) parses back to the same objects, with the value exactly where it was put, and
// (b) keeps the Alloy configuration's shape: the same components as for a benign value.
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import type { Block, Expr } from '../../lib/alloy/ast.ts';
import { sanitizeLabel } from '../../lib/alloy/ident.ts';
import { checkRe2, matchesRelabel } from '../../lib/alloy/re2.ts';
import { isUserError } from '../../lib/errors.ts';
import { objectPath } from '../../lib/export/layout.ts';
import type { Rendered } from '../../lib/render.ts';
import { allBlocks, componentIds, envFile, renderEnv } from './render.ts';

// Each run renders a whole environment; the run counts keep the file well under 30 s.
const runs = (numRuns: number) => ({ numRuns, includeErrorInReport: true });

// ---- hostile strings ----

const fragments = [
  '"', '\\', '\n', '\r\n', '\t', '}', '{', '${', '$', ': ', '#', ' #', '*', '&', '&a', '*a', '-', '- ', '? ', '!', '!!str', '%',
  '@', '`', "'", '|', '>', ',', '[', ']', '~', 'null', 'true', 'no', '0x1F', '1e3', '---', '...', '<<', '\0', '\x7f', '\u0085',
  '\u2028', '\ufeff', 'é', 'ß', '日本', '😀', '\ud800', ' ', '//', '/*', '*/', '=', '(', ')', '.*', '\\Q', '(?i)', 'a', '0', '_', '.',
];
const pieces = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 10 }).map((p) => p.join(''));
const long = fc.tuple(fc.constantFrom(...fragments), fc.integer({ min: 300, max: 3000 }))
  .map(([f, n]) => `a${f}`.repeat(Math.ceil(n / (f.length + 1))).slice(0, n));
const hostile = fc.oneof(
  { weight: 6, arbitrary: pieces },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }) },
  { weight: 1, arbitrary: long },
);
/** Hostile, or shaped like what the field accepts (so the accepted path is exercised too). */
const mixed = (valid: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 2, arbitrary: valid });
const dnsLabel = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);

// ---- the environment around the value: only the pipelines the field reaches, so each run is quick ----

const someMetrics = {
  cadvisor: { enabled: false }, resources: { enabled: false }, kubeStateMetrics: { enabled: false },
  nodeExporter: { enabled: false }, alloy: { enabled: false }, prometheus: { enabled: false },
};
const loki = { name: 'loki', url: 'http://loki/push' };

function base(parts: { metrics?: boolean; logs?: boolean }): Spec {
  return {
    name: 'hostile',
    clusterName: 'c1',
    metrics: parts.metrics ? someMetrics : { enabled: false },
    logs: parts.logs ? { destinations: [loki] } : { enabled: false },
    networkPolicies: false,
  };
}

type Spec = Record<string, unknown>;

// ---- reading the output ----

const attr = (block: Block, name: string): Expr | undefined => {
  const s = block.body.find((x) => x.kind === 'attribute' && x.name === name);
  return s?.kind === 'attribute' ? s.value : undefined;
};
const str = (e: Expr | undefined): string | undefined => (e?.kind === 'string' ? e.value : undefined);
const field = (e: Expr | undefined, key: string): Expr | undefined => (e?.kind === 'object' ? e.fields.find((f) => f.key === key)?.value : undefined);
const strings = (e: Expr | undefined): string[] => (e?.kind === 'array' ? e.elements.map(str).filter((s): s is string => s !== undefined) : []);
const blocks = (r: Rendered, name: string, label?: string) =>
  allBlocks(r).map((b) => b.block).filter((b) => b.name === name && (label === undefined || b.label === label));

/** Every file parses back to exactly its object, and every regex loads as Alloy compiles it. */
function readsBack(r: Rendered): void {
  for (const object of r.objects) {
    const file = `${r.envName}/${objectPath(object)}`;
    assert.equal(parseYaml(r.files.get(file)!), JSON.parse(JSON.stringify(object)), file);
  }
  for (const { where, block } of allBlocks(r)) {
    // Relabel rules are anchored by Alloy (^(?s:...)$); stage expressions are used as written.
    const regex = block.name === 'rule' ? str(attr(block, 'regex')) : undefined;
    if (regex !== undefined) assert.is(checkRe2(`^(?s:${regex})$`), undefined, `${where}: rule regex ${JSON.stringify(regex)}`);
    for (const name of ['expression', 'firstline']) {
      const expression = block.name.startsWith('stage.') ? str(attr(block, name)) : undefined;
      if (expression !== undefined) assert.is(checkRe2(expression), undefined, `${where}: ${block.name} ${name}`);
    }
  }
}

/**
 * Renders `spec`: a refusal must be a UserError whose every line names the environment file, and one
 * line the field (`fieldPattern`); no stack, no raw line break from the value. Otherwise `check` runs.
 */
function renderOrRefuse(spec: Spec, fieldPattern: RegExp, check: (r: Rendered) => void): void {
  let r: Rendered;
  try {
    r = renderEnv(spec);
  } catch (error) {
    if (!isUserError(error)) throw new Error(`not a UserError: ${(error as Error)?.stack ?? String(error)}`);
    for (const line of error.problems) {
      assert.ok(line.startsWith(`${envFile}: `), `every line names the file: ${JSON.stringify(line)}`);
      assert.not.ok(line.includes('\n'), `one line per problem: ${JSON.stringify(line)}`);
    }
    assert.not.match(error.message, /\n\s+at /, 'no stack trace');
    assert.ok(error.problems.some((line) => fieldPattern.test(line.slice(envFile.length + 2))), `names the field: ${error.message}`);
    return;
  }
  readsBack(r);
  check(r);
}

const benignIds = (spec: Spec) => componentIds(renderEnv(spec));

// ---- the fields ----

test('cluster names', () => {
  const spec = (name: string) => ({ ...base({ metrics: true, logs: true }), clusterName: name });
  const expected = benignIds(spec('c1'));
  fc.assert(fc.property(mixed(fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/)), (name) => {
    renderOrRefuse(spec(name), /^clusterName: /, (r) => {
      assert.equal(componentIds(r), expected);
      const writers = [...blocks(r, 'prometheus.remote_write'), ...blocks(r, 'loki.write')];
      assert.is(writers.length, 2);
      for (const w of writers) assert.is(str(field(attr(w, 'external_labels'), 'cluster')), name, `${w.name} ${w.label}`);
    });
  }), runs(100));
});

test('pod label keys and values of an app', () => {
  const spec = (labels: Record<string, string>) => ({ ...base({ metrics: true }), metrics: { ...someMetrics, apps: [{ name: 'web', podLabels: labels, port: 8080 }] } });
  const expected = benignIds(spec({ app: 'web' }));
  fc.assert(fc.property(mixed(fc.stringMatching(/^[a-z]([a-z0-9.\/-]{0,20}[a-z0-9])?$/)), mixed(fc.constantFrom('', 'web', 'a.b', 'x-1')), (key, value) => {
    renderOrRefuse(spec({ [key]: value }), /^metrics\.apps\[0\]\.podLabels/, (r) => {
      assert.equal(componentIds(r), expected);
      const rules = blocks(r, 'discovery.relabel', 'web')[0]!.body.filter((s): s is Block => s.kind === 'block');
      // Prometheus names the meta label after the key, each character that is not [a-zA-Z0-9_] as `_`.
      const meta = `__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
      const rule = rules.find((b) => strings(attr(b, 'source_labels')).includes(meta))!;
      assert.ok(rule, `a rule reads ${meta}`);
      const regex = str(attr(rule, 'regex'))!;
      if (value === '') {
        assert.equal(strings(attr(rule, 'source_labels')), [meta.replace('_label_', '_labelpresent_'), meta]);
        assert.is(regex, 'true;');
      } else {
        // The rule keeps exactly the pods whose label has this value, as Alloy matches it.
        assert.ok(matchesRelabel(regex, value), `${JSON.stringify(regex)} matches ${JSON.stringify(value)}`);
        for (const other of [`${value}x`, `x${value}`, value.slice(1)]) assert.not.ok(matchesRelabel(regex, other), `${JSON.stringify(regex)} matches ${JSON.stringify(other)}`);
      }
    });
  }), runs(120));
});

test('namespaces: the stack\'s, pod logs\', events\' and an app\'s', () => {
  const spec = (ns: string) => ({
    ...base({ metrics: true, logs: true }),
    ...(ns === 'monitoring' ? {} : { namespace: ns }),
    metrics: { ...someMetrics, apps: [{ name: 'web', podLabels: { app: 'web' }, port: 8080, namespaces: [ns] }] },
    logs: { destinations: [loki], namespaces: { include: [ns] }, events: { enabled: true, namespaces: [ns] } },
  });
  const expected = benignIds(spec('team-a'));
  fc.assert(fc.property(mixed(dnsLabel), (ns) => {
    renderOrRefuse(spec(ns), /^(namespace|logs\.namespaces\.include\[0\]|logs\.events\.namespaces\[0\]|metrics\.apps\[0\]\.namespaces\[0\]): /, (r) => {
      assert.equal(componentIds(r), expected);
      const podLogs = blocks(r, 'discovery.kubernetes', 'pod_logs')[0]!.body.find((b): b is Block => b.kind === 'block' && b.name === 'namespaces')!;
      assert.equal(strings(attr(podLogs, 'names')), [ns]);
      assert.equal(strings(attr(blocks(r, 'loki.source.kubernetes_events')[0]!, 'namespaces')), [ns]);
      const rule = blocks(r, 'discovery.relabel', 'web')[0]!.body.find((b) => b.kind === 'block' && strings(attr(b, 'source_labels'))[0] === '__meta_kubernetes_namespace') as Block;
      assert.ok(matchesRelabel(str(attr(rule, 'regex'))!, ns) && !matchesRelabel(str(attr(rule, 'regex'))!, `${ns}x`));
      for (const o of r.objects) if (o.kind !== 'Namespace' && !o.kind.startsWith('Cluster')) assert.is(o.metadata.namespace, ns, `${o.kind}/${o.metadata.name}`);
    });
  }), runs(80));
});

test('header values, for the cloud and for a Loki', () => {
  const spec = (to: 'cloud' | 'loki', value: string) => (to === 'cloud'
    ? { ...base({ metrics: true }), enableCloudWrite: true, cloud: { metrics: { url: 'https://prom.example/push', headers: { 'X-Team': value } } } }
    : { ...base({ logs: true }), logs: { destinations: [{ ...loki, headers: { 'X-Team': value } }] } });
  const expected = { cloud: benignIds(spec('cloud', 'sre')), loki: benignIds(spec('loki', 'sre')) };
  fc.assert(fc.property(fc.constantFrom('cloud', 'loki' as const), mixed(fc.string({ unit: 'grapheme', maxLength: 30 })), (to, value) => {
    renderOrRefuse(spec(to, value), /^(cloud\.metrics|logs\.destinations\[0\])\.headers/, (r) => {
      assert.equal(componentIds(r), expected[to]);
      const writer = to === 'cloud' ? blocks(r, 'prometheus.remote_write', 'remote')[0]! : blocks(r, 'loki.write', 'loki')[0]!;
      const endpoint = writer.body.find((s): s is Block => s.kind === 'block' && s.name === 'endpoint')!;
      assert.is(str(field(attr(endpoint, 'headers'), 'X-Team')), value);
    });
  }), runs(120));
});

test('regexes: includeMetrics and log drop expressions', () => {
  const benign = 'zz_benign_total';
  const spec = (to: 'includeMetrics' | 'drop', re: string) => (to === 'includeMetrics'
    ? { ...base({ metrics: true }), enableCloudWrite: true, cloud: { metrics: { url: 'https://prom.example/push' } }, metricsTuning: { kubelet: { includeMetrics: [re, benign] } } }
    : { ...base({ logs: true }), logs: { destinations: [loki], dropProbeLogs: { expression: re }, stages: [{ drop: { expression: re } }] } });
  const expected = { includeMetrics: benignIds(spec('includeMetrics', 'kubelet_.*')), drop: benignIds(spec('drop', 'x')) };
  const valid = fc.constantFrom('a.*', '(?i)get /health', 'x|y', '\\Qa.b', 'a|\\Qb', '[a-z]+', 'a{2}');
  fc.assert(fc.property(fc.constantFrom('includeMetrics', 'drop' as const), mixed(valid), (to, re) => {
    const fieldPattern = /^(metricsTuning\.kubelet\.includeMetrics\[0\]|logs\.dropProbeLogs\.expression|logs\.stages\[0\]\.drop\.expression): /;
    renderOrRefuse(spec(to, re), fieldPattern, (r) => {
      assert.equal(componentIds(r), expected[to]);
      if (to === 'drop') {
        assert.equal(blocks(r, 'stage.drop').map((b) => str(attr(b, 'expression'))), [re, re]);
        return;
      }
      const keep = blocks(r, 'prometheus.relabel', 'kubelet_remote')[0]!.body
        .map((b) => (b.kind === 'block' && str(attr(b, 'action')) === 'keep' ? str(attr(b, 'regex')) : undefined)).find(Boolean)!;
      // The entry is one of the alternatives, whole (grouped or its \Q closed), and the entry after it still counts.
      assert.ok([`|${re}|`, `|(?:${re})|`, `|${re}\\E|`, `|(?:${re}\\E)|`].some((alt) => keep.includes(alt)), `${JSON.stringify(re)} in ${JSON.stringify(keep)}`);
      assert.ok(matchesRelabel(keep, benign), `the next entry is still kept: ${JSON.stringify(keep)}`);
      assert.ok(matchesRelabel(keep, 'up'));
    });
  }), runs(150));
});

test('tenant ids', () => {
  const spec = (tenant: string) => ({ ...base({ logs: true }), logs: { destinations: [{ ...loki, tenantId: tenant }] } });
  const expected = benignIds(spec('team-a'));
  fc.assert(fc.property(mixed(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 })), (tenant) => {
    renderOrRefuse(spec(tenant), /^logs\.destinations\[0\]\.tenantId: /, (r) => {
      assert.equal(componentIds(r), expected);
      const endpoint = blocks(r, 'loki.write', 'loki')[0]!.body.find((s): s is Block => s.kind === 'block' && s.name === 'endpoint')!;
      assert.is(str(attr(endpoint, 'tenant_id')), tenant);
    });
  }), runs(120));
});

test('app names and job names', () => {
  const spec = (name: string, jobName: string) => ({ ...base({ metrics: true }), metrics: { ...someMetrics, apps: [{ name, podLabels: { app: 'x' }, port: 8080, jobName }] } });
  const benign = benignIds(spec('web', 'integrations/web'));
  fc.assert(fc.property(mixed(fc.stringMatching(/^[a-z][a-z0-9-]{0,50}$/)), mixed(fc.string({ minLength: 1, maxLength: 30 })), (name, jobName) => {
    renderOrRefuse(spec(name, jobName), /^metrics\.apps\[0\]\.(name|jobName): /, (r) => {
      const label = sanitizeLabel(name);
      const expected = benign.map((id) => id.replace('/web.alloy:', `/${name}.alloy:`).replace(/\.web(_remote)?$/, `.${label}$1`)).sort();
      assert.equal(componentIds(r), expected);
      assert.is(str(attr(blocks(r, 'prometheus.scrape', label)[0]!, 'job_name')), jobName);
    });
  }), runs(120));
});

// ---- what the properties found, pinned ----

test('found: an unterminated \\Q in includeMetrics no longer swallows the next entry or breaks Alloy\'s anchoring', () => {
  const r = renderEnv({ ...base({ metrics: true }), enableCloudWrite: true, cloud: { metrics: { url: 'https://prom.example/push' } }, metricsTuning: { kubelet: { includeMetrics: ['\\Qa.b', 'zz_total'] } } });
  readsBack(r);
  const keep = blocks(r, 'prometheus.relabel', 'kubelet_remote')[0]!.body.map((b) => (b.kind === 'block' ? str(attr(b, 'regex')) : undefined)).find(Boolean)!;
  assert.ok(matchesRelabel(keep, 'a.b') && matchesRelabel(keep, 'zz_total') && !matchesRelabel(keep, 'axb'));
});

test('found: a lone surrogate is refused at its field, not while building', () => {
  for (const [spec, at] of [
    [{ ...base({ logs: true }), logs: { destinations: [{ ...loki, externalLabels: { team: 'a\ud800' } }] } }, 'logs.destinations[0].externalLabels.team'],
    [{ ...base({ logs: true }), logs: { destinations: [{ ...loki, headers: { 'X-Team': '\udc00' } }] } }, 'logs.destinations[0].headers["X-Team"]'],
    [{ ...base({ logs: true }), logs: { destinations: [loki], stages: [{ json: { expressions: { '\ud800': 'x' } } }] } }, 'logs.stages[0].json.expressions["\\ud800"]'],
  ] as const) {
    renderOrRefuse(spec, new RegExp(`^${at.replace(/[.[\]\\]/g, '\\$&')}: contains a lone UTF-16 surrogate|^${at.replace(/[.[\]\\]/g, '\\$&')}: the field name contains`), () => assert.unreachable(at));
  }
});

test('found: an invalid regex with a line break is reported on one line', () => {
  renderOrRefuse({ ...base({ logs: true }), logs: { destinations: [loki], stages: [{ drop: { expression: '[\r\n' } }] } }, /^logs\.stages\[0\]\.drop\.expression: .*missing closing \]: `\[\\r\\n`$/, () => assert.unreachable());
});

test.run();
