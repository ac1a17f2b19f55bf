// A credential written in values.yaml (the chart then creates a Secret from it) is never copied into
// the environment file. The environment names a Secret instead, and the import prints the command that
// creates it, with placeholders where the values go: the values stay where they were.
export interface SecretPlan {
  name: string;
  namespace: string;
  /** Secret key -> the values path its value is in. */
  keys: { key: string; from: string }[];
}

/** `kubectl create secret generic …` without the values: each is a placeholder naming where it is. */
export function kubectlCommand(plan: SecretPlan): string {
  const literals = plan.keys.map(({ key, from }) => `--from-literal=${key}='<${from}>'`);
  return [`kubectl create secret generic ${plan.name} --namespace ${plan.namespace}`, ...literals].join(' \\\n  ');
}

/** A Secret name (DNS subdomain) from a destination name. */
export function secretNameFor(destination: string): string {
  const base = destination.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'destination';
  return `${base}-credentials`.slice(0, 253);
}
