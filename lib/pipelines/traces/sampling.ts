// Tail sampling. A policy decides on a whole trace, so every span of one trace must reach the same
// sampler. With more than one receiver that cannot be left to chance: the receiver tier routes spans by
// trace ID with otelcol.exporter.loadbalancing, resolving the sampling tier's pods through its headless
// Service, and each sampler replica decides only the traces it owns. Without load balancing the
// receiver samples in process, which the config check allows only for a single receiver replica.
import type { Ref } from '../../alloy/ast.ts';
import { file } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { otelcol, type OtelcolExports } from '../../alloy/components/otelcol.ts';
import type { TailSamplingPolicyConfig } from '../../alloy/components/arguments.gen.ts';
import type { Config, SamplingPolicy } from '../../config/config.gen.ts';
import type { AlloyConfig } from '../alloy-config.ts';
import { otlpDestinations, withExporters } from './destinations.ts';
import { listenOn } from './receiver-ports.ts';
import { objectName, type Naming } from '../../config/names.ts';

/** The port the sampling tier receives OTLP gRPC on, from the receiver tier only. */
export const samplerPort = 4317;
export const samplingFileName = 'sampling.alloy';

/** The headless Service's DNS name: it resolves to every ready sampler pod's IP. */
export const samplerHost = (config: Naming & { namespace: string }): string => `${objectName(config, 'alloySampler')}.${config.namespace}.svc.cluster.local`;

function policy(p: SamplingPolicy): TailSamplingPolicyConfig {
  if ('statusCode' in p) return { name: p.name, type: 'status_code', status_code: { status_codes: [...p.statusCode.codes] } };
  if ('latency' in p) return { name: p.name, type: 'latency', latency: { threshold_ms: p.latency.thresholdMs, upper_threshold_ms: p.latency.upperThresholdMs } };
  if ('probabilistic' in p) return { name: p.name, type: 'probabilistic', probabilistic: { sampling_percentage: p.probabilistic.percentage } };
  return {
    name: p.name,
    type: 'string_attribute',
    string_attribute: { key: p.attribute.key, values: [...p.attribute.values], enabled_regex_matching: p.attribute.regex || undefined, invert_match: p.attribute.invert || undefined },
  };
}

export function tailSampler(config: Config, traces: Ref<'OtelConsumer'>[]): Component<OtelcolExports> {
  const ts = config.receiver.tailSampling;
  return otelcol('otelcol.processor.tail_sampling', 'default', {
    decision_wait: ts.decisionWait,
    policy: ts.policies.map(policy),
    output: { traces },
  });
}

/** The receiver tier's side: spans of one trace to one sampler pod. */
export function loadBalancer(config: Config): Component<OtelcolExports> {
  return otelcol('otelcol.exporter.loadbalancing', 'sampler', {
    routing_key: 'traceID',
    resolver: { dns: { hostname: samplerHost(config), port: String(samplerPort) } },
    // Pod to pod inside the namespace, admitted by the sampler's NetworkPolicy from Alloy pods only.
    protocol: { otlp: { client: { tls: { insecure: true } } } },
  });
}

/** The sampling tier's configuration; undefined unless tail sampling runs in its own tier. */
export function samplerAlloyConfig(config: Config): AlloyConfig | undefined {
  const r = config.receiver;
  if (!r.enabled || !r.tailSampling.enabled || !r.tailSampling.loadBalancing) return undefined;
  const destinations = otlpDestinations(config);
  const batch = otelcol('otelcol.processor.batch', 'default', { timeout: r.batch.timeout, send_batch_size: r.batch.sendBatchSize, output: { traces: destinations.inputs.traces } });
  const sampler = tailSampler(config, [batch.exports.input]);
  const receiver = otelcol('otelcol.receiver.otlp', 'default', { grpc: { endpoint: listenOn(samplerPort) }, output: { traces: [sampler.exports.input] } });
  // Only the trace exporters: the sampling tier sees spans, nothing else.
  const exporters = withExporters(destinations, destinations.inputs.traces);
  return {
    files: [
      { name: samplingFileName, file: file([receiver.block, sampler.block, batch.block]) },
      ...(exporters === undefined ? [] : [exporters]),
    ],
    rbac: [],
    secretEnv: destinations.secretEnv,
    hostMounts: [],
    secretReads: destinations.secretReads,
  };
}
