// Credentials redacted from pod log lines before they leave the cluster (logs.secretFilter). Two engines:
// `stages`, this file's RE2 rules as stage.replace in the pod log pipeline (generally available, and each
// rule is tested on sample lines), or `secretfilter`, Alloy's loki.secretfilter with its built-in Gitleaks
// rules, wider but public preview (the workload then runs with that stability level). Each rule captures
// only the credential, so the line around it stays readable.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { stage, type StageBlock } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';

export type SecretRule = Config['logs']['secretFilter']['rules'][number];

/** Each credential shape, as the issuer documents its format. */
export const secretRules: Readonly<Record<SecretRule, string>> = {
  // AWS access key IDs: AKIA (long-term) or ASIA (temporary) and 16 upper-case letters or digits.
  'aws-access-key': '\\b((?:AKIA|ASIA)[A-Z0-9]{16})\\b',
  // A JSON Web Token: three base64url parts, the first two JSON objects (so starting with eyJ).
  jwt: '(eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})',
  // A PEM private key, from its header to its footer (or the end of the line).
  'private-key': '(-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$))',
  // GitHub tokens: ghp_/gho_/ghu_/ghs_/ghr_ and 36 characters, or fine-grained github_pat_.
  'github-token': '\\b((?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}))\\b',
  // Grafana Cloud access policy tokens (glc_) and Grafana service account tokens (glsa_).
  'grafana-token': '\\b((?:glc|glsa)_[A-Za-z0-9_+/=-]{20,})',
  // Slack bot, user, app and refresh tokens.
  'slack-token': '\\b(xox[abposr]-[A-Za-z0-9-]{10,})',
  // The credential of an Authorization header or field written into a line (Bearer, Basic, Token).
  'authorization-header': '(?i)authorization["\']?\\s*[:=]\\s*["\']?(?:bearer|basic|token)\\s+([A-Za-z0-9._~+/=-]+)',
};

/** With engine `stages`: one stage.replace per rule, for the pod log pipeline. */
export function secretFilterStages(config: Config): StageBlock[] {
  const f = config.logs.secretFilter;
  if (!f.enabled || f.engine !== 'stages') return [];
  return f.rules.map((rule) => stage.replace({ expression: secretRules[rule], replace: f.redactWith }));
}

/** With engine `secretfilter`: loki.secretfilter in front of the destinations; undefined otherwise. */
export function secretFilterComponent(config: Config, forwardTo: readonly Ref<'LogsReceiver'>[]): Component<{ receiver: Ref<'LogsReceiver'> }> | undefined {
  const f = config.logs.secretFilter;
  if (!f.enabled || f.engine !== 'secretfilter') return undefined;
  return catalogued('loki.secretfilter', 'default', { forward_to: forwardTo, redact_with: f.redactWith }, (d) => ({ receiver: d.ref<'LogsReceiver'>('receiver') }));
}
