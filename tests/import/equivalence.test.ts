// Semantic equivalence: each shared example that imports with no unsupported key is rendered, and its
// Alloy graph compared with the chart's own rendered Alloy files (parsed, not diffed as text): job names,
// discovery, allow-listed names per source on the way out, writers (URL, tenant, headers), log stages.
// Every difference that remains must be one of the deliberate ones below, each with its reason.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environmentText, importValues, unsupportedCount } from '../../lib/import/import.ts';
import { parseValues } from '../../lib/import/values.ts';
import { alloyFacts, factDifferences } from '../support/alloy-facts.ts';
import { libImport, renderImported, writeImported } from '../support/imported.ts';

const examples = '/work/shared/data/k8s-monitoring-3.8.12-examples';
const clean = ['features/cluster-events/default', 'features/node-logs/default', 'features/pod-logs/default', 'platforms/gke-autopilot',
  'features/annotation-autodiscovery/default', 'features/cluster-metrics/control-plane-monitoring', 'metrics-tuning', 'platforms/eks-fargate', 'scalability/autoscaling',
  'features/integrations/cert-manager', 'features/integrations/grafana', 'features/integrations/loki', 'features/integrations/mysql',
  'features/application-observability/default', 'features/application-observability/tail-sampling', 'auth/embedded-secrets'];
// Clean but not compared here: features/pod-logs/multiline and features/pod-logs-objects (the chart reads its Loki tenant from the Secret it
// creates, so its writer's tenant is an expression, not the literal this comparison needs).

// The chart's relabel component of each source -> this library's component name.
const chartSource: Record<string, string> = {
  kubelet: 'kubelet', kubelet_resources: 'resources', cadvisor: 'cadvisor', kube_state_metrics: 'kube-state-metrics', node_exporter: 'node-exporter', alloy: 'alloy',
};
const ourSource = (label: string) => (label.endsWith('_remote') ? label.slice(0, -'_remote'.length).replace(/_/g, '-') : undefined);

const deliberate: { difference: RegExp; reason: string }[] = [
  { difference: /^writer: \+prometheus\.remote_write "http:\/\/alloy-stack-prometheus\.monitoring\.svc:9090\/api\/v1\/write"$/, reason: 'this project keeps every series in its local Prometheus' },
  { difference: /^job: \+integrations\/prometheus$/, reason: 'the local Prometheus is scraped too (it does not exist in the chart)' },
  { difference: /^allow-list prometheus: only here$/, reason: 'the local Prometheus self-scrape has its own cloud allow-list' },
  { difference: /^job: -integrations\/kubernetes\/kubernetes_monitoring_telemetry$/, reason: 'no usage report to Grafana (selfReporting is ignored)' },
  { difference: /^discovery: -role=endpoints selectors\(role="endpoints" label="app\.kubernetes\.io\/name=kube-state-metrics,release=k8smon"\)/, reason: 'the stack deploys its own kube-state-metrics and finds it among the shared pod targets, not by Helm release label' },
  { difference: /^discovery: -role=pod selectors\(role="pod" field=string\.join\(coalesce\(argument\.field_selectors/, reason: 'the chart\'s Alloy integration module discovers pods itself; here the Alloy self-scrape uses the shared pods discovery' },
  { difference: /^discovery: \+role=pod$/, reason: 'one shared pods discovery (targets.alloy) feeds every pod-based pipeline' },
  { difference: /^log stages: -match match>cri match>labels match match>docker match>labels label_drop structured_metadata label_keep$/, reason: 'the chart picks CRI or Docker parsing per container at run time; here logs.containerRuntime fixes it per cluster (containerd: CRI)' },
  { difference: /^log stages: \+cri structured_metadata label_keep$/, reason: 'the same pod-log pipeline, with the runtime fixed (see above) and this library\'s labels to keep' },
  { difference: /^log stages: -static_labels logfmt labels match match>labels match match>static_labels structured_metadata label_keep labels$/, reason: 'events are written as they come, with the cluster label added by the writer: no logfmt field extraction' },
  { difference: /^log stages: -static_labels match match>regex match>replace/, reason: 'journal entries keep their own fields; no klog/logfmt level detection stages' },
  { difference: /^allow-list (kubelet|kube-state-metrics|cadvisor|resources|node-exporter|alloy): [-+]/, reason: 'allow-lists/<component>.yaml is this project\'s own list, reviewed on its own (metricsTuning adds or removes names)' },
  { difference: /^job: -integrations\/windows-exporter$|^discovery: -role=pod selectors\(role="pod" label="app\.kubernetes\.io\/name=windows-exporter,release=k8smon"\)/, reason: 'Windows nodes have no pipeline here (the importer cannot tell whether the cluster has any; on Linux-only nodes the chart\'s job finds no targets)' },
  { difference: /^discovery: -role=pod selectors\(role="pod" label="app\.kubernetes\.io\/name=node-exporter,release=k8smon"\)/, reason: 'the stack deploys its own node-exporter and finds it among the shared pod targets, not by Helm release label' },
  { difference: /^discovery: -role=(pod|endpointslice) selectors\(role="(pod|endpointslice)" label="(component=kube-controller-manager|component=kube-scheduler|k8s-app=kube-proxy|kubernetes\.io\/service-name=kube-dns|kubernetes\.io\/service-name=kubernetes|app\.kubernetes\.io\/component=etcd)"\)/, reason: 'control-plane pods and Services are picked by label from the shared pods and EndpointSlice discoveries, not each by its own discovery' },
  { difference: /^discovery: \+role=endpointslice$/, reason: 'one shared EndpointSlice discovery feeds the Service-based pipelines (control plane, autodiscovery)' },
  { difference: /^discovery: -role=service$/, reason: 'annotated Services are scraped at each ready endpoint (from the shared EndpointSlice discovery), not at the Service address' },
  { difference: /^job: \+integrations\/autodiscovery$/, reason: 'the fallback job of autodiscovered targets that name none (the chart\'s scrape leaves Alloy\'s component-name default)' },
  { difference: /^allow-list (kube-apiserver|kube-controller-manager|kube-scheduler|kube-proxy|coredns|etcd): only here$/, reason: 'the chart sends every control-plane series; here allow-lists/<component>.yaml limits what crosses to the cloud (the import notes it at metrics.controlPlane)' },
  { difference: /^log stages: -match match>cri match>labels match match>docker match>labels label_drop structured_metadata$/, reason: 'through the Kubernetes API the lines come without the runtime\'s file framing: no CRI/Docker parsing stages here' },
  { difference: /^log stages: \+structured_metadata label_keep$/, reason: 'the API-gathered pipeline with this library\'s labels to keep' },
  { difference: /^discovery: -role=pod selectors\(role="pod" label="app\.kubernetes\.io\/name=cert-manager"\)$/, reason: 'an integration\'s pods are picked by label from the shared pods discovery, not by a discovery of their own' },
  { difference: /^allow-list integration-(cert-manager|grafana|loki|mysql)-[a-z0-9-]+: only here$/, reason: 'the chart sends every series of an integration; here allow-lists/integration-<name>.yaml limits what crosses to the cloud' },
  { difference: /^log stages: -match match>cri match>labels match match>docker match>labels label_drop structured_metadata match match>match match>match>logfmt match>match>labels match>match>timestamp match>match>replace match>match>drop label_keep$/, reason: 'the chart\'s integration log stages make the level an index label and rewrite timestamps; here the level and the integration\'s fields go to structured metadata (lib/pipelines/logs/integration-logs.ts), with the runtime fixed per cluster' },
  { difference: /^log stages: \+cri match match>logfmt match>structured_metadata structured_metadata label_keep$/, reason: 'the same pod-log pipeline with the integration\'s level and fields as structured metadata (see above)' },
  { difference: /^job: \+integrations\/mysql$/, reason: 'the chart sets its exporter\'s job with a relabel rule, integration/mysql by default; here the scrape\'s job is integrations/mysql, the job the mysqld-mixin dashboards select on (the import notes it)' },
  { difference: /^log stages: -match match>cri match>labels match match>docker match>labels label_drop structured_metadata match match>regex match>labels match>drop match>static_labels match>label_drop label_keep$/, reason: 'the chart makes mysqld\'s level, error code and subsystem index labels; here the level goes to structured metadata (lib/pipelines/logs/integration-logs.ts), with the runtime fixed per cluster' },
  { difference: /^log stages: \+cri match match>regex match>structured_metadata structured_metadata label_keep$/, reason: 'the same pod-log pipeline with mysqld\'s level as structured metadata (see above)' },
  { difference: /^allow-list alloy: only here$/, reason: 'the chart\'s Alloy integration keeps every series; here the Alloy self-scrape has an allow-list' },
];

if (!existsSync(examples)) {
  console.warn(`\n!!! ${examples} is absent: the semantic equivalence test over the chart's examples is SKIPPED !!!\n`);
  test.skip('semantic equivalence with the chart (data folder absent)', () => {});
} else {
  for (const id of clean) {
    test(`${id}: the imported environment does what the chart does, but for the deliberate differences`, async () => {
      const dir = path.join(examples, id);
      const result = importValues({ values: parseValues(readFileSync(path.join(dir, 'values.yaml'), 'utf8'), id), file: id });
      assert.is(unsupportedCount(result), 0);
      const out = await renderImported(writeImported('import-equivalence', id.replace(/[^a-z0-9]+/gi, '-'), environmentText(result, id, { libImport })));
      const ours = out.objects.filter((o) => o.kind === 'ConfigMap')
        .flatMap((o) => Object.entries((o as { data?: Record<string, string> }).data ?? {}).filter(([k]) => k.endsWith('.alloy')).map(([, v]) => v));
      const chart = readdirSync(dir).filter((f) => f.endsWith('.alloy')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
      const chartFacts = alloyFacts(chart, (label) => chartSource[label]);
      const ourFacts = alloyFacts(ours, ourSource);
      const unexplained = factDifferences(chartFacts, ourFacts).filter((d) => !deliberate.some((rule) => rule.difference.test(d)));
      assert.equal(unexplained, [], 'every difference from the chart is a deliberate one');
      // The chart's writers (URL, tenant, headers) are all here.
      for (const writer of chartFacts.writers) assert.ok(ourFacts.writers.has(writer), `writer ${writer}`);
      // Less the two jobs the deliberate differences above explain (telemetry, Windows nodes).
      for (const job of chartFacts.jobs) {
        if (!job.endsWith('kubernetes_monitoring_telemetry') && job !== 'integrations/windows-exporter') assert.ok(ourFacts.jobs.has(job), `job ${job}`);
      }
    });
  }
}

test.run();
