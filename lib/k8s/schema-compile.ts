// The vendored Kubernetes schemas (vendor/kubernetes) and how ajv compiles them. scripts/gen-validators.ts
// writes the compiled code to schema-validators.gen.js, which exports use: loading ajv and compiling cost
// about 0.4 s per export. compileSchemas() compiles a schema set at run time instead, for schemaValidator().
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import definitions from '../../vendor/kubernetes/v1.36/_definitions.json' with { type: 'json' };
import clusterRole from '../../vendor/kubernetes/v1.36/rbac.authorization.k8s.io-v1.ClusterRole.json' with { type: 'json' };
import clusterRoleBinding from '../../vendor/kubernetes/v1.36/rbac.authorization.k8s.io-v1.ClusterRoleBinding.json' with { type: 'json' };
import role from '../../vendor/kubernetes/v1.36/rbac.authorization.k8s.io-v1.Role.json' with { type: 'json' };
import roleBinding from '../../vendor/kubernetes/v1.36/rbac.authorization.k8s.io-v1.RoleBinding.json' with { type: 'json' };
import daemonSet from '../../vendor/kubernetes/v1.36/apps-v1.DaemonSet.json' with { type: 'json' };
import deployment from '../../vendor/kubernetes/v1.36/apps-v1.Deployment.json' with { type: 'json' };
import statefulSet from '../../vendor/kubernetes/v1.36/apps-v1.StatefulSet.json' with { type: 'json' };
import networkPolicy from '../../vendor/kubernetes/v1.36/networking.k8s.io-v1.NetworkPolicy.json' with { type: 'json' };
import podDisruptionBudget from '../../vendor/kubernetes/v1.36/policy-v1.PodDisruptionBudget.json' with { type: 'json' };
import configMap from '../../vendor/kubernetes/v1.36/v1.ConfigMap.json' with { type: 'json' };
import namespace from '../../vendor/kubernetes/v1.36/v1.Namespace.json' with { type: 'json' };
import persistentVolumeClaim from '../../vendor/kubernetes/v1.36/v1.PersistentVolumeClaim.json' with { type: 'json' };
import secret from '../../vendor/kubernetes/v1.36/v1.Secret.json' with { type: 'json' };
import service from '../../vendor/kubernetes/v1.36/v1.Service.json' with { type: 'json' };
import serviceAccount from '../../vendor/kubernetes/v1.36/v1.ServiceAccount.json' with { type: 'json' };
import horizontalPodAutoscaler from '../../vendor/kubernetes/v1.36/autoscaling-v2.HorizontalPodAutoscaler.json' with { type: 'json' };
import priorityClass from '../../vendor/kubernetes/v1.36/scheduling.k8s.io-v1.PriorityClass.json' with { type: 'json' };
import resourceQuota from '../../vendor/kubernetes/v1.36/v1.ResourceQuota.json' with { type: 'json' };
import limitRange from '../../vendor/kubernetes/v1.36/v1.LimitRange.json' with { type: 'json' };
import job from '../../vendor/kubernetes/v1.36/batch-v1.Job.json' with { type: 'json' };
import cronJob from '../../vendor/kubernetes/v1.36/batch-v1.CronJob.json' with { type: 'json' };
import ingress from '../../vendor/kubernetes/v1.36/networking.k8s.io-v1.Ingress.json' with { type: 'json' };
// A custom resource: the cluster serves it only with the VPA add-on (lib/generate/autoscaler-schemas.ts).
import verticalPodAutoscaler from '../../vendor/kubernetes/v1.36/autoscaling.k8s.io-v1.VerticalPodAutoscaler.json' with { type: 'json' };

/** Parsed schema files: the shared definitions (with $id) and one schema per kind referring to it. */
export interface SchemaSet {
  readonly definitions: object;
  readonly kinds: readonly object[];
}

export const VENDORED_SCHEMAS: SchemaSet = {
  definitions,
  kinds: [namespace, serviceAccount, configMap, secret, service, persistentVolumeClaim, statefulSet, daemonSet, deployment,
    clusterRole, clusterRoleBinding, role, roleBinding, podDisruptionBudget, networkPolicy,
    horizontalPodAutoscaler, priorityClass, resourceQuota, limitRange, job, cronJob, ingress, verticalPodAutoscaler],
};

/** ajv's options for these schemas; the generated validators are compiled with them too. */
export const SCHEMA_AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true, inlineRefs: false };

/** `apps/v1 StatefulSet`: how objects find their kind's schema. */
export function schemaKey(schema: object): string {
  const props = (schema as { properties: Record<string, { const?: string }> }).properties;
  return `${props.apiVersion?.const} ${props.kind?.const}`;
}

/** Known kinds (`apps/v1 StatefulSet`, in schema order) and their validators, each compiled on first use. */
export function compileSchemas(schemas: SchemaSet): { known: string[]; validatorOf: (key: string) => ValidateFunction } {
  // Shared definitions as functions, not inlined, and no code optimisation: compiling gets five
  // times faster (about 0.3 s for every kind) while validating stays as fast.
  const ajv = new Ajv({ ...SCHEMA_AJV_OPTIONS, code: { optimize: false } });
  ajv.addSchema(schemas.definitions);
  const byKind = new Map(schemas.kinds.map((schema) => [schemaKey(schema), schema]));
  const compiled = new Map<string, ValidateFunction>();
  return {
    known: [...byKind.keys()],
    validatorOf: (key) => {
      let validate = compiled.get(key);
      if (!validate) compiled.set(key, (validate = ajv.compile(byKind.get(key)!)));
      return validate;
    },
  };
}
