// pyroscope.ebpf: CPU profiles of the selected pods' processes, sampled in the kernel, with nothing added
// to the applications. Its privileges are declared in lib/workloads/profiler-privileges.ts.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import { containerIdRules, identityRules, profilerAnnotations, selectionRules, targetingRule } from './targets.ts';

export function ebpfProfiling(config: Config, pods: Ref<'Targets'>, forwardTo: readonly Ref<'ProfilesReceiver'>[]): Component<object>[] {
  const e = config.profiling.ebpf;
  const targets = discovery.relabel('profiles_ebpf', { targets: pods, rule: [...selectionRules(e.namespaces), targetingRule(e.targeting, profilerAnnotations.ebpf), ...containerIdRules, ...identityRules] });
  const profiler = catalogued('pyroscope.ebpf', 'default', {
    targets: targets.exports.output,
    forward_to: forwardTo,
    collect_interval: e.collectInterval,
    sample_rate: e.sampleRate,
    demangle: e.demangle,
  }, () => ({}));
  return [targets, profiler];
}
