// One change to the environment, and the printed Alloy files change exactly where they should and
// nowhere else. The expected lines are written out here, so a reviewer sees what each knob does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffLines } from 'diff';
import { print } from '../../../lib/alloy/print.ts';
import type { AlloyConfig } from '../../../lib/pipelines/alloy-config.ts';
import { logsAlloyConfig } from '../../../lib/pipelines/logs/index.ts';
import { prodLikeSpec, withLogs } from './configs.ts';

type Spec = Record<string, unknown>;

// The prod-like environment without namespace exclusions, so adding one shows its whole rule.
const base = (): Spec => {
  const spec = prodLikeSpec();
  (spec.logs as Spec).namespaces = { exclude: [] };
  return spec;
};
const daemon = (change: (logs: Spec) => void = () => {}) => logsAlloyConfig(withLogs(change, base()));

/**
 * `<file> -<line>` / `<file> +<line>` for every changed line, files matched by name, sorted: the
 * line multiset is what matters, not where the diff algorithm chooses to align repeated lines.
 */
function changedLines(before: AlloyConfig, after: AlloyConfig): string[] {
  const text = (config: AlloyConfig) => new Map(config.files.map((f) => [f.name, print(f.file)]));
  const a = text(before);
  const b = text(after);
  const out: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    for (const part of diffLines(a.get(name) ?? '', b.get(name) ?? '')) {
      if (!part.added && !part.removed) continue;
      for (const line of part.value.replace(/\n$/, '').split('\n')) out.push(`${name} ${part.added ? '+' : '-'}${line}`);
    }
  }
  return out.sort();
}

const assertChanged = (actual: string[], expected: string[]) => assert.equal(actual, [...expected].sort());

test('structuredMetadata off: only the structured_metadata stage goes', () => {
  assertChanged(changedLines(daemon(), daemon((logs) => { logs.structuredMetadata = false; })), [
    'pod-logs.alloy -\tstage.structured_metadata {',
    'pod-logs.alloy -\t\tvalues = {',
    'pod-logs.alloy -\t\t\tpod = "",',
    'pod-logs.alloy -\t\t}',
    'pod-logs.alloy -\t}',
    'pod-logs.alloy -',
  ]);
});

test('a second destination: one new loki.write, and each source forwards to it too', () => {
  const after = daemon((logs) => {
    logs.destinations = [{ name: 'local-loki', url: 'http://loki.logging.svc:3100/loki/api/v1/push', tenantId: 'platform' }];
  });
  assertChanged(changedLines(daemon(), after), [
    'pod-logs.alloy -\tforward_to = [loki.write.cloud.receiver]',
    'pod-logs.alloy +\tforward_to = [loki.write.cloud.receiver, loki.write.local_loki.receiver]',
    'node-logs.alloy -\tforward_to = [loki.write.cloud.receiver]',
    'node-logs.alloy +\tforward_to = [loki.write.cloud.receiver, loki.write.local_loki.receiver]',
    'log-destinations.alloy +',
    'log-destinations.alloy +loki.write "local_loki" {',
    'log-destinations.alloy +\texternal_labels = {',
    'log-destinations.alloy +\t\tcluster = "prod-eu-west-1",',
    'log-destinations.alloy +\t}',
    'log-destinations.alloy +',
    'log-destinations.alloy +\tendpoint {',
    'log-destinations.alloy +\t\turl       = "http://loki.logging.svc:3100/loki/api/v1/push"',
    'log-destinations.alloy +\t\ttenant_id = "platform"',
    'log-destinations.alloy +\t}',
    'log-destinations.alloy +}',
  ]);
});

test('a namespace excluded: one drop rule, before any label is built', () => {
  assertChanged(changedLines(daemon(), daemon((logs) => { logs.namespaces = { exclude: ['kube-node-lease'] }; })), [
    'pod-logs.alloy +\trule {',
    'pod-logs.alloy +\t\tsource_labels = ["__meta_kubernetes_namespace"]',
    'pod-logs.alloy +\t\tregex         = "kube-node-lease"',
    'pod-logs.alloy +\t\taction        = "drop"',
    'pod-logs.alloy +\t}',
    'pod-logs.alloy +',
  ]);
});

test('probe dropping disabled: only the health_probe drop stage goes', () => {
  assertChanged(changedLines(daemon(), daemon((logs) => { logs.dropProbeLogs = { enabled: false }; })), [
    'pod-logs.alloy -\tstage.drop {',
    'pod-logs.alloy -\t\texpression          = "(?i)(kube-probe/|GET /(healthz?|livez|readyz|ready|health|actuator/health|ping)\\\\b)"',
    'pod-logs.alloy -\t\tdrop_counter_reason = "health_probe"',
    'pod-logs.alloy -\t}',
    'pod-logs.alloy -',
  ]);
});

test.run();
