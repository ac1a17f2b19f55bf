// The receiver's listening ports, one per enabled protocol. The pipeline binds its receivers to them and
// the workload exposes exactly these on the container, the Service and the NetworkPolicy, from one list.
import type { Config } from '../../config/config.gen.ts';

export type ReceiverProtocol = 'otlp-grpc' | 'otlp-http' | 'jaeger-grpc' | 'jaeger-http' | 'jaeger-compact' | 'zipkin' | 'pyroscope';

export interface ReceiverPort {
  /** Port name on the container and Service (at most 15 characters, an IANA service name). */
  name: ReceiverProtocol;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** The field of the environment that sets it, for error messages. */
  field: string;
}

export function receiverPorts(config: Config): ReceiverPort[] {
  const r = config.receiver;
  const all: (ReceiverPort & { enabled: boolean })[] = [
    { name: 'otlp-grpc', ...r.otlp.grpc, protocol: 'TCP', field: 'receiver.otlp.grpc.port' },
    { name: 'otlp-http', ...r.otlp.http, protocol: 'TCP', field: 'receiver.otlp.http.port' },
    { name: 'jaeger-grpc', ...r.jaeger.grpc, protocol: 'TCP', field: 'receiver.jaeger.grpc.port' },
    { name: 'jaeger-http', ...r.jaeger.thriftHttp, protocol: 'TCP', field: 'receiver.jaeger.thriftHttp.port' },
    // Jaeger clients send compact Thrift as UDP datagrams.
    { name: 'jaeger-compact', ...r.jaeger.thriftCompact, protocol: 'UDP', field: 'receiver.jaeger.thriftCompact.port' },
    { name: 'zipkin', ...r.zipkin, protocol: 'TCP', field: 'receiver.zipkin.port' },
    // Pyroscope SDKs push profiles over HTTP (pyroscope.receive_http).
    { name: 'pyroscope', ...r.profiles, protocol: 'TCP', field: 'receiver.profiles.port' },
  ];
  return all.filter((p) => p.enabled).map(({ enabled: _, ...p }) => p);
}

/** `0.0.0.0:<port>`: the receivers listen on the pod IP, which the Service sends to. */
export const listenOn = (port: number): string => `0.0.0.0:${port}`;

/** The ports of the OpenTelemetry receivers (traces, metrics, logs): every one but the profiles port. */
export const telemetryPorts = (ports: readonly ReceiverPort[]): ReceiverPort[] => ports.filter((p) => p.name !== 'pyroscope');
