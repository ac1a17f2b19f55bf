// AKS: Azure runs the control plane, and only the API server is reachable from the cluster. kube-scheduler,
// kube-controller-manager and etcd are not exposed (https://learn.microsoft.com/en-us/azure/aks/monitor-aks-reference,
// control plane metrics are offered only through Azure Monitor's managed Prometheus). So those scrapes are off.
import type { Platform } from './platform.ts';

export const aks: Platform = {
  source: 'https://learn.microsoft.com/en-us/azure/aks/control-plane-metrics-monitor',
  defaults: {
    metrics: { controlPlane: { kubeScheduler: { enabled: false }, kubeControllerManager: { enabled: false }, etcd: { enabled: false } } },
  },
  problems(config) {
    const cp = config.metrics.controlPlane;
    if (!cp.enabled) return [];
    const managed = [
      ['kubeScheduler', cp.kubeScheduler.enabled], ['kubeControllerManager', cp.kubeControllerManager.enabled], ['etcd', cp.etcd.enabled],
    ] as const;
    return managed.filter(([, on]) => on).map(([name]) => `metrics.controlPlane.${name}.enabled: AKS runs ${name} managed, out of the cluster's reach; only the API server can be scraped`);
  },
};
