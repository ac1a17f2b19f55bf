// One environment from spec to files, in named stages so a benchmark can time each and a failure
// says where it happened. Nothing here touches the disk: lib/output/ writes the result.
import type { Config } from './config/config.gen.ts';
import { validateEnvironment } from './config/validate.ts';
import { patchOwned } from './core/patch.ts';
import { flatten, type KubeObject } from './core/flatten.ts';
import { UserError, isUserError } from './errors.ts';
import { renderFiles } from './export/layout.ts';
import { processObjects } from './export/process.ts';
import { validateObjects } from './k8s/validate.ts';
import { podLabelWarnings } from './pipelines/logs/pod-labels.ts';
import { integrationPortWarnings } from './integrations/port-warnings.ts';
import { doubleScrapeWarnings } from './pipelines/metrics/double-scrape-guard.ts';
import { applyPlatform } from './platforms/apply.ts';
import { sizingWarnings } from './sizing/warnings.ts';
import { buildStack } from './stack.ts';
import { retentionFits } from './workloads/index.ts';
import { objectName } from './config/names.ts';

export interface RenderInput {
  /** The environment file's default export. */
  spec: unknown;
  /** The file, as it should appear in messages and manifest.json (`environments/prod.ts`). */
  file: string;
  /** allow-lists/<component>.yaml, parsed. */
  allowLists: Readonly<Record<string, string[]>>;
}

export interface Rendered {
  envName: string;
  envFile: string;
  config: Config;
  objects: KubeObject[];
  /** `<env>/…` path -> YAML text. */
  files: Map<string, string>;
  warnings: string[];
}

/** Re-throws a library error as a message for a person that names the file and the stage. */
function inStage<T>(file: string, stage: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (isUserError(error)) throw error;
    throw new UserError(`${file}: ${stage}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function validateStage(input: RenderInput): Config {
  return validateEnvironment(input.spec, input.file);
}

/**
 * Config -> processed objects: pipelines, Alloy check, workloads, the environment's overrides. `warnings`,
 * when given, receives what the building found worth saying (a component below generally-available).
 */
export function buildStage(config: Config, input: RenderInput, warnings?: string[]): KubeObject[] {
  const built = inStage(input.file, 'building the stack', () => buildStack(config, input.allowLists, warnings));
  const tree = inStage(input.file, 'platform', () => applyPlatform(built, config));
  // The tree was built just now and nothing else holds it: overrides rebuild only what they touch.
  const patched = inStage(input.file, 'overrides', () => patchOwned<unknown>('override', tree, ...config.overrides));
  const objects = inStage(input.file, 'overrides', () => flatten(patched));
  return inStage(input.file, 'objects', () => processObjects(objects, { namespace: config.namespace, labels: config.labels }));
}

/** Names of the user-owned Secrets the objects may reference (credentials are never rendered). */
function externalSecrets(config: Config): string[] {
  const destinations = [...config.logs.destinations, ...config.metrics.destinations];
  const etcd = config.metrics.controlPlane.enabled && config.metrics.controlPlane.etcd.enabled ? config.metrics.controlPlane.etcd.clientCertificate : undefined;
  const refs = [
    config.cloud.metrics?.auth, config.cloud.logs?.auth, config.fleetManagement.enabled ? config.fleetManagement.auth : undefined,
    ...destinations.flatMap((d) => [d.auth, d.tls, d.urlFrom]),
    ...config.traces.destinations.flatMap((d) => [d.auth, d.tls]),
    ...config.profiles.destinations.flatMap((d) => [d.auth, d.tls]),
    etcd,
    // The integrations' exporter Secrets (lib/pipelines/metrics/integrations.ts): always the stack's namespace.
    ...Object.values(config.integrations).flatMap((i) => i.enabled ? i.instances.map((instance) => instance.exporter) : []),
  ];
  // Secrets in other namespaces are read by remote.kubernetes.secret, never referenced by an object here.
  const local = refs.flatMap((ref) => (ref?.secret === undefined || ((ref as { namespace?: string }).namespace ?? config.namespace) !== config.namespace ? [] : [ref.secret]));
  return [...local, ...config.images.pullSecrets];
}

/** `texts`: each object's YAML text, when serializeStage ran first (validateObjects says why). */
export function checkStage(config: Config, objects: readonly KubeObject[], input: RenderInput, texts?: readonly string[]): string[] {
  const problems = validateObjects(objects, { external: { secrets: externalSecrets(config), configMaps: [] }, texts, kubernetesVersion: config.kubernetesVersion });
  if (problems.length > 0) throw new UserError(problems.map((p) => `${input.file}: ${p}`));
  // Only for a Prometheus that is rendered (metrics off renders none, whatever prometheus.enabled says).
  const store = objects.some((o) => o.kind === 'StatefulSet' && o.metadata.name === objectName(config, 'prometheus'));
  const warning = store ? retentionFits(config.prometheus.retention, config.prometheus.storage) : undefined;
  // Each warning names its field itself (`prometheus: retention 1y needs ...`).
  return [...(warning === undefined ? [] : [warning]), ...podLabelWarnings(config), ...integrationPortWarnings(config, objects), ...doubleScrapeWarnings(config), ...sizingWarnings(config, objects)].map((w) => `${input.file}: ${w}`);
}

export function serializeStage(config: Config, objects: readonly KubeObject[], input: RenderInput) {
  return inStage(input.file, 'writing YAML', () => renderFiles(config.name, input.file, objects));
}

export function render(input: RenderInput): Rendered {
  const config = validateStage(input);
  const buildWarnings: string[] = [];
  const objects = buildStage(config, input, buildWarnings);
  // Written before they are checked, so that the check can know objects by their text; a problem the check
  // finds is still the one reported, before any the writing found.
  let written: ReturnType<typeof serializeStage> | undefined;
  let writing: unknown;
  try {
    written = serializeStage(config, objects, input);
  } catch (error) {
    writing = error;
  }
  const warnings = [...buildWarnings.map((w) => `${input.file}: ${w}`), ...checkStage(config, objects, input, written?.texts)];
  if (written === undefined) throw writing;
  return { envName: config.name, envFile: input.file, config, objects, files: written.files, warnings };
}
