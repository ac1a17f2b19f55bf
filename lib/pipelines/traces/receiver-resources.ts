// The receiver container's resources, shared by the workload (what Kubernetes enforces) and the
// pipeline (memory_limiter is sized from the same memory limit, so the two cannot drift apart).
import type { Config, Resources } from '../../config/config.gen.ts';

/** Spans are buffered in batches and queues: memory, not CPU, is what a burst exhausts. */
export const receiverDefaultResources: Resources = { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } };

export function receiverResources(config: Config): Resources {
  return {
    requests: config.receiver.resources?.requests ?? receiverDefaultResources.requests,
    limits: config.receiver.resources?.limits ?? receiverDefaultResources.limits,
  };
}
