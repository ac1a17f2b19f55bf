// The integration catalogue: one module per integration, keyed as the environment's `integrations`.
import { alloy } from './alloy.ts';
import { certManager } from './cert-manager.ts';
import { dcgmExporter } from './dcgm-exporter.ts';
import { etcd } from './etcd.ts';
import { grafana } from './grafana.ts';
import { istio } from './istio.ts';
import { loki } from './loki.ts';
import { mimir } from './mimir.ts';
import { mysql } from './mysql.ts';
import { postgresql } from './postgresql.ts';
import { redis } from './redis.ts';
import { tempo } from './tempo.ts';
import type { Integration, IntegrationName } from './types.ts';

export const integrations: Readonly<Record<IntegrationName, Integration>> = {
  alloy, 'cert-manager': certManager, 'dcgm-exporter': dcgmExporter, etcd, grafana, loki, mimir, tempo, istio, mysql, postgresql, redis,
};

export const integrationNames = Object.keys(integrations) as IntegrationName[];

export type { ExporterKind, InstanceSpec, Integration, IntegrationLogs, IntegrationName, LogLevelSource, PortRef } from './types.ts';
export { instancesOf, integrationComponent, resolveInstance } from './types.ts';
