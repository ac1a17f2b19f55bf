// Annotation autodiscovery: a pod (or Service) fixture per annotation, run through the rendered
// relabel rules with Alloy's semantics, must become exactly the expected scrape target.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Block } from '../../../lib/alloy/ast.ts';
import { checkGraph } from '../../../lib/alloy/graph.ts';
import { attribute, components, fileNames, refPaths, render, subBlocks, text } from './support.ts';
import { endpointSliceTargets, podTargets, relabel, rulesOf, scraped, type PodFixture, type ServiceFixture, type Target } from './targets.ts';

function rendered(autodiscovery: Record<string, unknown> = {}, patch: Record<string, unknown> = {}) {
  const config = render({ ...patch, metrics: { ...(patch.metrics as object ?? {}), autodiscovery: { enabled: true, ...autodiscovery } } });
  const find = (id: string) => components(config).find((c) => c.id === id)?.block;
  return { config, pods: find('discovery.relabel.autodiscovery_pods'), services: find('discovery.relabel.autodiscovery_services'), scrape: find('prometheus.scrape.autodiscovery') };
}

const defaults = rendered();

/** The scrape targets a pod fixture becomes. */
function podScrapes(pod: PodFixture, rules: Block = defaults.pods!): Target[] {
  return podTargets(pod).map((t) => scraped(relabel(rulesOf(rules), t))).filter((t): t is Target => t !== undefined);
}

function serviceScrapes(service: ServiceFixture, rules: Block = defaults.services!): Target[] {
  return endpointSliceTargets(service).map((t) => scraped(relabel(rulesOf(rules), t))).filter((t): t is Target => t !== undefined);
}

const scrape = { 'k8s.grafana.com/scrape': 'true' };
const identity = { namespace: 'shop', pod: 'web-0', container: 'web' };

test('off by default; on, it renders autodiscovery.alloy with pods and EndpointSlices into one clustered scrape', () => {
  assert.not.ok(fileNames(render()).includes('autodiscovery.alloy'));
  assert.ok(fileNames(defaults.config).includes('autodiscovery.alloy'));
  assert.equal(checkGraph(defaults.config.files), []);
  assert.equal(refPaths(attribute(defaults.pods!, 'targets')), ['discovery.kubernetes.pods.targets']);
  assert.equal(refPaths(attribute(defaults.services!, 'targets')), ['discovery.kubernetes.endpointslices.targets']);
  assert.equal(refPaths(attribute(defaults.scrape!, 'targets')), [
    'discovery.relabel.autodiscovery_pods.output', 'discovery.relabel.autodiscovery_services.output',
  ]);
  assert.is(text(attribute(defaults.scrape!, 'job_name')), 'integrations/autodiscovery');
  assert.is(subBlocks(defaults.scrape!, 'clustering').length, 1);
  assert.is(attribute(defaults.scrape!, 'bearer_token_file'), undefined, 'no token unless asked for');
  assert.equal(refPaths(attribute(defaults.scrape!, 'forward_to')), ['prometheus.remote_write.local.receiver', 'prometheus.relabel.autodiscovery_remote.receiver']);
});

test('scrape: only pods annotated "true" become targets', () => {
  assert.equal(podScrapes({}), []);
  assert.equal(podScrapes({ annotations: { 'k8s.grafana.com/scrape': 'false' } }), []);
  assert.equal(podScrapes({ annotations: scrape }), [{ __address__: '10.0.0.7:8080', ...identity }]);
});

test('job: the annotation wins over app.kubernetes.io/name, which wins over app', () => {
  assert.equal(podScrapes({ annotations: { ...scrape, 'k8s.grafana.com/job': 'shop/web' }, labels: { app: 'a', 'app.kubernetes.io/name': 'b' } })[0]!.job, 'shop/web');
  assert.equal(podScrapes({ annotations: scrape, labels: { app: 'a', 'app.kubernetes.io/name': 'b' } })[0]!.job, 'b');
  assert.equal(podScrapes({ annotations: scrape, labels: { app: 'a' } })[0]!.job, 'a');
  assert.equal(podScrapes({ annotations: scrape })[0]!.job, undefined, 'the scrape job_name applies');
});

test('instance: the annotation sets it', () => {
  assert.equal(podScrapes({ annotations: { ...scrape, 'k8s.grafana.com/instance': 'primary' } })[0]!.instance, 'primary');
});

const twoContainers: PodFixture['containers'] = [
  { name: 'web', ports: [{ name: 'http', port: 8080 }] },
  { name: 'sidecar', ports: [{ name: 'metrics', port: 9090 }, { name: 'admin', port: 9091 }] },
];

test('metrics.container: only that container\'s ports; unset, every container\'s', () => {
  assert.equal(podScrapes({ annotations: { ...scrape, 'k8s.grafana.com/metrics.container': 'sidecar' }, containers: twoContainers })
    .map((t) => t.__address__), ['10.0.0.7:9090', '10.0.0.7:9091']);
  assert.is(podScrapes({ annotations: scrape, containers: twoContainers }).length, 3);
});

test('metrics.portName: only the port of that name', () => {
  assert.equal(podScrapes({ annotations: { ...scrape, 'k8s.grafana.com/metrics.portName': 'metrics' }, containers: twoContainers }),
    [{ __address__: '10.0.0.7:9090', namespace: 'shop', pod: 'web-0', container: 'sidecar' }]);
});

test('metrics.portNumber: the address uses that port, declared or not, IPv4 and IPv6', () => {
  const annotations = { ...scrape, 'k8s.grafana.com/metrics.portNumber': '9102' };
  assert.equal(podScrapes({ annotations }).map((t) => t.__address__), ['10.0.0.7:9102']);
  assert.equal(podScrapes({ annotations, containers: [{ name: 'web' }] }).map((t) => t.__address__), ['10.0.0.7:9102']);
  assert.equal(podScrapes({ annotations, ip: 'fd00::7' }).map((t) => t.__address__), ['[fd00::7]:9102']);
});

test('metrics.path, metrics.scheme, metrics.scrapeInterval and metrics.scrapeTimeout become the scrape settings', () => {
  const [t] = podScrapes({ annotations: {
    ...scrape, 'k8s.grafana.com/metrics.path': '/stats/prometheus', 'k8s.grafana.com/metrics.scheme': 'https',
    'k8s.grafana.com/metrics.scrapeInterval': '15s', 'k8s.grafana.com/metrics.scrapeTimeout': '5s',
  } });
  assert.equal(t, { __address__: '10.0.0.7:8080', __metrics_path__: '/stats/prometheus', __scheme__: 'https', __scrape_interval__: '15s', __scrape_timeout__: '5s', ...identity });
});

test('metrics.param_<name>: a URL parameter of the scrape', () => {
  const [t] = podScrapes({ annotations: { ...scrape, 'k8s.grafana.com/metrics.param_module': 'http_2xx', 'k8s.grafana.com/metrics.param_target': 'db' } });
  assert.is(t!.__param_module, 'http_2xx');
  assert.is(t!.__param_target, 'db');
});

test('https targets skip certificate verification (with the reason in the file); http targets ignore tls_config', () => {
  const tls = subBlocks(defaults.scrape!, 'tls_config')[0]!;
  assert.equal(attribute(tls, 'insecure_skip_verify'), { kind: 'bool', value: true });
});

test('the prefix is configurable: prometheus.io with its usual /port, /path and /scheme', () => {
  const { pods } = rendered({ prefix: 'prometheus.io' });
  const annotations = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9102', 'prometheus.io/path': '/m', 'prometheus.io/scheme': 'https' };
  assert.equal(podScrapes({ annotations }, pods), [{ __address__: '10.0.0.7:9102', __metrics_path__: '/m', __scheme__: 'https', ...identity }]);
  assert.equal(podScrapes({ annotations: scrape }, pods), [], 'the default prefix no longer applies');
  // Both spellings set: the metrics.* one wins.
  assert.equal(podScrapes({ annotations: { ...annotations, 'prometheus.io/metrics.path': '/long' } }, pods)[0]!.__metrics_path__, '/long');
});

test('only running app containers: pending pods and init containers are not scraped', () => {
  assert.equal(podScrapes({ annotations: scrape, phase: 'Pending' }), []);
  const [target] = podTargets({ annotations: scrape });
  assert.is(relabel(rulesOf(defaults.pods!), { ...target!, __meta_kubernetes_pod_container_init: 'true' }), undefined);
});

test('namespaces include and exclude, and label selectors', () => {
  const { pods } = rendered({ namespaces: { include: ['shop', 'blog'], exclude: ['blog'] }, labels: { team: 'payments', canary: '' } });
  const labels = { team: 'payments', canary: '' };
  assert.is(podScrapes({ annotations: scrape, labels }, pods).length, 1);
  assert.is(podScrapes({ annotations: scrape, labels, namespace: 'blog' }, pods).length, 0, 'excluded');
  assert.is(podScrapes({ annotations: scrape, labels, namespace: 'kube-system' }, pods).length, 0, 'not included');
  assert.is(podScrapes({ annotations: scrape, labels: { team: 'search', canary: '' } }, pods).length, 0, 'label value');
  assert.is(podScrapes({ annotations: scrape, labels: { team: 'payments' } }, pods).length, 0, 'empty value needs the label present');
});

test('a pod annotated and also matched by an app pipeline is scraped once, by the app', () => {
  // The prod-like config has the traefik app: pods labelled app.kubernetes.io/name=traefik, port 9100.
  const pod: PodFixture = {
    labels: { 'app.kubernetes.io/name': 'traefik' },
    annotations: scrape,
    containers: [{ name: 'traefik', ports: [{ name: 'metrics', port: 9100 }, { name: 'web', port: 8000 }] }],
  };
  const app = components(defaults.config).find((c) => c.id === 'discovery.relabel.traefik')!.block;
  const byApp = podTargets(pod).filter((t) => relabel(rulesOf(app), t) !== undefined).map((t) => t.__address__);
  const byAnnotation = podScrapes(pod).map((t) => t.__address__);
  assert.equal(byApp, ['10.0.0.7:9100']);
  assert.equal(byAnnotation, ['10.0.0.7:8000'], 'the app\'s port is left to the app; the other declared port is still the annotation\'s');
  // Without the app, the annotation scrapes both ports.
  const { pods } = rendered({}, { metrics: { apps: [] } });
  assert.equal(podScrapes(pod, pods).map((t) => t.__address__), ['10.0.0.7:9100', '10.0.0.7:8000']);
});

test('the stack\'s own exporters are left to their built-in pipelines', () => {
  const pod: PodFixture = {
    namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'kube-state-metrics', 'app.kubernetes.io/part-of': 'alloy-stack' }, annotations: scrape,
    containers: [{ name: 'kube-state-metrics', ports: [{ name: 'http-metrics', port: 8080 }] }],
  };
  assert.equal(podScrapes(pod), []);
  const { pods } = rendered({}, { metrics: { kubeStateMetrics: { enabled: false } } });
  assert.is(podScrapes(pod, pods).length, 1, 'with the built-in off, the annotation applies');
});

const serviceScrape = { 'k8s.grafana.com/scrape': 'true' };

test('Services: each ready endpoint is a target, with service, pod and container labels', () => {
  const service: ServiceFixture = {
    annotations: serviceScrape,
    pods: [{ name: 'web-0', ip: '10.0.0.7' }, { name: 'web-1', ip: '10.0.0.8' }, { name: 'web-2', ip: '10.0.0.9', ready: false }],
  };
  assert.equal(serviceScrapes(service), [
    { __address__: '10.0.0.7:8080', namespace: 'shop', service: 'web', pod: 'web-0', container: 'web' },
    { __address__: '10.0.0.8:8080', namespace: 'shop', service: 'web', pod: 'web-1', container: 'web' },
  ]);
  assert.equal(serviceScrapes({ pods: [{}] }), [], 'not annotated');
});

test('Services: portName, portNumber (and /port), path, scheme, params, job and instance', () => {
  const ports = [{ name: 'http', port: 8080 }, { name: 'metrics', port: 9090 }];
  assert.equal(serviceScrapes({ ports, annotations: { ...serviceScrape, 'k8s.grafana.com/metrics.portName': 'metrics' } }).map((t) => t.__address__), ['10.0.0.7:9090']);
  assert.equal(serviceScrapes({ ports, annotations: { ...serviceScrape, 'k8s.grafana.com/metrics.portNumber': '9090' } }).map((t) => t.__address__), ['10.0.0.7:9090']);
  assert.equal(serviceScrapes({ ports, annotations: { ...serviceScrape, 'k8s.grafana.com/port': '8080' } }).map((t) => t.__address__), ['10.0.0.7:8080']);
  const [t] = serviceScrapes({ labels: { app: 'web' }, annotations: {
    ...serviceScrape, 'k8s.grafana.com/metrics.path': '/m', 'k8s.grafana.com/metrics.scheme': 'https', 'k8s.grafana.com/metrics.param_format': 'prometheus',
    'k8s.grafana.com/instance': 'shop-web', 'k8s.grafana.com/metrics.scrapeInterval': '30s', 'k8s.grafana.com/metrics.scrapeTimeout': '20s',
  } });
  assert.equal(t, {
    __address__: '10.0.0.7:8080', __metrics_path__: '/m', __scheme__: 'https', __param_format: 'prometheus', __scrape_interval__: '30s', __scrape_timeout__: '20s',
    instance: 'shop-web', job: 'web', namespace: 'shop', service: 'web', pod: 'web-0', container: 'web',
  });
});

test('a pod annotated itself and behind an annotated Service is scraped once, by the pod rules', () => {
  const pod = { annotations: scrape };
  assert.is(podScrapes(pod).length, 1);
  assert.equal(serviceScrapes({ annotations: serviceScrape, pods: [pod] }), []);
  // With pod discovery off, the Service's rules take it.
  const { services } = rendered({ pods: false });
  assert.is(serviceScrapes({ annotations: serviceScrape, pods: [pod] }, services!).length, 1);
});

test('pods or Services can be turned off, both off renders nothing; the Service watch is only there when used', () => {
  assert.equal(rendered({ services: false }).services, undefined);
  assert.not.ok(components(rendered({ services: false }).config).some((c) => c.id === 'discovery.kubernetes.endpointslices'));
  assert.equal(rendered({ pods: false }).pods, undefined);
  assert.not.ok(fileNames(rendered({ pods: false, services: false }).config).includes('autodiscovery.alloy'));
});

test('bearerToken sends the ServiceAccount token, with a comment saying to whom', () => {
  const { scrape: s } = rendered({ bearerToken: true });
  assert.is(text(attribute(s!, 'bearer_token_file')), '/var/run/secrets/kubernetes.io/serviceaccount/token');
});

test('metricsTuning.autodiscovery tunes its cloud path; with no default list only target health crosses', () => {
  const cloud = (c: ReturnType<typeof rendered>) => components(c.config).find((x) => x.id === 'prometheus.relabel.autodiscovery_remote')!.block;
  const keep = (b: Block) => text(attribute(subBlocks(b, 'rule')[0]!, 'regex'));
  assert.is(keep(cloud(defaults)), 'up|scrape_samples_scraped');
  assert.is(keep(cloud(rendered({}, { metricsTuning: { autodiscovery: { includeMetrics: ['http_requests_total'] } } }))), 'up|scrape_samples_scraped|http_requests_total');
});

test.run();
