// Shared by the security tests: renders environments in memory exactly as the CLI does (lib/render.ts
// with the repository's allow-lists) and reads the result back the way a cluster or Alloy would.
import { parse as parseYaml } from 'yaml';
import type { AlloyFile, Block } from '../../lib/alloy/ast.ts';
import { parse as parseAlloy } from '../../lib/alloy/parse.ts';
import type { KubeObject } from '../../lib/core/flatten.ts';
import { patch } from '../../lib/core/patch.ts';
import { render, type Rendered } from '../../lib/render.ts';
import { loadAllowLists } from '../../lib/cli/environments.ts';

/** How the environment file appears in every message. */
export const envFile = 'environments/test.ts';
/** The part an object of the default instance is named for: `alloy-stack-alloy-logs` -> `alloy-logs`. */
export const partName = (objectName: string): string => objectName.replace(/^alloy-stack-/, '');
export const allowLists = await loadAllowLists();

export function renderEnv(spec: unknown): Rendered {
  return render({ spec, file: envFile, allowLists });
}

/**
 * Prod-like, with every feature on: cloud write, kubelet through the API proxy, all scrape targets,
 * an app, pod logs, node logs, events, an in-cluster Loki beside the cloud, NetworkPolicies.
 */
export function prodLike(): Record<string, unknown> {
  return {
    name: 'prod',
    clusterName: 'prod-eu-west-1',
    namespace: 'monitoring',
    enableCloudWrite: true,
    cloud: {
      metrics: { url: 'https://prometheus.example.net/api/prom/push', auth: { secret: 'grafana-cloud', usernameKey: 'metrics-username', passwordKey: 'token' } },
      logs: { url: 'https://logs.example.net/loki/api/v1/push', auth: { secret: 'grafana-cloud', usernameKey: 'logs-username', passwordKey: 'token' } },
    },
    metrics: {
      kubelet: { access: 'proxy' },
      apps: [{ name: 'traefik', podLabels: { 'app.kubernetes.io/name': 'traefik' }, port: 9100 }],
    },
    logs: {
      destinations: [{ name: 'loki', url: 'http://loki-gateway.logging.svc/loki/api/v1/push', tenantId: 'prod' }],
      nodeLogs: { enabled: true },
      events: { enabled: true },
    },
    alloyMetrics: { replicas: 3 },
  };
}

/** prodLike() with `change` merged in (objects deeply, arrays replaced). */
export function variant(change: Record<string, unknown>): Record<string, unknown> {
  return patch<Record<string, unknown>>(prodLike(), change);
}

export function ofKind<T = KubeObject>(rendered: Rendered, kind: string): T[] {
  return rendered.objects.filter((o) => o.kind === kind) as unknown as T[];
}

const parsed = new WeakMap<Rendered, Map<string, AlloyFile>>();

/** Every Alloy file of every ConfigMap, parsed (once per render): `<configmap>/<file>` -> syntax tree. */
export function alloyFiles(rendered: Rendered): Map<string, AlloyFile> {
  const known = parsed.get(rendered);
  if (known !== undefined) return known;
  const out = new Map<string, AlloyFile>();
  parsed.set(rendered, out);
  for (const cm of ofKind<{ metadata: { name: string }; data?: Record<string, string> }>(rendered, 'ConfigMap')) {
    for (const [name, text] of Object.entries(cm.data ?? {})) {
      if (name.endsWith('.alloy')) out.set(`${cm.metadata.name}/${name}`, parseAlloy(text, name));
    }
  }
  return out;
}

/** Top-level components, `<configmap>/<file>: <name>.<label>`, sorted: the shape of the configuration. */
export function componentIds(rendered: Rendered): string[] {
  const ids: string[] = [];
  for (const [where, file] of alloyFiles(rendered)) {
    for (const s of file.body) if (s.kind === 'block') ids.push(`${where}: ${s.name}${s.label === undefined ? '' : `.${s.label}`}`);
  }
  return ids.sort();
}

/** Every block, at any depth, of the parsed files, with the file it is in. */
export function allBlocks(rendered: Rendered): { where: string; block: Block }[] {
  const out: { where: string; block: Block }[] = [];
  const walk = (where: string, body: AlloyFile['body']) => {
    for (const s of body) {
      if (s.kind !== 'block') continue;
      out.push({ where, block: s });
      walk(where, s.body);
    }
  };
  for (const [where, file] of alloyFiles(rendered)) walk(where, file.body);
  return out;
}

/** Each YAML file parsed back; the caller compares with the objects. */
export function parsedFiles(rendered: Rendered): Map<string, unknown> {
  return new Map([...rendered.files].map(([path, text]) => [path, parseYaml(text) as unknown]));
}
