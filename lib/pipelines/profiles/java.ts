// pyroscope.java: async-profiler attached to each JVM of the selected pods. discovery.process lists this
// node's processes (hostPID) and joins each to its pod by container ID; only `java` executables are kept.
// Its privileges are declared in lib/workloads/profiler-privileges.ts.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { Config } from '../../config/config.gen.ts';
import { containerIdRules, identityRules, profilerAnnotations, selectionRules, targetingRule } from './targets.ts';

export function javaProfiling(config: Config, pods: Ref<'Targets'>, forwardTo: readonly Ref<'ProfilesReceiver'>[]): Component<object>[] {
  const j = config.profiling.java;
  const containers = discovery.relabel('profiles_java_pods', { targets: pods, rule: [...selectionRules(j.namespaces), targetingRule(j.targeting, profilerAnnotations.java), ...containerIdRules] });
  const processes = catalogued('discovery.process', 'profiles_java', { join: containers.exports.output }, (d) => ({ targets: d.ref<'Targets'>('targets') }));
  const jvms = discovery.relabel('profiles_java', {
    targets: processes.exports.targets,
    rule: [
      // Joined processes only: a process of another pod or of the node itself has no namespace.
      { source_labels: ['__meta_kubernetes_namespace'], regex: '', action: 'drop' },
      { source_labels: ['__meta_process_exe'], regex: '.*/java', action: 'keep' },
      ...identityRules,
    ],
  });
  const profiler = catalogued('pyroscope.java', 'default', {
    targets: jvms.exports.output,
    forward_to: forwardTo,
    profiling_config: {
      interval: j.interval,
      cpu: j.cpu,
      ...(j.alloc === '' ? {} : { alloc: j.alloc }),
      ...(j.lock === '' ? {} : { lock: j.lock }),
    },
  }, () => ({}));
  return [containers, processes, jvms, profiler];
}
