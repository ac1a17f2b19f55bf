// What a user's Alloy (extraConfig) reads from the Kubernetes API, derived from the components it runs, so its
// workload's ClusterRole grants exactly that: without it a pasted discovery.kubernetes or prometheus.operator.*
// block loads and then fails every list with 403, which is silent data loss again. Read-only verbs only; Secrets
// only by name, in their namespace (remote.kubernetes.secret).
import type { AlloyFile, Block, Statement } from './ast.ts';
import type { RbacRule, SecretRead } from '../pipelines/alloy-config.ts';

export interface ApiAccess {
  rules: RbacRule[];
  secretReads: SecretRead[];
  /** `file:line`-free problems: a component whose access depends on a value only known at run time. */
  problems: string[];
}

const read = (apiGroup: string, ...resources: string[]): RbacRule => ({ apiGroups: [apiGroup], resources, verbs: ['get', 'list', 'watch'] });

const roleResources: Record<string, RbacRule[]> = {
  pod: [read('', 'pods')],
  service: [read('', 'services')],
  endpoints: [read('', 'endpoints', 'services', 'pods')],
  endpointslice: [read('discovery.k8s.io', 'endpointslices'), read('', 'services', 'pods')],
  node: [read('', 'nodes')],
  ingress: [read('networking.k8s.io', 'ingresses')],
};

// Components whose access does not depend on their arguments.
const fixed: Record<string, RbacRule[]> = {
  'prometheus.operator.podmonitors': [read('monitoring.coreos.com', 'podmonitors'), read('', 'pods')],
  'prometheus.operator.probes': [read('monitoring.coreos.com', 'probes'), read('networking.k8s.io', 'ingresses')],
  'prometheus.operator.scrapeconfigs': [read('monitoring.coreos.com', 'scrapeconfigs')],
  'loki.source.kubernetes': [read('', 'pods'), { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }],
  'loki.source.kubernetes_events': [read('', 'events')],
  'loki.source.podlogs': [read('monitoring.grafana.com', 'podlogs'), read('', 'pods', 'namespaces'), { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }],
  'mimir.rules.kubernetes': [read('monitoring.coreos.com', 'prometheusrules'), read('', 'namespaces')],
};

function literal(block: Block, name: string): string | boolean | undefined {
  const found = block.body.find((s): s is Extract<Statement, { kind: 'attribute' }> => s.kind === 'attribute' && s.name === name);
  if (found === undefined) return undefined;
  const value = found.value;
  return value.kind === 'string' || value.kind === 'bool' ? value.value : '<expression>';
}

const subBlock = (block: Block, name: string) => block.body.find((s): s is Block => s.kind === 'block' && s.name === name);

export function apiAccess(files: readonly { name: string; file: AlloyFile }[]): ApiAccess {
  const out: ApiAccess = { rules: [], secretReads: [], problems: [] };
  const walk = (statements: readonly Statement[], where: string) => {
    for (const s of statements) {
      if (s.kind !== 'block') continue;
      const id = `${where}: ${s.name}${s.label === undefined ? '' : ` "${s.label}"`}`;
      if (s.name === 'discovery.kubernetes') {
        const role = literal(s, 'role');
        const rules = typeof role === 'string' ? roleResources[role] : undefined;
        if (rules === undefined) out.problems.push(`${id}: role must be a literal (pod, service, endpoints, endpointslice, node or ingress) so that its RBAC can be granted`);
        else out.rules.push(...rules);
        const attach = subBlock(s, 'attach_metadata');
        if (attach !== undefined && literal(attach, 'node') === true) out.rules.push(read('', 'nodes'));
        if (attach !== undefined && literal(attach, 'namespace') === true) out.rules.push(read('', 'namespaces'));
      } else if (s.name === 'prometheus.operator.servicemonitors') {
        const role = literal(s, 'kubernetes_role');
        out.rules.push(read('monitoring.coreos.com', 'servicemonitors'), ...(role === 'endpointslice' ? roleResources.endpointslice! : roleResources.endpoints!));
      } else if (s.name === 'remote.kubernetes.secret') {
        const namespace = literal(s, 'namespace');
        const name = literal(s, 'name');
        if (typeof namespace !== 'string' || typeof name !== 'string' || namespace === '<expression>' || name === '<expression>') {
          out.problems.push(`${id}: namespace and name must be literals so that get on exactly that Secret can be granted`);
        } else out.secretReads.push({ namespace, name });
      } else if (fixed[s.name] !== undefined) out.rules.push(...fixed[s.name]!);
      // Modules and foreach templates hold components too.
      walk(s.body, where);
    }
  };
  for (const { name, file } of files) walk(file.body, name);
  return out;
}
