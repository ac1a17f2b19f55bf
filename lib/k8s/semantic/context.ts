// What every check shares: the inventory, the objects declared external, and the problem list.
import type { LabelSelector } from '../types.gen.ts';
import { fieldPath } from '../schema-validate.ts';
import type { Inventory, PodTemplate, Rendered } from './inventory.ts';
import type { Path } from './read.ts';
import { showSelector } from './selectors.ts';

/** Objects the environment uses but does not render, by name or "namespace/name". */
export interface External {
  readonly secrets: readonly string[];
  readonly configMaps: readonly string[];
}

// Present in every namespace without being rendered: the token controller's ServiceAccount and
// the root CA ConfigMap kube-controller-manager publishes.
const IMPLICIT: Record<string, ReadonlySet<string>> = {
  ServiceAccount: new Set(['default']),
  ConfigMap: new Set(['kube-root-ca.crt']),
};

export interface Context {
  readonly inventory: Inventory;
  /** Adds a problem at `path` of the object, in the order reported. */
  report(r: Rendered, path: Path, message: string): void;
  /** Reports a reference to an object that is neither rendered in `namespace` nor external. */
  requireObject(r: Rendered, path: Path, kind: string, name: unknown, namespace: string): void;
  /** Rendered pod templates in the object's namespace that `selector` selects; reports when none. */
  requireSelected(r: Rendered, path: Path, selector: LabelSelector): PodTemplate[];
}

const isExternal = (list: readonly string[], namespace: string, name: string) =>
  list.includes(name) || list.includes(`${namespace}/${name}`);

export function createContext(inventory: Inventory, external: External, problems: string[]): Context {
  const report = (r: Rendered, path: Path, message: string) => {
    const where = fieldPath(path);
    problems.push(`${r.label}: ${where === '' ? '' : `${where}: `}${message}`);
  };
  return {
    inventory,
    report,
    requireObject: (r, path, kind, name, namespace) => {
      if (typeof name !== 'string' || inventory.isRendered(kind, namespace, name) || IMPLICIT[kind]?.has(name)) return;
      const ext = kind === 'Secret' ? external.secrets : kind === 'ConfigMap' ? external.configMaps : undefined;
      if (ext && isExternal(ext, namespace, name)) return;
      report(r, path, `${kind} ${JSON.stringify(name)} is not rendered in namespace ${namespace || '(none)'}${ext ? ' and not declared external' : ''}`);
    },
    requireSelected: (r, path, selector) => {
      const pods = inventory.selectedPods(r.namespace, selector);
      if (pods.length === 0) report(r, path, `selects no pod template rendered in namespace ${r.namespace || '(none)'} (${showSelector(selector)})`);
      return pods;
    },
  };
}
