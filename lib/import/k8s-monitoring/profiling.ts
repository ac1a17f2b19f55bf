// profiling: the chart's alloy-profiles with three sources, each on by default once the feature is.
// eBPF and Java profile the pods the chart's targetingScheme picks (annotation, its default: only pods annotated
// profiles.grafana.com/<source> "true"; all: every pod but those annotated "false"), which is profiling.<source>.
// targeting here. pprof scrapes pods that annotate their endpoints, the same annotations as here.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import type { ValuePath } from '../values.ts';

const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const defaultPrefix = 'profiles.grafana.com';

type Entry = Record<string, DraftValue>;

/** namespaces / excludeNamespaces -> namespaces.include / exclude, recorded (a name that is not a namespace is unsupported). */
function namespaces(context: ImportContext, at: ValuePath, target: string, entry: Entry): void {
  const { read, records } = context;
  const filter: Entry = {};
  for (const [key, to] of [['namespaces', 'include'], ['excludeNamespaces', 'exclude']] as const) {
    const names = read.strings([...at, key]);
    if (names === undefined) continue;
    const bad = names.filter((n) => !dnsLabel.test(n));
    if (bad.length > 0) {
      records.unsupported([...at, key], `not namespace names: ${bad.join(', ')}`, ['profiling']);
      continue;
    }
    if (names.length > 0) filter[to] = names;
    records.mapped([...at, key], `${target}.namespaces.${to}`);
  }
  if (Object.keys(filter).length > 0) entry.namespaces = filter;
}

/** The selection keys the chart has beyond namespaces: empty is the default, anything else has no field here. */
function selectors(context: ImportContext, at: ValuePath): void {
  const { read, records } = context;
  for (const key of ['labelSelectors', 'annotationSelectors']) {
    if (!read.has([...at, key])) continue;
    const map = read.map([...at, key]);
    if (map === undefined || Object.keys(map).length === 0) records.ignored([...at, key], 'empty, as the chart\'s default: no selection beyond namespaces');
    else records.unsupported([...at, key], 'selecting profiled pods by labels or annotations has no field here: profiling.<source>.namespaces and the opt-in annotation do', ['profiling']);
  }
  if (read.has([...at, 'extraDiscoveryRules'])) {
    if ((read.string([...at, 'extraDiscoveryRules']) ?? '').trim() === '') records.ignored([...at, 'extraDiscoveryRules'], 'empty');
    else records.unsupported([...at, 'extraDiscoveryRules'], 'extra relabel rules have no field here', ['profiling']);
  }
}

/** targetingScheme and the opt-in annotation's name. */
function targeting(context: ImportContext, at: ValuePath, target: string, entry: Entry, prefixOk: boolean): void {
  const { read, records } = context;
  const scheme = read.string([...at, 'targetingScheme']) ?? 'annotation';
  if (scheme !== 'annotation' && scheme !== 'all') {
    records.unsupported([...at, 'targetingScheme'], `"${scheme}" is neither annotation nor all`, ['profiling']);
    return;
  }
  const enable = read.string([...at, 'annotations', 'enable']) ?? 'enabled';
  if (enable !== 'enabled' || !prefixOk) {
    records.unsupported(read.has([...at, 'annotations', 'enable']) ? [...at, 'annotations', 'enable'] : ['profiling', 'annotations', 'prefix'],
      `the opt-in annotation is ${defaultPrefix}/<source>.enabled here; another name has no field`, ['profiling']);
    return;
  }
  if (read.has([...at, 'annotations', 'enable'])) records.mapped([...at, 'annotations', 'enable'], `${target}.targeting (its annotation)`);
  entry.targeting = scheme;
  if (read.has([...at, 'targetingScheme'])) records.mapped([...at, 'targetingScheme'], `${target}.targeting`);
}

/** Boolean keys whose chart default is Alloy's: true is the same here, false has no field. */
function defaultsOnly(context: ImportContext, at: ValuePath, keys: readonly string[], expected: Readonly<Record<string, DraftValue>> = {}): void {
  const { read, records } = context;
  for (const key of keys) {
    if (!read.has([...at, key])) continue;
    const value = read.raw([...at, key]);
    const want = expected[key] ?? true;
    if (value === want) records.ignored([...at, key], `${JSON.stringify(want)}, Alloy's default, as here`);
    else records.unsupported([...at, key], `${JSON.stringify(value)} has no field here (Alloy's default ${JSON.stringify(want)} applies)`, ['profiling']);
  }
}

function ebpf(context: ImportContext, prefixOk: boolean): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['profiling', 'ebpf'];
  const target = 'profiling.ebpf';
  if (read.bool([...at, 'enabled']) === false) {
    records.ignored(at, 'off in the chart, and not rendered here either');
    return;
  }
  if (read.has([...at, 'enabled'])) records.mapped([...at, 'enabled'], `${target}.enabled`);
  const entry: Entry = { enabled: true };
  targeting(context, at, target, entry, prefixOk);
  namespaces(context, at, target, entry);
  selectors(context, at);
  // The chart renders its own default sample rate (19 Hz), not Alloy's (97 Hz, this library's default).
  const rate = read.number([...at, 'sampleRate']) ?? 19;
  entry.sampleRate = rate;
  if (read.has([...at, 'sampleRate'])) records.mapped([...at, 'sampleRate'], `${target}.sampleRate`);
  const demangle = read.string([...at, 'demangle']);
  if (demangle !== undefined) {
    if (['none', 'simplified', 'templates', 'full'].includes(demangle)) {
      if (demangle !== 'none') entry.demangle = demangle;
      records.mapped([...at, 'demangle'], `${target}.demangle`);
    } else records.unsupported([...at, 'demangle'], `"${demangle}" is not one of none, simplified, templates, full`, ['profiling']);
  }
  defaultsOnly(context, at, ['dotnetEnabled', 'hotspotEnabled', 'perlEnabled', 'phpEnabled', 'pythonEnabled', 'rubyEnabled', 'v8Enabled']);
  draft.set(['profiling', 'ebpf'], entry);
  draft.from(['profiling', 'ebpf'], 'profiling.enabled', 'profiling.ebpf');
  draft.note(['profiling', 'ebpf'], 'the chart samples at 19 Hz and, by default, profiles only pods annotated profiles.grafana.com/cpu.ebpf.enabled: "true"');
}

function java(context: ImportContext, prefixOk: boolean): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['profiling', 'java'];
  const target = 'profiling.java';
  if (read.bool([...at, 'enabled']) === false) {
    records.ignored(at, 'off in the chart, and not rendered here either');
    return;
  }
  if (read.has([...at, 'enabled'])) records.mapped([...at, 'enabled'], `${target}.enabled`);
  const entry: Entry = { enabled: true };
  targeting(context, at, target, entry, prefixOk);
  namespaces(context, at, target, entry);
  selectors(context, at);
  const config: ValuePath = [...at, 'profilingConfig'];
  // The chart's defaults (60s, cpu, alloc 512k, lock 10ms) are this library's; a value given is copied.
  for (const [key, pattern] of [['interval', /^[0-9]+(ms|s|m|h)$/], ['alloc', /^([0-9]+[kmg]?)?$/], ['lock', /^([0-9]+(ns|us|ms|s))?$/]] as const) {
    const value = read.string([...config, key]);
    if (value === undefined) continue;
    if (!pattern.test(value)) records.unsupported([...config, key], `"${value}" is not a ${key} this library takes`, ['profiling']);
    else {
      entry[key] = value;
      records.mapped([...config, key], `${target}.${key}`);
    }
  }
  const cpu = read.bool([...config, 'cpu']);
  if (cpu !== undefined) {
    entry.cpu = cpu;
    records.mapped([...config, 'cpu'], `${target}.cpu`);
  }
  defaultsOnly(context, config, ['sampleRate', 'event'], { sampleRate: 100, event: 'itimer' });
  draft.set(['profiling', 'java'], entry);
  draft.from(['profiling', 'java'], 'profiling.enabled', 'profiling.java');
  draft.note(['profiling', 'java'], 'by default the chart attaches only to pods annotated profiles.grafana.com/java.enabled: "true"');
}

function pprof(context: ImportContext, prefix: string): void {
  const { read, records, draft } = context;
  const at: ValuePath = ['profiling', 'pprof'];
  if (read.bool([...at, 'enabled']) === false) {
    records.ignored(at, 'off in the chart, and not rendered here either');
    return;
  }
  if (read.has([...at, 'enabled'])) records.mapped([...at, 'enabled'], 'profiling.pprof.enabled');
  const entry: Entry = { enabled: true };
  if (prefix !== defaultPrefix) entry.annotationPrefix = prefix;
  namespaces(context, at, 'profiling.pprof', entry);
  selectors(context, at);
  draft.set(['profiling', 'pprof'], entry);
  draft.from(['profiling', 'pprof'], 'profiling.enabled', ...(entry.namespaces === undefined ? [] : ['profiling.pprof.namespaces']));
  // The chart's defaults are this library's: the profiles.grafana.com prefix, the same six types, every 15s.
  draft.note(['profiling', 'pprof'], 'the chart\'s pprof defaults (profiles.grafana.com annotations, cpu, memory, goroutine, block, mutex and fgprof, every 15s) are the same here');
}

export function profiling(context: ImportContext): void {
  const { read, records } = context;
  const at: ValuePath = ['profiling'];
  const enabled = read.bool([...at, 'enabled']) ?? false;
  records.mapped([...at, 'enabled'], 'profiling');
  if (!enabled) {
    if (read.has(at)) records.ignored(at, 'profiling.enabled is false, so the chart reads none of these keys');
    return;
  }
  const prefix = read.string([...at, 'annotations', 'prefix']) ?? defaultPrefix;
  const prefixOk = dnsLabel.test(prefix.replaceAll('.', '-'));
  if (read.has([...at, 'annotations', 'prefix'])) records.mapped([...at, 'annotations', 'prefix'], 'profiling.pprof.annotationPrefix');
  ebpf(context, prefix === defaultPrefix);
  java(context, prefix === defaultPrefix);
  if (prefixOk) pprof(context, prefix);
  else records.unsupported([...at, 'annotations', 'prefix'], `"${prefix}" is not an annotation prefix`, ['profiling']);
  if (read.has([...at, 'collector'])) records.ignored([...at, 'collector'], 'the collector follows from the feature here (alloy-profiles)');
}
