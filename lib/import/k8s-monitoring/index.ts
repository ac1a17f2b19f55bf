// k8s-monitoring 3.x values: one section per values section, in the order their fields print. To map
// a new key, extend the section that owns it (or add a section here); the final pass in import.ts
// reports every key no section recorded.
import type { Section } from '../context.ts';
import { applicationObservability } from './application-observability.ts';
import { autoInstrumentation } from './auto-instrumentation.ts';
import { annotationAutodiscovery } from './autodiscovery.ts';
import { cluster, globalImages } from './cluster.ts';
import { clusterEvents } from './cluster-events.ts';
import { clusterMetrics } from './cluster-metrics.ts';
import { collectorSettings } from './collectors.ts';
import { destinations } from './destinations.ts';
import { otherFeatures } from './features.ts';
import { integrations } from './integrations.ts';
import { nodeLogs } from './node-logs.ts';
import { operatorObjects } from './operator-objects.ts';
import { podLogsObjects } from './pod-logs-objects.ts';
import { profiling } from './profiling.ts';
import { rbac } from './rbac.ts';
import { podLogs, podLogsViaKubernetesApi } from './pod-logs.ts';

export const k8sMonitoringSections: Section[] = [
  cluster,
  globalImages,
  rbac,
  clusterMetrics,
  annotationAutodiscovery,
  operatorObjects,
  podLogs,
  podLogsViaKubernetesApi,
  podLogsObjects,
  nodeLogs,
  clusterEvents,
  destinations,
  applicationObservability,
  autoInstrumentation,
  profiling,
  integrations,
  collectorSettings,
  otherFeatures,
];
