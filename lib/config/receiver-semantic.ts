// Cross-field checks of the receiver and the trace destinations: what the schema alone cannot say.
import type { Config } from './config.gen.ts';
import { receiverPorts, telemetryPorts } from '../pipelines/traces/receiver-ports.ts';

type Path = (string | number)[];

/** Alloy's own HTTP port on every Alloy pod (UI, /metrics, probes). */
const alloyServerPort = 12345;

export function receiverProblems(config: Config, problem: (path: Path, message: string) => void): void {
  const names = new Set<string>();
  config.traces.destinations.forEach((d, i) => {
    const at: Path = ['traces', 'destinations', i];
    if (names.has(d.name)) problem([...at, 'name'], `duplicate destination name "${d.name}"`);
    names.add(d.name);
    if (d.url === undefined) problem([...at, 'url'], d.protocol === 'grpc' ? 'required: the gRPC endpoint as host:port, e.g. "tempo-distributor.tempo:4317"' : 'required: the base URL, e.g. "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp"');
    else if (d.protocol === 'http' && !/^https?:\/\//.test(d.url)) problem([...at, 'url'], `"${d.url}" is not an http(s) URL; protocol http sends to a base URL like "https://host/otlp"`);
    if (d.auth?.type === 'oauth2') problem([...at, 'auth', 'type'], 'oauth2 is not offered for OTLP destinations; use basic, bearer or sigv4');
    // otelcol.auth.sigv4 signs with the AWS SDK's credential chain only: it has no key arguments.
    if (d.auth?.type === 'sigv4' && d.auth.secret !== undefined) problem([...at, 'auth', 'secret'], 'an OTLP exporter signs with the pod\'s AWS identity (IRSA, EKS Pod Identity, instance role), optionally assuming roleArn; static keys have no field there');
    // The otlphttp client has a proxy URL only; the gRPC client reads HTTPS_PROXY from the environment.
    if (d.proxy !== undefined && d.protocol !== 'http') problem([...at, 'proxy'], 'a gRPC exporter takes its proxy from the pod\'s HTTPS_PROXY variable (set it with an override); use protocol: "http" for a per-destination proxy');
    if (d.proxy !== undefined && (d.proxy.noProxy !== undefined || d.proxy.connectHeaders !== undefined)) problem([...at, 'proxy'], 'an OTLP exporter takes only the proxy url (noProxy and connectHeaders are for the Prometheus, Loki and Pyroscope clients)');
    if (d.insecure && d.tls !== undefined) problem([...at, 'insecure'], 'insecure sends plain text, so tls cannot be set with it; remove one');
  });

  const r = config.receiver;
  if (!r.enabled) return;
  const ports = receiverPorts(config);
  if (ports.length === 0) problem(['receiver'], 'enabled is true but every receiver is off; turn on receiver.otlp.grpc (or another) or set enabled: false');
  const taken = new Map<string, string>([[`TCP/${alloyServerPort}`, "Alloy's own server port"]]);
  for (const p of ports) {
    const key = `${p.protocol}/${p.port}`;
    const other = taken.get(key);
    if (other !== undefined) problem(p.field.split('.'), `port ${p.port} is already taken by ${other}; choose another`);
    else taken.set(key, p.field);
  }
  const ts = r.tailSampling;
  if (ts.enabled) {
    if (ts.policies.length === 0) problem(['receiver', 'tailSampling', 'policies'], 'tail sampling is on, so at least one policy is needed (a trace no policy keeps is dropped)');
    const seen = new Set<string>();
    ts.policies.forEach((p, i) => {
      if (seen.has(p.name)) problem(['receiver', 'tailSampling', 'policies', i, 'name'], `duplicate policy name "${p.name}"`);
      seen.add(p.name);
      if ('latency' in p && p.latency.upperThresholdMs !== undefined && p.latency.upperThresholdMs <= p.latency.thresholdMs) {
        problem(['receiver', 'tailSampling', 'policies', i, 'latency', 'upperThresholdMs'], `${p.latency.upperThresholdMs} is not above thresholdMs ${p.latency.thresholdMs}`);
      }
    });
    // In-process sampling decides per receiver pod: with several, one trace's spans are split between
    // pods and each decides on a fragment.
    const several = r.kind === 'DaemonSet' || r.replicas > 1;
    if (!ts.loadBalancing && several) {
      problem(['receiver', 'tailSampling', 'loadBalancing'], `false samples in each of ${r.kind === 'DaemonSet' ? 'the DaemonSet\'s pods' : `${r.replicas} receiver replicas`}, so one trace's spans are decided apart; keep loadBalancing on (a sampling tier behind a headless Service) or run one receiver replica`);
    }
  }
  const metricsGoSomewhere = config.metrics.enabled || config.traces.destinations.some((d) => d.signals.includes('metrics'));
  for (const [key, on] of [['spanMetrics', r.spanMetrics.enabled], ['serviceGraph', r.serviceGraph.enabled]] as const) {
    if (on && !metricsGoSomewhere) problem(['receiver', key, 'enabled'], 'its metrics need a destination: turn metrics on (the local Prometheus) or give a traces destination signals: ["metrics"]');
  }
  if (!r.otlp.grpc.enabled && !r.otlp.http.enabled && config.traces.destinations.some((d) => !d.signals.includes('traces'))) {
    // Jaeger and Zipkin carry spans only: a metrics- or logs-only destination would get nothing.
    problem(['receiver', 'otlp'], 'only Jaeger/Zipkin receivers are on, which carry spans only, but a destination takes only metrics or logs; turn on an OTLP receiver');
  }

  // Every signal the receiver takes needs somewhere to go: spans with no exporter would be dropped unseen.
  // A receiver of pushed profiles only (every OpenTelemetry port off) needs none.
  if (telemetryPorts(ports).length > 0 && !config.traces.destinations.some((d) => d.signals.includes('traces'))) {
    problem(['traces', 'destinations'], 'the receiver is on, so at least one destination must take traces (signals includes "traces"), or applications\' spans are lost');
  }
}
