// Cross-field checks of where pods run (nodeSelector, tolerations): what the API server refuses and the
// schema alone cannot say, so it fails at export instead of at apply.
import type { Config, Tolerations } from './config.gen.ts';

type Path = (string | number)[];

const placed = ['alloyMetrics', 'kubeStateMetrics', 'prometheus', 'opencost'] as const;

export function placementProblems(config: Config, problem: (path: Path, message: string) => void): void {
  for (const part of placed) {
    const settings: { nodeSelector?: Record<string, string>; tolerations?: Tolerations } = config[part];
    const os = settings.nodeSelector?.['kubernetes.io/os'];
    // Every image the stack runs in these workloads is built for Linux only.
    if (os !== undefined && os !== 'linux') problem([part, 'nodeSelector', 'kubernetes.io/os'], `"${os}": this workload's image runs on Linux nodes only`);
    for (const [i, t] of (settings.tolerations ?? []).entries()) {
      const at = [part, 'tolerations', i];
      if (t.operator === 'Exists' && t.value !== undefined && t.value !== '') problem([...at, 'value'], 'operator Exists matches any value: leave value out');
      if (t.key === undefined && t.operator !== 'Exists') problem([...at, 'operator'], 'a toleration without key must be operator Exists (it then tolerates every taint)');
      if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') problem([...at, 'tolerationSeconds'], 'only read with effect NoExecute');
    }
  }
}
