// All features: every switch the library has, turned on, so the whole surface is rendered, checked by
// `--check` and benchmarked. Each new feature switches itself on here.
import { environment } from '../lib/index.ts';
import { allFeaturesExtraConfig } from './alloy/all-features-extra.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'all-features',
  clusterName: 'all-features',
  // The object-name prefix (lib/config/names.ts), spelled out: a second stack in this namespace picks its own.
  instance: 'alloy-stack',
  // Every image from the company mirror, Alloy pinned by digest.
  images: {
    registry: 'registry.example.com/mirror',
    pullSecrets: ['mirror-pull'],
    alloy: 'docker.io/grafana/alloy@sha256:0f3c1a4d5e6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
  },
  // Fleet Management adds the pipelines it assigns to every collector, beside the rendered ones.
  fleetManagement: {
    enabled: true,
    url: 'https://fleet-management-prod-011.grafana.net',
    auth: { secret: 'fleet-management', usernameKey: 'instance-id', passwordKey: 'token' },
    attributes: { team: 'platform' },
  },
  // The load the collectors are sized for: the export warns when their resources fall below it.
  sizing: { activeSeries: 400_000, logBytesPerSecondPerNode: 256 * 1024 },
  // Recommendations for every workload (kubectl describe vpa), applied to none: alloy-metrics scales out on
  // memory (alloyMetrics.autoscaling), and an active VPA on it would fight that. Capped so advice stays schedulable.
  verticalAutoscaling: { enabled: true, updateMode: 'Off', maxAllowed: { cpu: '4', memory: '8Gi' }, controlledValues: 'RequestsOnly' },
  metrics: {
    // No source reads the scratch namespace; cAdvisor also leaves out the node leases' namespace.
    namespaces: { exclude: ['scratch'] },
    cadvisor: { namespaces: { exclude: ['scratch', 'kube-node-lease'] } },
    // The owning team and product on every series of the apps, integrations and annotated pods.
    // ...and on cAdvisor's and kube-state-metrics' per-pod series (experimental in Alloy: the export says so).
    enrichment: { podLabels: { team: 'example.com/team' }, namespaceLabels: { product: 'example.com/product' }, seriesAboutPods: true },
    // Besides the local Prometheus (everything) and cloud.metrics (allow-listed, from prod).
    destinations: [
      {
        // A regional Mimir: every series of two namespaces, unfiltered, over mTLS with OAuth2.
        name: 'mimir-eu',
        url: 'https://mimir.eu.example.com/api/v1/push',
        tenantId: 'platform',
        auth: {
          type: 'oauth2', secret: 'mimir-oauth', clientId: 'alloy', clientSecretKey: 'client-secret',
          tokenUrl: 'https://login.example.com/oauth2/token', scopes: ['metrics.write'],
        },
        tls: { secret: 'mimir-tls', caKey: 'ca.crt', certKey: 'tls.crt', keyKey: 'tls.key', minVersion: 'TLS13' },
        filter: 'none',
        route: { namespaces: ['payments', 'checkout'] },
        externalLabels: { region: 'eu' },
        proxy: { url: 'http://proxy.internal:3128', noProxy: ['10.0.0.0/8', '.svc'] },
        protocol: 'v2',
        remoteTimeout: '20s',
        queue: { capacity: 5000, maxShards: 20, maxSamplesPerSend: 1000, maxBackoff: '10s', walMaxKeepalive: '2h' },
      },
      {
        // Amazon Managed Prometheus: only kube-state-metrics and cAdvisor, its own allow-list tuning.
        name: 'amp',
        url: 'https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-0123/api/v1/remote_write',
        auth: { type: 'sigv4', region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/amp-writer' },
        route: { components: ['kube-state-metrics', 'cadvisor'] },
        metricsTuning: { cadvisor: { useDefaultAllowList: false, includeMetrics: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'] } },
      },
      {
        // A vendor whose URL and bearer token live in the platform team's namespace.
        name: 'vendor',
        urlFrom: { secret: 'vendor-endpoint', namespace: 'platform-secrets', key: 'url' },
        auth: { type: 'bearer', secret: 'vendor-endpoint', namespace: 'platform-secrets', tokenKey: 'token' },
        headers: { 'X-Source': 'alloy-stack' },
      },
    ],
    // Which liveness/readiness/startup probe fails, per container (the kubelet's /metrics/probes).
    kubeletProbes: { enabled: true },
    // Zone, region, node pool, instance type, OS and architecture on every node-scoped series.
    nodeLabels: { enabled: true },
    autodiscovery: { enabled: true },
    // ServiceMonitors, PodMonitors and Probes of every namespace but kube-system (ScrapeConfigs, experimental in
    // Alloy, stay off: they would raise the whole workload's stability level).
    operatorObjects: { enabled: true, namespaces: { exclude: ['kube-system'] } },
    controlPlane: { enabled: true, etcd: { enabled: true, clientCertificate: { secret: 'etcd-client' } } },
  },
  logs: {
    // Every label source; team and zone stay stream labels, the rest go to structured metadata.
    podLabels: { team: 'example.com/team' },
    podAnnotations: { environment: 'example.com/environment' },
    namespaceLabels: { product: 'example.com/product' },
    nodeLabels: { zone: 'topology.kubernetes.io/zone' },
    labelsToKeep: ['app', 'cluster', 'container', 'job', 'namespace', 'service_name', 'stream', 'team', 'zone'],
    nodeLogs: { enabled: true, units: ['kubelet.service', 'containerd.service'] },
    // PodLogs objects of namespaces that opt in.
    podLogsObjects: { enabled: true, namespaceLabels: { 'logs.example.com/podlogs': 'enabled' } },
    // Warnings only, not from kube-system, without the noisiest reason; written as JSON.
    events: { enabled: true, types: ['Warning'], excludeNamespaces: ['kube-system'], excludeReasons: ['DNSConfigForming'], logFormat: 'json' },
    // Credentials redacted from pod log lines before they leave the cluster (this project's RE2 rules).
    secretFilter: { enabled: true },
    // Metrics from log lines: every line counted, and the HTTP 5xx of access logs.
    stages: [
      { regex: { expression: '" (?P<status>[1-5][0-9][0-9]) ' } },
      { metrics: [{ name: 'log_lines_total', type: 'counter', matchAll: true }, { name: 'http_5xx_total', type: 'counter', source: 'status', value: '500' }] },
    ],
    destinations: [
      {
        // The payments team's Loki: its namespaces only, tenant from the namespace's `team` label.
        name: 'team-loki',
        url: 'https://loki.payments.example.com/loki/api/v1/push',
        tenantId: 'shared',
        auth: { secret: 'team-loki', namespace: 'payments', usernameKey: 'username', passwordKey: 'password' },
        route: { namespaces: ['payments', 'checkout'], tenantFromNamespaceLabel: 'team' },
        batch: { size: '2MiB', wait: '2s' },
        retry: { minBackoff: '1s', maxBackoff: '1m', maxRetries: 20 },
      },
      {
        // Security's Loki: only pods labelled for audit, over a private CA.
        name: 'audit',
        url: 'https://loki.security.example.com/loki/api/v1/push',
        auth: { type: 'bearer', secret: 'audit-loki', tokenKey: 'token' },
        tls: { secret: 'audit-ca', caKey: 'ca.crt' },
        route: { podLabels: { 'audit.example.com/enabled': 'true' } },
        externalLabels: { source: 'k8s' },
      },
      {
        // An archive Loki that gets everything but the noisy namespaces, through the egress proxy.
        name: 'archive',
        url: 'https://loki-archive.example.com/loki/api/v1/push',
        auth: {
          type: 'oauth2', secret: 'archive-oauth', clientId: 'alloy-logs', clientSecretKey: 'client-secret',
          tokenUrl: 'https://login.example.com/oauth2/token',
        },
        route: { excludeNamespaces: ['kube-system', 'monitoring'] },
        proxy: { url: 'http://proxy.internal:3128', connectHeaders: { 'X-Proxy-Client': 'alloy' } },
      },
    ],
  },
  // Every integration with its default instances; the databases also through Alloy's own exporters,
  // their connection strings (redis: the password) from Secrets.
  integrations: {
    alloy: { enabled: true },
    'cert-manager': { enabled: true },
    'dcgm-exporter': { enabled: true },
    etcd: { enabled: true },
    grafana: { enabled: true },
    loki: { enabled: true },
    mimir: { enabled: true },
    tempo: { enabled: true },
    istio: { enabled: true },
    mysql: {
      enabled: true,
      instances: [
        { name: 'mysql', namespaces: ['shop'] },
        { name: 'orders-db', exporter: { secret: 'orders-mysql', key: 'dsn' } },
      ],
    },
    postgresql: {
      enabled: true,
      instances: [
        { name: 'postgresql' },
        { name: 'billing-db', exporter: { secret: 'billing-postgres', key: 'dsn' }, scrapeInterval: '30s' },
      ],
    },
    redis: {
      enabled: true,
      instances: [
        { name: 'redis' },
        { name: 'sessions', exporter: { secret: 'sessions-redis', key: 'password', address: 'redis-sessions.shop.svc:6379' } },
      ],
    },
  },
  // User Alloy beyond what the library models: OTLP traces, Alloy's own node exporter, ServiceMonitors.
  alloyMetrics: {
    extraConfig: allFeaturesExtraConfig,
    // Sized for sizing.activeSeries by scripts/size.ts, scaled out on memory as the series grow.
    resources: { requests: { cpu: '100m', memory: '2253Mi' }, limits: { memory: '3380Mi' } },
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 80 },
    // The collectors may also run on the nodes set aside for monitoring (tainted, labelled pool=monitoring).
    tolerations: [{ key: 'dedicated', value: 'monitoring', effect: 'NoSchedule' }],
  },
  // Two shards, each reporting half of the objects (a StatefulSet), each scraped: for clusters whose objects one
  // replica cannot list within a scrape. Without autosharding, replicas are for availability, scraped through the Service.
  kubeStateMetrics: { replicas: 2, autosharding: true, tolerations: [{ key: 'dedicated', value: 'monitoring', effect: 'NoSchedule' }] },
  // The optional exporters: energy per pod (Kepler, node, pod and container levels only), cost per workload
  // (OpenCost, querying the local Prometheus) and the Windows nodes (windows-exporter, with the service collector).
  kepler: { enabled: true },
  opencost: { enabled: true, nodeSelector: { 'kubernetes.io/arch': 'amd64' } },
  windowsExporter: { enabled: true, collectors: ['cpu', 'container', 'logical_disk', 'memory', 'net', 'os', 'service'] },
  alloyLogs: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '768Mi' } } },
  // Application telemetry: every receiver on, its processors configured, spans to Tempo (in-cluster
  // gRPC) and to Grafana Cloud's OTLP gateway (HTTP, basic auth), which also takes OTLP metrics and logs.
  receiver: {
    // Profiles pushed by Pyroscope SDKs, to the profiles destinations.
    profiles: { enabled: true },
    enabled: true,
    replicas: 2,
    jaeger: { grpc: { enabled: true }, thriftHttp: { enabled: true }, thriftCompact: { enabled: true } },
    zipkin: { enabled: true },
    k8sattributes: { podLabels: ['app.kubernetes.io/name', 'team'], podAnnotations: ['owner'] },
    filter: { spans: ['attributes["http.route"] == "/healthz"'] },
    transform: { spans: ['delete_key(attributes, "http.request.header.authorization")'] },
    spanMetrics: { enabled: true, dimensions: ['http.request.method'] },
    serviceGraph: { enabled: true },
    // Two receivers, so sampling runs in its own tier behind the trace-ID load balancer.
    tailSampling: {
      enabled: true,
      replicas: 2,
      policies: [
        { name: 'errors', statusCode: { codes: ['ERROR'] } },
        { name: 'slow', latency: { thresholdMs: 2000 } },
        { name: 'checkout', attribute: { key: 'service.name', values: ['checkout'] } },
        { name: 'baseline', probabilistic: { percentage: 10 } },
      ],
    },
  },
  // OTLP metrics reach the local Prometheus whole; to the cloud only what is named here (plus target health).
  metricsTuning: { otlp: { includeMetrics: ['http_server_request_duration_seconds_.*', 'traces_spanmetrics_.*'] } },
  traces: {
    destinations: [
      { name: 'tempo', url: 'tempo-distributor.tempo.svc:4317', insecure: true, tenantId: 'platform' },
      {
        name: 'grafana-cloud-otlp',
        protocol: 'http',
        url: 'https://otlp-gateway-prod-eu-west-2.grafana.net/otlp',
        signals: ['traces', 'metrics', 'logs'],
        auth: { secret: 'grafana-cloud-otlp', usernameKey: 'instance-id', passwordKey: 'token' },
        queue: { queueSize: 5000, numConsumers: 10 },
        retry: { maxElapsedTime: '5m' },
      },
      // An in-cluster OpenTelemetry Collector that takes every series, scraped ones too (converted in alloy-metrics).
      { name: 'otel-collector', url: 'otel-collector.observability.svc:4317', insecure: true, signals: ['metrics'], scrapedMetrics: 'all' },
    ],
  },
  // Continuous profiling: every source on, so alloy-profiles carries the union of their privileges.
  profiling: {
    ebpf: { enabled: true, namespaces: { exclude: ['kube-system'] } },
    // JVMs opt in (profiles.grafana.com/java.enabled: "true"): attaching async-profiler is not free.
    java: { enabled: true, namespaces: { include: ['payments'] }, targeting: 'annotation' },
    pprof: { enabled: true, types: ['cpu', 'memory', 'goroutine'], scrapeInterval: '30s' },
  },
  profiles: {
    destinations: [
      { name: 'pyroscope', url: 'http://pyroscope.pyroscope.svc:4040', tenantId: 'platform' },
      {
        name: 'grafana-cloud-profiles',
        url: 'https://profiles-prod-001.grafana.net',
        auth: { secret: 'grafana-cloud-profiles', usernameKey: 'instance-id', passwordKey: 'token' },
        externalLabels: { env: 'prod' },
      },
    ],
  },
  // Beyla: RED metrics and spans of the shop's HTTP services, with trace context propagated between them.
  beyla: {
    enabled: true,
    namespaces: ['shop', 'payments'],
    openPorts: '80,8000-8999',
    metrics: { features: ['application', 'application_service_graph'] },
    traces: { enabled: true, contextPropagation: true },
  },
});
