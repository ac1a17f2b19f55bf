// pyroscope.scrape of pprof endpoints that pods declare with annotations, one scrape per profile type:
// `<prefix>/<type>.scrape: "true"`, `<prefix>/<type>.port` (a declared container port; else every one), `<prefix>/<type>.path`
// (else the Go default). The node-local pod watch means each endpoint is scraped once, by its node's Alloy.
// Needs no privilege: it is an HTTP client.
import type { Ref } from '../../alloy/ast.ts';
import type { Component } from '../../alloy/component.ts';
import { catalogued } from '../../alloy/components/catalogued.ts';
import { discovery } from '../../alloy/components/index.ts';
import type { RuleArgs } from '../../alloy/relabel.ts';
import type { Config } from '../../config/config.gen.ts';
import { goDurationSeconds } from '../../config/duration.ts';
import { podAnnotationMeta, podMeta } from '../logs/kubernetes-meta.ts';
import { identityRules, selectionRules } from './targets.ts';

export type PprofType = Config['profiling']['pprof']['types'][number];

/** Each annotation type: the pyroscope.scrape block that collects it, and its usual path. */
export const pprofTypes: Readonly<Record<PprofType, { block: string; path: string }>> = {
  cpu: { block: 'profile.process_cpu', path: '/debug/pprof/profile' },
  memory: { block: 'profile.memory', path: '/debug/pprof/allocs' },
  goroutine: { block: 'profile.goroutine', path: '/debug/pprof/goroutine' },
  block: { block: 'profile.block', path: '/debug/pprof/block' },
  mutex: { block: 'profile.mutex', path: '/debug/pprof/mutex' },
  fgprof: { block: 'profile.fgprof', path: '/debug/fgprof' },
};

const everyBlock = Object.values(pprofTypes).map((t) => t.block);

function annotatedTargets(prefix: string, type: PprofType): RuleArgs[] {
  const annotation = (suffix: string) => podAnnotationMeta(`${prefix}/${type}.${suffix}`);
  const port = podMeta('container_port_number');
  return [
    { source_labels: [annotation('scrape')], regex: 'true', action: 'keep' },
    // One target per declared container port (discovery sets __address__ to podIP:port); with a port
    // annotation only the port it names, so a pod with several ports is scraped once.
    { source_labels: [port], target_label: '__tmp_pprof_port' },
    { source_labels: [annotation('port')], regex: '(.+)', target_label: '__tmp_pprof_port' },
    { source_labels: [port], target_label: '__tmp_pprof_port', action: 'keepequal' },
    { source_labels: [annotation('path')], regex: '(.+)', target_label: '__profile_path__' },
  ];
}

export function pprofScraping(config: Config, pods: Ref<'Targets'>, forwardTo: readonly Ref<'ProfilesReceiver'>[]): Component<object>[] {
  const p = config.profiling.pprof;
  // The selection and labels once; each type's relabel then only picks its annotated endpoints (discovery.relabel
  // passes the __meta labels on).
  const selected = discovery.relabel('profiles_pprof', {
    targets: pods,
    rule: [...selectionRules(p.namespaces), { source_labels: [podMeta('container_port_number')], regex: '', action: 'drop' }, ...identityRules],
  });
  const out: Component<object>[] = [selected];
  for (const type of p.types) {
    const { block, path } = pprofTypes[type];
    const targets = discovery.relabel(`profiles_pprof_${type}`, { targets: selected.exports.output, rule: annotatedTargets(p.annotationPrefix, type) });
    // Only this type: pyroscope.scrape enables several by default, which would scrape endpoints the pod never offered.
    const profiles = Object.fromEntries(everyBlock.map((b) => [b, b === block ? { enabled: true, path } : { enabled: false }]));
    out.push(targets, catalogued('pyroscope.scrape', `pprof_${type}`, {
      targets: targets.exports.output,
      forward_to: forwardTo,
      job_name: `integrations/profiles/pprof-${type}`,
      scrape_interval: p.scrapeInterval,
      scrape_timeout: p.scrapeTimeout,
      // A CPU profile samples for this long per scrape; Alloy requires it 1s under the interval, and its
      // default (14s) would be refused with an interval under 15s.
      delta_profiling_duration: type === 'cpu' ? `${goDurationSeconds(p.scrapeInterval) - 1}s` : undefined,
      profiling_config: profiles,
    }, () => ({})));
  }
  return out;
}
