// Cross-field checks of the receiver and the trace destinations: what the schema alone cannot say.
import type { Config } from './config.gen.ts';
import { receiverPorts } from '../pipelines/traces/receiver-ports.ts';

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
    if (d.auth?.type === 'oauth2' || d.auth?.type === 'sigv4') problem([...at, 'auth', 'type'], `${d.auth.type} is not offered for OTLP destinations; use basic or bearer`);
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
  // Every signal the receiver takes needs somewhere to go: spans with no exporter would be dropped unseen.
  if (!config.traces.destinations.some((d) => d.signals.includes('traces'))) {
    problem(['traces', 'destinations'], 'the receiver is on, so at least one destination must take traces (signals includes "traces"), or applications\' spans are lost');
  }
}
