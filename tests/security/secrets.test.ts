// No credential is ever written: an environment that inlines one is refused (naming the field, pointing
// at a Secret reference, never echoing the value), and the Secret names and keys an environment gives
// appear in the output only as secretKeyRef name/key, nowhere else, not even in a comment.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Expr } from '../../lib/alloy/ast.ts';
import { replace } from '../../lib/core/patch.ts';
import { isUserError } from '../../lib/errors.ts';
import type { EnvVar, PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { allBlocks, envFile, ofKind, parsedFiles, renderEnv, variant } from './render.ts';

const credential = 's3cr3t-value-q7z';
const metricsUrl = 'https://prometheus.example.net/api/prom/push';

/** Inline credentials, each refused at the field that holds it. */
const inline: [string, Record<string, unknown>, string][] = [
  ['auth.password', { cloud: { metrics: { url: metricsUrl, auth: replace({ password: credential }) } } }, 'cloud.metrics.auth.password'],
  ['auth.username and password', { logs: { destinations: [{ name: 'loki', url: 'http://loki/x', auth: { username: 'u', password: credential } }] } }, 'logs.destinations[0].auth.password'],
  ['a bearer token in auth', { cloud: { logs: { url: 'http://loki/x', auth: replace({ type: 'bearer', secret: 'cloud', token: credential }) } } }, 'cloud.logs.auth.token'],
  ['a token field', { cloud: { metrics: { url: metricsUrl, token: credential } } }, 'cloud.metrics.token'],
  ['an apiKey field', { logs: { destinations: [{ name: 'loki', url: 'http://loki/x', apiKey: credential }] } }, 'logs.destinations[0].apiKey'],
  ['an Authorization header', { cloud: { metrics: { url: metricsUrl, headers: { Authorization: `Bearer ${credential}` } } } }, 'cloud.metrics.headers.Authorization'],
  ['an authorization header, lower case', { logs: { destinations: [{ name: 'loki', url: 'http://loki/x', headers: { authorization: `Basic ${credential}` } }] } }, 'logs.destinations[0].headers.authorization'],
  ['an API key header', { cloud: { metrics: { url: metricsUrl, headers: { 'X-Api-Key': credential } } } }, 'cloud.metrics.headers["X-Api-Key"]'],
  ['an auth token header', { cloud: { logs: { url: 'http://loki/x', headers: { 'X-Auth-Token': credential } } } }, 'cloud.logs.headers["X-Auth-Token"]'],
  ['user:password@ in a URL', { cloud: { metrics: { url: `https://user:${credential}@prometheus.example.net/api/prom/push` } } }, 'cloud.metrics.url'],
  ['user:password@ in a destination URL', { logs: { destinations: [{ name: 'loki', url: `http://user:${credential}@loki/x` }] } }, 'logs.destinations[0].url'],
];

for (const [what, change, field] of inline) {
  test(`${what} is refused at ${field}, with a hint to reference a Secret and without echoing the value`, () => {
    try {
      renderEnv(variant(change));
    } catch (error) {
      assert.ok(isUserError(error), String(error));
      const lines = error.problems.filter((p) => p.startsWith(`${envFile}: ${field}: `));
      assert.ok(lines.length > 0, error.message);
      assert.match(lines.join('\n'), /credentials cannot be written .*Kubernetes Secret/);
      assert.not.ok(error.message.includes(credential), `the message repeats the credential: ${error.message}`);
      return;
    }
    assert.unreachable('rendered an environment with an inline credential');
  });
}

test('headers that carry no credential are still accepted', () => {
  const r = renderEnv(variant({ cloud: { metrics: { headers: { 'X-Scope-OrgID': 'tenant-a', 'X-Tokenizer-Mode': 'fast', 'X-Authored-By': 'sre' } } } }));
  assert.ok([...r.files.values()].some((text) => text.includes('X-Scope-OrgID')));
});

// ---- Secret references in the output --------------------------------------------------------

// Every marker ends in the same tag, so a search for the tag finds every use of every marker.
const tag = 'mk7q';
const m = {
  metricsSecret: `metrics-creds-${tag}`, metricsUser: `metrics.user-${tag}`, metricsPassword: `metrics_password_${tag}`, metricsToken: `metrics-token-${tag}`,
  logsSecret: `logs-creds-${tag}`, logsToken: `logs-token-${tag}`, logsUser: `logs-user-${tag}`, logsPassword: `logs-password-${tag}`,
  lokiSecret: `loki-creds-${tag}`, lokiUser: `loki.user.${tag}`, lokiPassword: `loki_password.${tag}`,
};
const allMarkers = Object.values(m);
const isSecretName = (s: string) => [m.metricsSecret, m.logsSecret, m.lokiSecret].includes(s);

const environments: Record<string, Record<string, unknown>> = {
  'basic metrics, bearer cloud logs, basic in-cluster Loki': {
    cloud: replace({
      metrics: { url: metricsUrl, auth: { secret: m.metricsSecret, usernameKey: m.metricsUser, passwordKey: m.metricsPassword } },
      logs: { url: 'https://logs.example.net/loki/api/v1/push', auth: { type: 'bearer', secret: m.logsSecret, tokenKey: m.logsToken } },
    }),
    logs: { destinations: [{ name: 'loki', url: 'http://loki/x', auth: { type: 'basic', secret: m.lokiSecret, usernameKey: m.lokiUser, passwordKey: m.lokiPassword } }] },
  },
  'bearer metrics, basic cloud logs': {
    cloud: replace({
      metrics: { url: metricsUrl, auth: { type: 'bearer', secret: m.metricsSecret, tokenKey: m.metricsToken } },
      logs: { url: 'https://logs.example.net/loki/api/v1/push', auth: { secret: m.logsSecret, usernameKey: m.logsUser, passwordKey: m.logsPassword } },
    }),
  },
};

/** Every string in a parsed document with its path. */
function strings(value: unknown, path: string[] = [], out: { path: string[]; value: string }[] = []) {
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, [...path, String(i)], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) strings(v, [...path, k], out);
  return out;
}

const count = (text: string, part: string) => text.split(part).length - 1;

function containers(r: Rendered) {
  return ['Deployment', 'StatefulSet', 'DaemonSet'].flatMap((kind) => ofKind<{ metadata: { name: string }; spec: { template: PodTemplateSpec } }>(r, kind))
    .map((w) => ({ workload: w.metadata.name, env: w.spec.template.spec!.containers.flatMap((c) => c.env ?? []) }));
}

for (const [name, change] of Object.entries(environments)) {
  test(`${name}: Secret names and keys appear only as secretKeyRef name and key`, () => {
    const r = renderEnv(variant(change));
    const found: string[] = [];
    for (const [file, doc] of parsedFiles(r)) {
      const uses = strings(doc).filter((s) => s.value.includes(tag));
      for (const { path, value } of uses) {
        const where = `${file}: ${path.join('.')}`;
        assert.equal(path.slice(-3, -1), ['valueFrom', 'secretKeyRef'], where);
        assert.ok(allMarkers.includes(value), `${where}: ${JSON.stringify(value)} is a marker, whole`);
        assert.is(path.at(-1), isSecretName(value) ? 'name' : 'key', where);
        found.push(value);
      }
      // The text has no use the parsed document does not (a comment, a key, part of another string).
      assert.is(count(r.files.get(file)!, tag), uses.length, `${file}: uses of the markers in the text`);
    }
    const configured = JSON.stringify(change).match(new RegExp(`[a-z._-]*${tag}`, 'g'))!;
    assert.equal([...new Set(found)].sort(), [...new Set(configured)].sort(), 'every configured reference is used');
  });

  test(`${name}: no Secret object, no credential literal, and Alloy reads every credential from a secretKeyRef variable`, () => {
    const r = renderEnv(variant(change));
    assert.equal(ofKind(r, 'Secret'), []);
    for (const [file, text] of r.files) {
      assert.not.match(text, /^\s*(-\s+)?["']?(password|passwd|token|bearer_token|api_?key|credentials)["']?\s*:/im, file);
      assert.not.match(text, /(password|credentials|bearer_token)\s*=\s*"/, `${file}: a string literal credential in Alloy`);
    }
    const fromSecrets = new Map<string, Set<string>>();
    for (const { workload, env } of containers(r)) {
      for (const e of env as EnvVar[]) {
        if (e.valueFrom?.secretKeyRef) (fromSecrets.get(workload) ?? fromSecrets.set(workload, new Set()).get(workload)!).add(e.name);
        else assert.ok(e.valueFrom?.fieldRef !== undefined, `${workload}: env ${e.name} is a literal value`);
      }
    }
    let credentials = 0;
    for (const { where, block } of allBlocks(r)) {
      if (block.name !== 'basic_auth' && block.name !== 'authorization') continue;
      for (const s of block.body) {
        if (s.kind !== 'attribute' || !['username', 'password', 'credentials'].includes(s.name)) continue;
        const value: Expr = s.value;
        assert.is(value.kind, 'call', `${where}: ${block.name}.${s.name}`);
        if (value.kind !== 'call') continue;
        assert.equal(value.fn, ['sys', 'env'], where);
        const variable = value.args[0]!.kind === 'string' ? value.args[0]!.value : '?';
        assert.ok(fromSecrets.get(where.split('/')[0]!)?.has(variable), `${where}: ${variable} comes from a secretKeyRef`);
        credentials++;
      }
    }
    assert.ok(credentials >= 3, `credentials read: ${credentials}`);
  });
}

test.run();
