// Names of the pod meta labels discovery.kubernetes sets. Kubernetes label and annotation keys are
// sanitized the way Alloy does it (every character outside [a-zA-Z0-9_] becomes `_`), so a key such as
// `app.kubernetes.io/name` is written once, in its Kubernetes spelling, and never mistyped by hand.

const sanitize = (key: string): string => key.replace(/[^a-zA-Z0-9_]/g, '_');

/** `__meta_kubernetes_pod_<field>`, e.g. `uid` or `container_name`. */
export const podMeta = (field: string): string => `__meta_kubernetes_pod_${field}`;

export const namespaceMeta = '__meta_kubernetes_namespace';

export const podLabelMeta = (key: string): string => podMeta(`label_${sanitize(key)}`);

export const podAnnotationMeta = (key: string): string => podMeta(`annotation_${sanitize(key)}`);

/** Needs discovery.kubernetes attach_metadata { namespace = true }. */
export const namespaceLabelMeta = (key: string): string => `__meta_kubernetes_namespace_label_${sanitize(key)}`;

/** Needs discovery.kubernetes attach_metadata { node = true }. */
export const nodeLabelMeta = (key: string): string => `__meta_kubernetes_node_label_${sanitize(key)}`;
