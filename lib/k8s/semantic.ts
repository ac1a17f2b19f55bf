// Checks over all rendered objects of one environment that a per-object schema cannot express:
// names and labels the apiserver would refuse, selectors that select nothing, references to
// objects that are not rendered, port clashes and RBAC bindings to missing roles.
// Runs on schema-invalid objects too, so it reads every field defensively.
import type { Container, KubernetesObject, LabelSelector, PodSpec, PodTemplateSpec } from './types.gen.ts';
import { fieldPath, objectLabel } from './schema-validate.ts';

/** Objects the environment uses but does not render, by name or "namespace/name". */
export interface External {
  readonly secrets: readonly string[];
  readonly configMaps: readonly string[];
}

type Path = (string | number)[];
type Labels = Record<string, string>;

interface Rendered {
  object: KubernetesObject;
  label: string;
  namespace: string; // '' for cluster-scoped kinds
  index: number;
}

interface PodTemplate {
  owner: Rendered;
  at: Path; // of the template, e.g. ['spec', 'template']
  labels: Labels;
  rawLabels: unknown; // as written, for the label syntax check
  spec: PodSpec;
  claimTemplates: Set<string>; // StatefulSet volumeClaimTemplates names: mountable without a volume
}

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding']);
const WORKLOADS = new Set(['StatefulSet', 'DaemonSet', 'Deployment']);
// Present in every namespace without being rendered: the token controller's ServiceAccount and
// the root CA ConfigMap kube-controller-manager publishes.
const IMPLICIT: Record<string, ReadonlySet<string>> = {
  ServiceAccount: new Set(['default']),
  ConfigMap: new Set(['kube-root-ca.crt']),
};
// ClusterRoles every cluster has (Kubernetes default RBAC policy: user-facing roles and system:*).
const BUILTIN_CLUSTER_ROLES = new Set(['cluster-admin', 'admin', 'edit', 'view']);
const isBuiltinClusterRole = (name: string) => BUILTIN_CLUSTER_ROLES.has(name) || name.startsWith('system:');

// ---- reading defensively -------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A typed field that is really there as an object (rendered data may not match its type). */
const isSet = <T>(v: T | null | undefined): v is T => isObj(v);
/** Object items of an array with their indexes (paths stay right when some items are junk). */
function each<T>(value: readonly T[] | undefined | null): [T, number][] {
  return Array.isArray(value) ? value.flatMap((item, i) => (isObj(item) ? [[item as T, i] as [T, number]] : [])) : [];
}
function stringMap(value: unknown): Labels {
  return isObj(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
}
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

// ---- names ---------------------------------------------------------------------------------

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `name` is not valid, or undefined. Rules from apimachinery/pkg/util/validation. */
export const nameRules = {
  dnsLabel: (v: string) => (v.length <= 63 && LABEL.test(v) ? undefined : 'must be a DNS-1123 label (at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit)'),
  dnsSubdomain: (v: string) => (v.length <= 253 && SUBDOMAIN.test(v) ? undefined : 'must be a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit)'),
  dns1035Label: (v: string) => (v.length <= 63 && DNS1035.test(v) ? undefined : 'must be a DNS-1035 label (at most 63 lowercase letters, digits or "-", starting with a letter, ending with a letter or digit)'),
  // RBAC objects only need to be a URL path segment (system:aggregate-to-view is valid).
  pathSegment: (v: string) => (v !== '.' && v !== '..' && !/[/%]/.test(v) ? undefined : 'must not be "." or ".." or contain "/" or "%"'),
  portName: (v: string) =>
    v.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) && /[a-z]/.test(v) && !v.includes('--')
      ? undefined
      : 'must be an IANA service name (at most 15 lowercase letters, digits or "-", with a letter, no "--")',
  labelKey: (v: string) => {
    const slash = v.indexOf('/');
    const [prefix, name] = slash < 0 ? [undefined, v] : [v.slice(0, slash), v.slice(slash + 1)];
    if (prefix !== undefined && nameRules.dnsSubdomain(prefix)) return 'has a prefix that is not a DNS-1123 subdomain';
    return name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : 'must be [prefix/]name with a name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  },
  labelValue: (v: string) => (v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v)) ? undefined : 'must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit'),
};

function objectNameRule(kind: string): (v: string) => string | undefined {
  if (kind === 'Namespace') return nameRules.dnsLabel;
  if (kind === 'Service') return nameRules.dns1035Label;
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return nameRules.pathSegment;
  return nameRules.dnsSubdomain;
}

// ---- selectors -----------------------------------------------------------------------------

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** The first requirement of `selector` that `labels` fail, as [path inside the selector, why]. */
function mismatch(selector: LabelSelector, labels: Labels): [Path, string] | undefined {
  for (const [k, v] of Object.entries(stringMap(selector.matchLabels))) {
    if (labels[k] === undefined) return [['matchLabels', k], `pod template has no label ${k}`];
    if (labels[k] !== v) return [['matchLabels', k], `${JSON.stringify(v)} does not match the pod template's ${k}=${JSON.stringify(labels[k])}`];
  }
  for (const [e, i] of each(selector.matchExpressions)) {
    const value = labels[String(e.key)];
    const values = Array.isArray(e.values) ? e.values : [];
    const ok =
      e.operator === 'In' ? value !== undefined && values.includes(value)
      : e.operator === 'NotIn' ? value === undefined || !values.includes(value)
      : e.operator === 'Exists' ? value !== undefined
      : e.operator === 'DoesNotExist' ? value === undefined
      : false;
    if (!ok) return [['matchExpressions', i], `pod template labels do not satisfy ${e.key} ${e.operator} [${values.join(', ')}]`];
  }
  return undefined;
}

const isEmptySelector = (s: LabelSelector | undefined) =>
  Object.keys(stringMap(s?.matchLabels)).length === 0 && each(s?.matchExpressions).length === 0;

const showSelector = (s: LabelSelector) =>
  [
    ...Object.entries(stringMap(s.matchLabels)).map(([k, v]) => `${k}=${v}`),
    ...each(s.matchExpressions).map(([e]) => `${e.key} ${e.operator} [${(Array.isArray(e.values) ? e.values : []).join(', ')}]`),
  ].join(', ');

// ---- the checks ----------------------------------------------------------------------------

/** Every problem across the environment's objects, in object order. */
export function semanticProblems(objects: readonly unknown[], external: External): string[] {
  const problems: string[] = [];
  const report = (r: Rendered, path: Path, message: string) => {
    const where = fieldPath(path);
    problems.push(`${r.label}: ${where === '' ? '' : `${where}: `}${message}`);
  };

  // Index: what is rendered (kind/namespace/name), pod templates by namespace and by label.
  const rendered: Rendered[] = [];
  const byKey = new Map<string, Rendered>();
  const key = (kind: string, namespace: string, name: string) => `${kind}\0${namespace}\0${name}`;
  const podsByNamespace = new Map<string, PodTemplate[]>();
  const podsByLabel = new Map<string, PodTemplate[]>();
  const duplicates = new Map<Rendered, Rendered>(); // later object -> first one with its key
  const push = <K, V>(map: Map<K, V[]>, k: K, v: V) => (map.get(k) ?? map.set(k, []).get(k)!).push(v);

  objects.forEach((value, index) => {
    if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return;
    const object = value as unknown as KubernetesObject;
    const namespace = CLUSTER_SCOPED.has(object.kind) ? '' : (str(object.metadata?.namespace) ?? '');
    const r: Rendered = { object, label: objectLabel(object, index), namespace, index };
    rendered.push(r);
    const name = str(object.metadata?.name);
    if (name !== undefined) {
      const k = key(object.kind, namespace, name);
      const first = byKey.get(k);
      if (first) duplicates.set(r, first);
      else byKey.set(k, r);
    }
    if (WORKLOADS.has(object.kind) && 'spec' in object && isObj(object.spec)) {
      const spec = object.spec as { template?: PodTemplateSpec; volumeClaimTemplates?: { metadata?: { name?: string } }[] };
      if (!isSet(spec.template)) return;
      const claims = new Set(each(spec.volumeClaimTemplates).flatMap(([c]) => str(c.metadata?.name) ?? []));
      const pod: PodTemplate = {
        owner: r,
        at: ['spec', 'template'],
        labels: stringMap(spec.template.metadata?.labels),
        rawLabels: spec.template.metadata?.labels,
        spec: isSet(spec.template.spec) ? spec.template.spec : ({} as PodSpec),
        claimTemplates: claims,
      };
      push(podsByNamespace, namespace, pod);
      for (const [k, v] of Object.entries(pod.labels)) push(podsByLabel, `${namespace}\0${k}=${v}`, pod);
    }
  });

  /** Rendered pod templates in `namespace` the selector selects (an index narrows the scan). */
  const selectedPods = (namespace: string, selector: LabelSelector): PodTemplate[] => {
    const first = Object.entries(stringMap(selector.matchLabels))[0];
    const candidates = first ? podsByLabel.get(`${namespace}\0${first[0]}=${first[1]}`) : podsByNamespace.get(namespace);
    return (candidates ?? []).filter((p) => mismatch(selector, p.labels) === undefined);
  };

  const isExternal = (list: readonly string[], namespace: string, name: string) =>
    list.includes(name) || list.includes(`${namespace}/${name}`);
  /** Reports a reference to an object that is neither rendered in `namespace` nor external. */
  const requireObject = (r: Rendered, path: Path, kind: string, name: unknown, namespace: string) => {
    if (typeof name !== 'string' || byKey.has(key(kind, namespace, name)) || IMPLICIT[kind]?.has(name)) return;
    const ext = kind === 'Secret' ? external.secrets : kind === 'ConfigMap' ? external.configMaps : undefined;
    if (ext && isExternal(ext, namespace, name)) return;
    report(r, path, `${kind} ${JSON.stringify(name)} is not rendered in namespace ${namespace || '(none)'}${ext ? ' and not declared external' : ''}`);
  };

  const checkLabels = (r: Rendered, path: Path, value: unknown, values: boolean) => {
    for (const [k, v] of Object.entries(isObj(value) ? value : {})) {
      const badKey = nameRules.labelKey(k);
      if (badKey) report(r, [...path, k], `invalid key: ${badKey}`);
      const badValue = values && typeof v === 'string' ? nameRules.labelValue(v) : undefined;
      if (badValue) report(r, [...path, k], `invalid value ${JSON.stringify(v)}: ${badValue}`);
    }
  };

  const checkSelectorSyntax = (r: Rendered, path: Path, selector: LabelSelector) => {
    checkLabels(r, [...path, 'matchLabels'], selector.matchLabels, true);
    for (const [e, i] of each(selector.matchExpressions)) {
      if (typeof e.key === 'string' && nameRules.labelKey(e.key)) report(r, [...path, 'matchExpressions', i, 'key'], `invalid key: ${nameRules.labelKey(e.key)}`);
      if (!OPERATORS.has(e.operator)) report(r, [...path, 'matchExpressions', i, 'operator'], `expected one of In, NotIn, Exists, DoesNotExist, got ${JSON.stringify(e.operator)}`);
    }
  };

  const checkMetadata = (r: Rendered) => {
    const meta = isObj(r.object.metadata) ? r.object.metadata : undefined;
    const name = meta?.name;
    if (typeof name !== 'string') report(r, meta ? ['metadata'] : [], `missing required field ${meta ? 'name' : 'metadata'}`);
    else {
      const bad = objectNameRule(r.object.kind)(name);
      if (bad) report(r, ['metadata', 'name'], `invalid name ${JSON.stringify(name)}: ${bad}`);
    }
    if (typeof meta?.namespace === 'string' && !CLUSTER_SCOPED.has(r.object.kind)) {
      const bad = nameRules.dnsLabel(meta.namespace);
      if (bad) report(r, ['metadata', 'namespace'], `invalid namespace ${JSON.stringify(meta.namespace)}: ${bad}`);
    }
    checkLabels(r, ['metadata', 'labels'], meta?.labels, true);
    checkLabels(r, ['metadata', 'annotations'], meta?.annotations, false);
  };

  const checkPod = (pod: PodTemplate) => {
    const r = pod.owner;
    const at = [...pod.at, 'spec'];
    const ns = r.namespace;
    const spec = pod.spec;
    checkLabels(r, [...pod.at, 'metadata', 'labels'], pod.rawLabels, true);

    const containers: [Container, Path][] = [
      ...each(spec.initContainers).map(([c, i]): [Container, Path] => [c, [...at, 'initContainers', i]]),
      ...each(spec.containers).map(([c, i]): [Container, Path] => [c, [...at, 'containers', i]]),
    ];
    const volumes = new Set<string>(pod.claimTemplates);
    for (const [v, i] of each(spec.volumes)) {
      const path = [...at, 'volumes', i];
      if (typeof v.name === 'string' && volumes.has(v.name) && !pod.claimTemplates.has(v.name)) report(r, [...path, 'name'], `duplicate volume name ${JSON.stringify(v.name)}`);
      if (typeof v.name === 'string') volumes.add(v.name);
      if (v.configMap && !v.configMap.optional) requireObject(r, [...path, 'configMap', 'name'], 'ConfigMap', v.configMap.name, ns);
      if (v.secret && !v.secret.optional) requireObject(r, [...path, 'secret', 'secretName'], 'Secret', v.secret.secretName, ns);
      if (v.persistentVolumeClaim) requireObject(r, [...path, 'persistentVolumeClaim', 'claimName'], 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName, ns);
      for (const [s, j] of each(v.projected?.sources)) {
        const p = [...path, 'projected', 'sources', j];
        if (s.configMap && !s.configMap.optional) requireObject(r, [...p, 'configMap', 'name'], 'ConfigMap', s.configMap.name, ns);
        if (s.secret && !s.secret.optional) requireObject(r, [...p, 'secret', 'name'], 'Secret', s.secret.name, ns);
      }
    }
    requireObject(r, [...at, spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount'], 'ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount, ns);
    for (const [s, i] of each(spec.imagePullSecrets)) requireObject(r, [...at, 'imagePullSecrets', i, 'name'], 'Secret', s.name, ns);

    const names = new Map<string, Path>();
    const ports = new Map<string, Path>();
    const portNames = new Map<string, Path>();
    const where = (p: Path) => fieldPath(p.slice(at.length));
    for (const [c, path] of containers) {
      if (typeof c.name === 'string') {
        const bad = nameRules.dnsLabel(c.name);
        if (bad) report(r, [...path, 'name'], `invalid container name ${JSON.stringify(c.name)}: ${bad}`);
        const seen = names.get(c.name);
        if (seen) report(r, [...path, 'name'], `duplicate container name ${JSON.stringify(c.name)} (also ${where(seen)})`);
        else names.set(c.name, path);
      }
      for (const [port, i] of each(c.ports)) {
        const p = [...path, 'ports', i];
        const id = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
        const seen = ports.get(id);
        if (seen) report(r, [...p, 'containerPort'], `duplicate port ${id} (also ${where(seen)})`);
        else ports.set(id, p);
        if (typeof port.name === 'string') {
          const bad = nameRules.portName(port.name);
          if (bad) report(r, [...p, 'name'], `invalid port name ${JSON.stringify(port.name)}: ${bad}`);
          const seenName = portNames.get(port.name);
          if (seenName) report(r, [...p, 'name'], `duplicate port name ${JSON.stringify(port.name)} (also ${where(seenName)})`);
          else portNames.set(port.name, p);
        }
      }
      for (const [m, i] of each(c.volumeMounts)) {
        if (typeof m.name === 'string' && !volumes.has(m.name)) {
          report(r, [...path, 'volumeMounts', i, 'name'], `no volume ${JSON.stringify(m.name)} in ${fieldPath([...at, 'volumes'])}${pod.claimTemplates.size || r.object.kind === 'StatefulSet' ? ' or spec.volumeClaimTemplates' : ''}`);
        }
      }
      for (const [e, i] of each(c.env)) {
        const from = e.valueFrom;
        const p = [...path, 'env', i, 'valueFrom'];
        if (from?.configMapKeyRef && !from.configMapKeyRef.optional) requireObject(r, [...p, 'configMapKeyRef', 'name'], 'ConfigMap', from.configMapKeyRef.name, ns);
        if (from?.secretKeyRef && !from.secretKeyRef.optional) requireObject(r, [...p, 'secretKeyRef', 'name'], 'Secret', from.secretKeyRef.name, ns);
      }
      for (const [e, i] of each(c.envFrom)) {
        const p = [...path, 'envFrom', i];
        if (e.configMapRef && !e.configMapRef.optional) requireObject(r, [...p, 'configMapRef', 'name'], 'ConfigMap', e.configMapRef.name, ns);
        if (e.secretRef && !e.secretRef.optional) requireObject(r, [...p, 'secretRef', 'name'], 'Secret', e.secretRef.name, ns);
      }
    }
  };

  /** Does the pod declare a container port the Service can target (by number or by name)? */
  const podHasPort = (pod: PodTemplate, target: unknown, protocol: string) =>
    [...each(pod.spec.initContainers), ...each(pod.spec.containers)].some(([c]) =>
      each(c.ports).some(([p]) => (p.protocol ?? 'TCP') === protocol && (typeof target === 'number' ? p.containerPort === target : p.name === target)),
    );

  const checkWorkload = (r: Rendered) => {
    const spec = (r.object as { spec?: { selector?: LabelSelector; template?: PodTemplateSpec } }).spec;
    if (!isObj(spec) || !isObj(spec.selector)) return; // the schema reports a missing selector
    checkSelectorSyntax(r, ['spec', 'selector'], spec.selector);
    if (isEmptySelector(spec.selector)) return report(r, ['spec', 'selector'], 'must not be empty (the apiserver rejects an empty workload selector)');
    const labels = stringMap(isSet(spec.template) ? spec.template.metadata?.labels : undefined);
    const miss = mismatch(spec.selector, labels);
    if (miss) report(r, ['spec', 'selector', ...miss[0]], `${miss[1]} (spec.template.metadata.labels), so the workload would not own its pods`);
  };

  const requireSelected = (r: Rendered, path: Path, selector: LabelSelector): PodTemplate[] => {
    const pods = selectedPods(r.namespace, selector);
    if (pods.length === 0) report(r, path, `selects no pod template rendered in namespace ${r.namespace || '(none)'} (${showSelector(selector)})`);
    return pods;
  };

  const checkService = (r: Rendered) => {
    const spec = (r.object as { spec?: { selector?: unknown; ports?: { name?: string; port?: number; targetPort?: number | string; protocol?: string }[] } }).spec;
    if (!isObj(spec)) return;
    const ports = each(spec.ports);
    const seenNames = new Map<string, number>();
    const seenPorts = new Map<string, number>();
    for (const [p, i] of ports) {
      if (ports.length > 1 && typeof p.name !== 'string') report(r, ['spec', 'ports', i], 'missing required field name (required when a Service has more than one port)');
      if (typeof p.name === 'string') {
        const bad = nameRules.dnsLabel(p.name);
        if (bad) report(r, ['spec', 'ports', i, 'name'], `invalid port name ${JSON.stringify(p.name)}: ${bad}`);
        if (seenNames.has(p.name)) report(r, ['spec', 'ports', i, 'name'], `duplicate port name ${JSON.stringify(p.name)} (also ports[${seenNames.get(p.name)}])`);
        else seenNames.set(p.name, i);
      }
      const id = `${p.port}/${p.protocol ?? 'TCP'}`;
      if (seenPorts.has(id)) report(r, ['spec', 'ports', i, 'port'], `duplicate port ${id} (also ports[${seenPorts.get(id)}])`);
      else seenPorts.set(id, i);
    }
    const selector = stringMap(spec.selector);
    checkLabels(r, ['spec', 'selector'], spec.selector, true);
    if (Object.keys(selector).length === 0) return; // no selector: endpoints are managed elsewhere
    const pods = requireSelected(r, ['spec', 'selector'], { matchLabels: selector });
    for (const [p, i] of ports) {
      const target = p.targetPort ?? p.port;
      for (const pod of pods) {
        if (podHasPort(pod, target, p.protocol ?? 'TCP')) continue;
        const what = typeof target === 'number' ? `port ${target}` : `port name ${JSON.stringify(target)}`;
        report(r, ['spec', 'ports', i, p.targetPort === undefined ? 'port' : 'targetPort'], `${what}/${p.protocol ?? 'TCP'} is not a container port of the selected ${pod.owner.label}`);
      }
    }
  };

  const checkSelecting = (r: Rendered, field: 'selector' | 'podSelector') => {
    const spec = (r.object as { spec?: Record<string, LabelSelector | undefined> }).spec;
    if (!isObj(spec)) return;
    const selector = spec[field];
    if (!isObj(selector)) {
      // policy/v1: a PodDisruptionBudget without a selector protects no pod.
      if (r.object.kind === 'PodDisruptionBudget') report(r, ['spec'], 'missing required field selector (without it the budget selects no pods)');
      return;
    }
    checkSelectorSyntax(r, ['spec', field], selector);
    // An empty selector selects every pod of the namespace, which is meant to be broad.
    if (!isEmptySelector(selector)) requireSelected(r, ['spec', field], selector);
  };

  const checkBinding = (r: Rendered) => {
    const binding = r.object as { roleRef?: { apiGroup?: string; kind?: string; name?: string }; subjects?: { kind?: string; name?: string; namespace?: string }[] };
    const ref = binding.roleRef;
    if (isObj(ref)) {
      if (ref.apiGroup !== 'rbac.authorization.k8s.io') report(r, ['roleRef', 'apiGroup'], `expected "rbac.authorization.k8s.io", got ${JSON.stringify(ref.apiGroup)}`);
      const cluster = r.object.kind === 'ClusterRoleBinding';
      if (ref.kind !== 'ClusterRole' && (cluster || ref.kind !== 'Role')) {
        report(r, ['roleRef', 'kind'], `expected ${cluster ? '"ClusterRole"' : '"Role" or "ClusterRole"'}, got ${JSON.stringify(ref.kind)}`);
      } else if (typeof ref.name === 'string') {
        const namespace = ref.kind === 'Role' ? r.namespace : '';
        const builtin = ref.kind === 'ClusterRole' && isBuiltinClusterRole(ref.name);
        if (!builtin && !byKey.has(key(ref.kind, namespace, ref.name))) {
          report(r, ['roleRef', 'name'], `${ref.kind} ${JSON.stringify(ref.name)} is not rendered${namespace ? ` in namespace ${namespace}` : ''}`);
        }
      }
    }
    for (const [s, i] of each(binding.subjects)) {
      if (s.kind !== 'ServiceAccount') continue;
      const namespace = s.namespace ?? (r.object.kind === 'RoleBinding' ? r.namespace : undefined);
      if (namespace === undefined) report(r, ['subjects', i], 'missing required field namespace (a ServiceAccount subject of a ClusterRoleBinding needs one)');
      else requireObject(r, ['subjects', i, 'name'], 'ServiceAccount', s.name, namespace);
    }
  };

  const pods = new Map<Rendered, PodTemplate>();
  for (const list of podsByNamespace.values()) for (const p of list) pods.set(p.owner, p);
  for (const r of rendered) {
    const first = duplicates.get(r);
    if (first) report(r, [], `duplicate object: ${first.label} (object #${first.index}) has the same kind, namespace and name`);
    checkMetadata(r);
    switch (r.object.kind) {
      case 'StatefulSet':
      case 'DaemonSet':
      case 'Deployment': {
        checkWorkload(r);
        const pod = pods.get(r);
        if (pod) checkPod(pod);
        break;
      }
      case 'Service':
        checkService(r);
        break;
      case 'PodDisruptionBudget':
        checkSelecting(r, 'selector');
        break;
      case 'NetworkPolicy':
        checkSelecting(r, 'podSelector');
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding':
        checkBinding(r);
        break;
      case 'ServiceAccount':
        for (const [s, i] of each((r.object as { imagePullSecrets?: { name?: string }[] }).imagePullSecrets)) {
          requireObject(r, ['imagePullSecrets', i, 'name'], 'Secret', s.name, r.namespace);
        }
        break;
    }
  }
  return problems;
}
