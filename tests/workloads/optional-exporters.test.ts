// Kepler, OpenCost and windows-exporter: off by default; on, each workload's own pods are what its pipeline
// scrapes (under the job its dashboards select on, its allow-list on the cloud path only), each with exactly the
// privileges its comment names, and refused where it cannot run.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import type { Block } from '../../lib/alloy/ast.ts';
import { matchesRelabel } from '../../lib/alloy/re2.ts';
import type { DaemonSet, Deployment, NetworkPolicy, PodTemplateSpec } from '../../lib/k8s/types.gen.ts';
import type { Rendered } from '../../lib/render.ts';
import { alloyFiles, allowLists, ofKind, renderEnv, variant } from '../security/render.ts';
import { podTargets, relabel, scraped, type PodFixture } from '../pipelines/metrics/targets.ts';
import { attribute, refPaths, subBlocks, text } from '../pipelines/metrics/support.ts';

const on = variant({ kepler: { enabled: true }, opencost: { enabled: true }, windowsExporter: { enabled: true }, networkPolicies: true });
const rendered = renderEnv(on);

const workload = <T extends DaemonSet | Deployment>(r: Rendered, kind: string, name: string): T => {
  const found = ofKind<T>(r, kind).find((o) => o.metadata!.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
};
const template = (o: DaemonSet | Deployment): PodTemplateSpec => o.spec!.template;

/** The rendered pod template as discovery would see it: its labels and declared ports, in the stack's namespace. */
const asPod = (t: PodTemplateSpec): PodFixture => ({
  namespace: 'monitoring',
  labels: t.metadata!.labels!,
  containers: t.spec!.containers.map((c) => ({ name: c.name, ports: (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort })) })),
});

function component(r: Rendered, file: string, name: string, label: string): Block {
  const f = alloyFiles(r).get(`alloy-stack-alloy-metrics/${file}`);
  const found = f?.body.find((s): s is Block => s.kind === 'block' && s.name === name && s.label === label);
  if (found === undefined) throw new Error(`no ${name} "${label}" in ${file}`);
  return found;
}

test('off by default: none of the three is rendered or scraped', () => {
  const r = renderEnv(variant({}));
  const names = r.objects.map((o) => o.metadata.name);
  for (const part of ['kepler', 'opencost', 'windows-exporter']) assert.not.ok(names.some((n) => n?.includes(part)), part);
  assert.not.ok([...alloyFiles(r).keys()].some((k) => /(kepler|opencost|windows-exporter)\.alloy$/.test(k)));
});

const cases = [
  { part: 'kepler', kind: 'DaemonSet', file: 'kepler.alloy', label: 'kepler', job: 'integrations/kepler', port: 28282, listed: 'kepler_pod_cpu_watts' },
  { part: 'opencost', kind: 'Deployment', file: 'opencost.alloy', label: 'opencost', job: 'integrations/opencost', port: 9003, listed: 'node_total_hourly_cost' },
  { part: 'windows-exporter', kind: 'DaemonSet', file: 'windows-exporter.alloy', label: 'windows_exporter', job: 'integrations/windows-exporter', port: 9182, listed: 'windows_cpu_time_total' },
] as const;

for (const c of cases) {
  test(`${c.part}: its own pods on port ${c.port} are the one target, job ${c.job}, its allow-list on the cloud path only`, () => {
    const pod = asPod(template(workload(rendered, c.kind, `alloy-stack-${c.part}`)));
    const rules = subBlocks(component(rendered, c.file, 'discovery.relabel', c.label), 'rule');
    const kept = podTargets(pod).map((t) => scraped(relabel(rules, t))).filter((t) => t !== undefined);
    assert.equal(kept.map((t) => t!.__address__), [`10.0.0.7:${c.port}`]);
    // Another stack's exporter in the same namespace is not ours to scrape.
    const other = { ...pod, labels: { ...pod.labels, 'app.kubernetes.io/part-of': 'staging' } };
    assert.equal(podTargets(other).map((t) => scraped(relabel(rules, t))).filter((t) => t !== undefined), []);
    const scrape = component(rendered, c.file, 'prometheus.scrape', c.label);
    assert.is(text(attribute(scrape, 'job_name')), c.job);
    assert.equal(refPaths(attribute(scrape, 'forward_to')), ['prometheus.remote_write.local.receiver', `prometheus.relabel.${c.label}_remote.receiver`]);
    const keep = text(attribute(subBlocks(component(rendered, c.file, 'prometheus.relabel', `${c.label}_remote`), 'rule')[0]!, 'regex'))!;
    for (const metric of allowLists[c.part]!) assert.ok(matchesRelabel(keep, metric), `${metric} kept`);
    assert.ok(matchesRelabel(keep, c.listed));
    assert.not.ok(matchesRelabel(keep, 'go_goroutines'), 'the exporter\'s Go runtime series stay local');
  });
}

test('kepler: every name its dashboard queries at the levels it reports is on the allow-list', () => {
  const names = readFileSync(new URL('../../vendor/integrations/kepler-dashboard-metrics.txt', import.meta.url), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.ok(names.length >= 8);
  // The process and vm levels are off by default (kepler.metricsLevels): their series are not reported at all.
  const reported = names.filter((n) => !/^kepler_(process|vm)_/.test(n));
  assert.equal(reported.filter((n) => !allowLists.kepler!.some((entry) => matchesRelabel(entry, n))), []);
});

test('kepler: root with SYS_PTRACE only, hostPID, /sys and /proc read-only, the API-server pod informer and three levels', () => {
  const ds = workload<DaemonSet>(rendered, 'DaemonSet', 'alloy-stack-kepler');
  const pod = template(ds).spec!;
  const container = pod.containers[0]!;
  assert.is(pod.hostPID, true);
  assert.is(pod.hostNetwork, undefined);
  assert.equal(container.securityContext, {
    runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'], add: ['SYS_PTRACE'] }, seccompProfile: { type: 'RuntimeDefault' },
  });
  assert.ok(container.volumeMounts!.every((m) => m.readOnly === true));
  assert.equal(pod.volumes!.filter((v) => v.hostPath !== undefined).map((v) => v.hostPath!.path), ['/sys', '/proc']);
  assert.equal(pod.nodeSelector, { 'kubernetes.io/os': 'linux' });
  const cm = ofKind<{ metadata: { name: string }; data: Record<string, string> }>(rendered, 'ConfigMap').find((m) => m.metadata.name === 'alloy-stack-kepler')!;
  const settings = parseYaml(cm.data['config.yaml']!);
  assert.equal(settings.kube, { enabled: true, podInformer: { mode: 'apiserver' } });
  assert.equal(settings.exporter.prometheus.metricsLevel, ['node', 'pod', 'container']);
  assert.equal(settings.web.listenAddresses, [':28282']);
  assert.ok(container.args!.includes('--config.file=/etc/kepler/config.yaml'));
  // The config rolls the pods when it changes.
  const levels = renderEnv(variant({ kepler: { enabled: true, metricsLevels: ['node'] } }));
  assert.is.not(template(workload(levels, 'DaemonSet', 'alloy-stack-kepler')).metadata!.annotations!['checksum/config'], template(ds).metadata!.annotations!['checksum/config']);
});

test('opencost: queries the stack\'s own Prometheus Service, which admits it; a prometheusUrl replaces it; non-root', () => {
  const d = workload<Deployment>(rendered, 'Deployment', 'alloy-stack-opencost');
  const env = Object.fromEntries(template(d).spec!.containers[0]!.env!.map((e) => [e.name, e.value]));
  assert.is(env.PROMETHEUS_SERVER_ENDPOINT, 'http://alloy-stack-prometheus.monitoring.svc:9090');
  assert.ok(rendered.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'alloy-stack-prometheus'));
  assert.is(env.CLUSTER_ID, 'prod-eu-west-1');
  assert.is(env.PROM_CLUSTER_ID_LABEL, 'cluster');
  assert.is(template(d).spec!.containers[0]!.securityContext!.runAsNonRoot, true);
  const policy = ofKind<NetworkPolicy>(rendered, 'NetworkPolicy').find((p) => p.metadata!.name === 'alloy-stack-prometheus')!;
  const peers = policy.spec!.ingress![0]!.from!.map((f) => f.podSelector!.matchLabels!['app.kubernetes.io/name']);
  assert.equal(peers, ['alloy', 'opencost']);
  const external = renderEnv(variant({ opencost: { enabled: true, prometheusUrl: 'https://mimir.example.com/prometheus' }, networkPolicies: true }));
  const envOut = template(workload(external, 'Deployment', 'alloy-stack-opencost')).spec!.containers[0]!.env!;
  assert.is(envOut.find((e) => e.name === 'PROMETHEUS_SERVER_ENDPOINT')!.value, 'https://mimir.example.com/prometheus');
  const closed = ofKind<NetworkPolicy>(external, 'NetworkPolicy').find((p) => p.metadata!.name === 'alloy-stack-prometheus')!;
  assert.is(closed.spec!.ingress![0]!.from!.length, 1, 'no OpenCost peer when it queries elsewhere');
});

test('windows-exporter: HostProcess on Windows nodes only, the node\'s network, no API token, the collectors in its config', () => {
  const ds = workload<DaemonSet>(rendered, 'DaemonSet', 'alloy-stack-windows-exporter');
  const pod = template(ds).spec!;
  assert.equal(pod.nodeSelector, { 'kubernetes.io/os': 'windows' });
  assert.equal(pod.securityContext, { windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\system' } });
  assert.is(pod.hostNetwork, true);
  assert.is(pod.automountServiceAccountToken, false);
  const cm = ofKind<{ metadata: { name: string }; data: Record<string, string> }>(rendered, 'ConfigMap').find((m) => m.metadata.name === 'alloy-stack-windows-exporter')!;
  assert.is(parseYaml(cm.data['config.yml']!).collectors.enabled, 'cpu,container,logical_disk,memory,net,os');
  assert.not.ok(rendered.objects.some((o) => o.kind === 'ClusterRole' && o.metadata.name?.includes('windows-exporter')));
});

const refusal = (spec: Record<string, unknown>): string => {
  try {
    renderEnv(spec);
  } catch (error) {
    return String((error as Error).message);
  }
  throw new Error('expected a refusal');
};

test('refused where they cannot run or nothing would scrape them, naming the field', () => {
  assert.match(refusal(variant({ kepler: { enabled: true }, metrics: { enabled: false } })), 'kepler.enabled: metrics.enabled is false');
  assert.match(refusal(variant({ opencost: { enabled: true }, metrics: { opencost: { enabled: false } } })), 'opencost.enabled: metrics.opencost.enabled is false');
  assert.match(refusal(variant({ platform: 'gke-autopilot', kepler: { enabled: true } })), 'kepler.enabled: GKE Autopilot refuses hostPID');
  assert.match(refusal(variant({ platform: 'gke-autopilot', windowsExporter: { enabled: true } })), 'windowsExporter.enabled: GKE Autopilot refuses HostProcess');
  assert.match(refusal(variant({ platform: 'eks-fargate', kepler: { enabled: true } })), 'kepler.enabled: EKS Fargate runs no DaemonSets');
  assert.match(refusal(variant({ rbac: { mode: 'namespaced' }, opencost: { enabled: true } })), 'opencost.enabled: reads cluster-scoped objects');
});

test('OpenShift binds Kepler and windows-exporter to the privileged SCC; OpenCost keeps restricted-v2 (no fixed UID)', () => {
  const r = renderEnv(variant({ platform: 'openshift', kepler: { enabled: true }, opencost: { enabled: true }, windowsExporter: { enabled: true } }));
  const bindings = r.objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name);
  assert.ok(bindings.includes('alloy-stack-kepler-scc-privileged'), bindings.join());
  assert.ok(bindings.includes('alloy-stack-windows-exporter-scc-privileged'), bindings.join());
  const opencost = template(workload(r, 'Deployment', 'alloy-stack-opencost')).spec!;
  assert.is(opencost.securityContext!.runAsUser, undefined);
  assert.is(opencost.containers[0]!.securityContext!.runAsUser, undefined);
});

test.run();
