// A realistic, valid set of rendered objects (Alloy metrics StatefulSet and everything it needs),
// fresh on every call so a test can break one field.
import type {
  ClusterRole, ClusterRoleBinding, ConfigMap, Namespace, NetworkPolicy, PodDisruptionBudget, Service, ServiceAccount, StatefulSet,
} from '../../lib/k8s/types.gen.ts';

export const CREDENTIALS = 'grafana-cloud-credentials'; // user-owned, never rendered

export function alloyStack() {
  const labels = { 'app.kubernetes.io/name': 'alloy-metrics', 'app.kubernetes.io/instance': 'prod' };
  const meta = (name: string) => ({ name, namespace: 'monitoring', labels: { ...labels, 'app.kubernetes.io/part-of': 'alloy-stack' } });

  const namespace: Namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } };
  const serviceAccount: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('alloy-metrics') };
  const configMap: ConfigMap = {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('alloy-config'),
    data: { 'config.alloy': 'prometheus.exporter.self "alloy" { }\n' },
  };
  const statefulSet: StatefulSet = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('alloy-metrics'),
    spec: {
      replicas: 2,
      serviceName: 'alloy-metrics',
      selector: { matchLabels: { ...labels } },
      template: {
        metadata: { labels: { ...labels }, annotations: { 'kubectl.kubernetes.io/default-container': 'alloy' } },
        spec: {
          serviceAccountName: 'alloy-metrics',
          securityContext: { runAsNonRoot: true, runAsUser: 473, fsGroup: 473, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [{
            name: 'alloy',
            image: 'grafana/alloy:v1.10.0',
            imagePullPolicy: 'IfNotPresent',
            args: ['run', '/etc/alloy/config.alloy', '--storage.path=/var/lib/alloy/data'],
            env: [{ name: 'CLOUD_TOKEN', valueFrom: { secretKeyRef: { name: CREDENTIALS, key: 'token' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            ports: [{ name: 'http-metrics', containerPort: 12345, protocol: 'TCP' }],
            readinessProbe: { httpGet: { path: '/-/ready', port: 'http-metrics' }, periodSeconds: 10 },
            resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: 1, memory: '2Gi' } },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [{ name: 'config', mountPath: '/etc/alloy' }, { name: 'data', mountPath: '/var/lib/alloy/data' }],
          }],
          volumes: [{ name: 'config', configMap: { name: 'alloy-config' } }],
          tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
    },
  };
  const service: Service = {
    apiVersion: 'v1', kind: 'Service', metadata: meta('alloy-metrics'),
    spec: { clusterIP: 'None', selector: { ...labels }, ports: [{ name: 'http-metrics', port: 12345, targetPort: 'http-metrics' }] },
  };
  const clusterRole: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'alloy-metrics', labels },
    rules: [
      { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'pods', 'services', 'endpoints'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ],
  };
  const clusterRoleBinding: ClusterRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alloy-metrics', labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'alloy-metrics' },
    subjects: [{ kind: 'ServiceAccount', name: 'alloy-metrics', namespace: 'monitoring' }],
  };
  const podDisruptionBudget: PodDisruptionBudget = {
    apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('alloy-metrics'),
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...labels } } },
  };
  const networkPolicy: NetworkPolicy = {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('alloy-metrics'),
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy-metrics' } },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ port: 'http-metrics', protocol: 'TCP' }] }],
    },
  };
  return { namespace, serviceAccount, configMap, statefulSet, service, clusterRole, clusterRoleBinding, podDisruptionBudget, networkPolicy };
}

export const EXTERNAL = { secrets: [CREDENTIALS], configMaps: [] };
