// Container resources: the environment's `resources` wins per part (requests, limits); the rest
// comes from the workload's defaults. Defaults set memory limits but no CPU limits: a CPU limit
// only throttles a scraper into missed scrapes, while a memory limit bounds the damage of a leak.
import type { Resources } from '../config/config.gen.ts';
import type { ResourceRequirements } from '../k8s/types.gen.ts';

export function resources(configured: Resources | undefined, defaults: Resources): ResourceRequirements {
  const requests = configured?.requests ?? defaults.requests;
  const limits = configured?.limits ?? defaults.limits;
  return {
    ...(requests === undefined ? {} : { requests: { ...requests } }),
    ...(limits === undefined ? {} : { limits: { ...limits } }),
  };
}
