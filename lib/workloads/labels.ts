// Recommended labels (app.kubernetes.io/*). Selectors leave out the version, because a
// Deployment's, StatefulSet's or DaemonSet's selector is immutable and an image upgrade would
// otherwise need the object deleted and recreated.
import { imageVersion } from './images.ts';

export interface AppIdentity {
  /** The application, e.g. `alloy`; pipelines discover pods by it. */
  name: string;
  /** The workload, unique in the namespace: its objects' name, e.g. `alloy-stack-alloy-metrics`. */
  instance: string;
  /** The stack's instance name (`alloy-stack`), shared by all its workloads. */
  partOf: string;
  /** Its role in the stack, e.g. `metrics-collector`. */
  component: string;
  image: string;
}

export type Labels = Record<string, string>;

export function selectorLabels(app: AppIdentity): Labels {
  return {
    'app.kubernetes.io/name': app.name,
    'app.kubernetes.io/instance': app.instance,
    'app.kubernetes.io/component': app.component,
    'app.kubernetes.io/part-of': app.partOf,
  };
}

export function commonLabels(app: AppIdentity): Labels {
  const labels = selectorLabels(app);
  const version = imageVersion(app.image);
  if (version !== undefined) labels['app.kubernetes.io/version'] = version;
  return labels;
}
