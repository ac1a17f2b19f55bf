// The benchmark behind scripts/bench.ts: render cost per environment and at fleet scale, every time as a ratio
// to `tsx` running an empty script measured in the same run (machines are shared and noisy; absolute times
// mean little). Prints a table, writes the figures as JSON when asked, and says whether every target was met.
// What each figure means: bench/README.md.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fleetPatch, manyApps, writeFleet } from './fleet.ts';
import { fixed, median, medianTime, mib, repeat, runTimed, table, writeFloor, type RunResult } from './measure.ts';
import type { Environment } from '../lib/index.ts';
import { repoRoot } from '../lib/cli/environments.ts';

const targets = { oneEnvRatio: 1.5, fleetRatio: 15, fleetEnvs: 1000, peakRssMiB: 512, growthMarginal: 2 };

interface Target { name: string; limit: string; value: string; met: boolean }

export interface BenchOptions {
  /** Measured runs of each figure. */
  runs: number;
  /** Where to write every figure as JSON. */
  json?: string;
  /** Fleet sizes, in environments. */
  fleet: readonly number[];
  /** App pipelines in one environment, for the growth figure. */
  apps: readonly number[];
  /** Where fleets are exported; default /dev/shm where there is one. */
  fleetOut?: string;
}

/** Runs every measurement and prints the report; 1 when a target was missed, else 0. */
export async function runBench(options: BenchOptions): Promise<number> {
  const { runs } = options;
  const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
  // Inside the repository, as environments and exports are (its file system, its package.json): the system's
  // temporary folder may be another file system (tmpfs on many machines, on some a disk ten times slower).
  const scratch = path.join(repoRoot, 'bench', '.runs');
  mkdirSync(scratch, { recursive: true });
  const tmp = mkdtempSync(path.join(scratch, 'run-'));
  // The fleets' exports go to a RAM file system where there is one (--fleet-out says otherwise): on this kind of
  // machine the disk took from 1.2 s to 24 s, hour by hour, to create the same 37 000 files, which no ratio to
  // a CPU baseline absorbs. The disk's own floor for those files is measured and reported beside it.
  const fleetOutRoot = options.fleetOut ?? (isDir('/dev/shm') ? '/dev/shm' : tmp);
  const fleetOut = mkdtempSync(path.join(fleetOutRoot, 'alloy-stack-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const checks: Target[] = [];
  const check = (name: string, met: boolean, value: string, limit: string) => checks.push({ name, limit, value, met });

  try {
    log(`bench: ${runs} runs each, temporary files in ${tmp}, fleet exports in ${fleetOut}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    // 1. Baselines. The empty script lives outside the repo; its transform is cached after the warm-up like every file.
    // Each measured run below follows a baseline run and is divided by the median of those, so a load that
    // changes during the minutes a run takes moves both.
    const empty = path.join(tmp, 'empty.ts');
    writeFileSync(empty, '// The tsx baseline: nothing to do.\nexport {};\n');
    const tsxRuns = await repeat(runs, () => runTimed(tsx, [empty], repoRoot));
    const nodeRuns = await repeat(runs, () => runTimed(process.execPath, ['-e', '0'], repoRoot));
    const allBase = tsxRuns.map((r) => r.ms);
    const paired = async (times: number, run: (i: number) => Promise<RunResult>) => {
      const base: number[] = [];
      const results = await repeat(times, async (i) => {
        if (i >= 0) base.push((await runTimed(tsx, [empty], repoRoot)).ms);
        return run(i);
      });
      allBase.push(...base);
      return { results, ms: median(results.map((r) => r.ms)), base: median(base) };
    };

    // 2. One environment through the CLI, into a fresh folder each run.
    const one = await paired(runs, (i) => runTimed(tsx, ['scripts/export.ts', 'environments/prod', '--out', path.join(tmp, `one-${i}`)], repoRoot));
    const oneMs = one.ms;
    // The same from the sources, without the cached bundle (lib/fast-start/bundle.ts): what the bundle saves.
    const unbundled = { ...process.env, ALLOY_STACK_NO_BUNDLE: '1' };
    const fromSources = await paired(runs, (i) => runTimed(tsx, ['scripts/export.ts', 'environments/prod', '--out', path.join(tmp, `src-${i}`)], repoRoot, unbundled));
    const oneEnv = {
      ms: oneMs, baseMs: one.base, ratio: oneMs / one.base, peakRssMiB: mib(Math.max(...one.results.map((r) => r.peakRss))),
      fromSourcesMs: fromSources.ms, fromSourcesRatio: fromSources.ms / fromSources.base,
    };
    check('one environment (prod) / tsx baseline', oneEnv.ratio <= targets.oneEnvRatio, `${fixed(oneEnv.ratio, 3)}x`, `<= ${targets.oneEnvRatio}x`);
    log(`one environment: ${fixed(oneMs, 0)} ms, ${fixed(oneEnv.ratio, 2)}x its baseline of ${fixed(one.base, 0)} ms (node -e 0: ${fixed(median(nodeRuns.map((r) => r.ms)), 0)} ms)`);
    log(`one environment from the sources: ${fixed(fromSources.ms, 0)} ms, ${fixed(fromSources.ms / fromSources.base, 2)}x`);

    // 3. Fleets: generated environment files, exported by one CLI process. The warm-up run fills tsx's cache.
    const fleet = [];
    for (const envs of options.fleet) {
      const dir = writeFleet(path.join(tmp, `fleet-${envs}`, 'environments'), envs, repoRoot);
      const outDir = (i: number) => path.join(fleetOut, `fleet-${envs}`, `out-${i}`);
      // Three runs even of the largest fleet: the ratio of one run and its one baseline moved by a tenth from
      // run to run on a shared machine (14.1x and 15.7x within the hour, the baseline 399 and 298 ms).
      const fleetRuns = await paired(Math.min(runs, 3), async (i) => {
        rmSync(outDir(i - 1), { recursive: true, force: true }); // the last run's output stays, for the floor
        return runTimed(tsx, ['scripts/export.ts', dir, '--out', outDir(i)], repoRoot);
      });
      const last = outDir(fleetRuns.results.length - 1);
      const floor = writeFloor(last, path.join(fleetOut, `fleet-${envs}`, 'floor'));
      const diskFloor = fleetOut.startsWith(tmp) ? floor : writeFloor(last, path.join(tmp, `fleet-${envs}`, 'floor'));
      rmSync(path.join(tmp, `fleet-${envs}`), { recursive: true, force: true });
      rmSync(path.join(fleetOut, `fleet-${envs}`), { recursive: true, force: true });
      const { ms, base } = fleetRuns;
      const row = {
        envs, ms, baseMs: base, ratio: ms / base, perEnvMs: (ms - base) / envs, peakRssMiB: mib(Math.max(...fleetRuns.results.map((r) => r.peakRss))),
        files: floor.files, writeFloorMs: floor.ms, writeFloorRatio: floor.ms / base, diskWriteFloorMs: diskFloor.ms,
      };
      fleet.push(row);
      log(`fleet of ${envs}: ${fixed(ms, 0)} ms (${fixed(row.ratio, 2)}x), ${fixed(row.perEnvMs, 2)} ms per environment, peak RSS ${fixed(row.peakRssMiB, 0)} MiB; writing its ${floor.files} files alone ${fixed(floor.ms, 0)} ms there, ${fixed(diskFloor.ms, 0)} ms in the repository's folder`);
      check(`fleet of ${envs}: peak RSS`, row.peakRssMiB <= targets.peakRssMiB, `${fixed(row.peakRssMiB, 0)} MiB`, `<= ${targets.peakRssMiB} MiB`);
      if (envs === targets.fleetEnvs) check(`fleet of ${envs} / tsx baseline`, row.ratio <= targets.fleetRatio, `${fixed(row.ratio, 3)}x`, `<= ${targets.fleetRatio}x`);
    }

    // 4. In-process render of prod, per stage: the first call (compiles, caches) and the median after it.
    const { environment } = await import('../lib/index.ts');
    const { validateStage, buildStage, checkStage, serializeStage, render } = await import('../lib/render.ts');
    const { loadAllowLists, loadEnvironment } = await import('../lib/cli/environments.ts');
    const allowLists = await loadAllowLists();
    const prod = await loadEnvironment(path.join(repoRoot, 'environments', 'prod.ts'));
    const input = { spec: prod, file: 'environments/prod.ts', allowLists };
    const cold: Record<string, number> = {};
    const at = performance.now();
    const config = validateStage(input);
    const bt = performance.now();
    const objects = buildStage(config, input);
    const ct = performance.now();
    checkStage(config, objects, input);
    const st = performance.now();
    serializeStage(config, objects, input);
    Object.assign(cold, { validate: bt - at, build: ct - bt, check: st - ct, yaml: performance.now() - st });
    const stageRuns = Math.max(runs * 10, 30);
    const warm = {
      validate: medianTime(stageRuns, () => validateStage(input)),
      build: medianTime(stageRuns, () => buildStage(config, input)),
      check: medianTime(stageRuns, () => checkStage(config, objects, input)),
      yaml: medianTime(stageRuns, () => serializeStage(config, objects, input)),
      total: medianTime(stageRuns, () => render(input)),
    };
    // The same for the fleet's environments: what one costs in memory, without loading or writing.
    // Each measured once and unseen before, as in an export: rendering one again would find its new names and
    // checksums already learned by the YAML writer and the memos (the difference measured small, ~5%).
    const fleetEnv = (i: number) => ({ spec: environment(prod as Environment, fleetPatch(i)), file: `c${i}.ts`, allowLists });
    for (let i = 0; i < 50; i++) render(fleetEnv(10_000 + i));
    const fleetRender = median(Array.from({ length: 100 }, (_, i) => fleetEnv(i)).map((env) => medianTime(1, () => render(env), 0)));
    const stages = { cold, median: warm, fleetEnvironment: fleetRender };
    // Kubernetes versions: one schema set is precompiled (the newest); older targets are checked against the table
    // of fields by version, so start-up loads the same code whatever the number of versions, plus the table.
    const { newerFields, KUBERNETES_VERSIONS, OLDEST_KUBERNETES } = await import('../lib/k8s/field-versions.ts');
    const versions = {
      count: KUBERNETES_VERSIONS.length,
      tableKiB: statSync(path.join(repoRoot, 'vendor', 'kubernetes', 'field-versions.json')).size / 1024,
      checkMs: medianTime(stageRuns, () => { for (const o of objects) newerFields(o, OLDEST_KUBERNETES); }),
    };
    log(`stages (median ms): ${Object.entries(warm).map(([k, v]) => `${k} ${fixed(v, 2)}`).join(', ')}`);

    // 5. Growth with the number of app pipelines in one environment (graph check and allow-list merge included).
    const growth = [];
    for (const apps of options.apps) {
      const spec = environment(prod as Environment, manyApps(apps));
      const env = { spec, file: `apps-${apps}.ts`, allowLists };
      const ms = medianTime(apps >= 1000 ? 3 : Math.max(runs, 5), () => render(env), 1);
      growth.push({ apps, ms, perAppMs: ms / apps });
      log(`growth: ${apps} apps ${fixed(ms, 1)} ms`);
    }
    // Linear means each added app costs the same: the cost per app from 100 to 1000 apps over the cost per app
    // from 1 to 100 stays near 1 (below it while fixed costs fade). Quadratic growth makes it about 10.
    let growthMarginal = Number.NaN;
    if (growth.length >= 3) {
      const [first, mid, last] = [growth[0]!, growth.at(-2)!, growth.at(-1)!];
      growthMarginal = ((last.ms - mid.ms) / (last.apps - mid.apps)) / ((mid.ms - first.ms) / (mid.apps - first.apps));
      check(`growth ${mid.apps} -> ${last.apps} apps, cost per app vs ${first.apps} -> ${mid.apps}`, growthMarginal <= targets.growthMarginal, `${fixed(growthMarginal, 2)}x`, `<= ${targets.growthMarginal}x (linear)`);
    }

    // The report.
    const base = median(allBase);
    const baseline = { tsxEmptyMs: base, nodeMs: median(nodeRuns.map((r) => r.ms)), tsxPeakRssMiB: mib(median(tsxRuns.map((r) => r.peakRss))), samples: allBase.length };
    const out: string[] = [];
    out.push(table(['baseline', 'ms', 'ratio'], [
      ['tsx, empty script', fixed(base, 0), '1.00'],
      ['node -e 0', fixed(baseline.nodeMs, 0), fixed(baseline.nodeMs / base, 2)],
    ]));
    out.push(`fleet exports in ${fleetOutRoot}; the write floor is measured there, the disk floor in the repository's folder`);
    out.push(table(['export (one process)', 'ms', 'its baseline', 'ratio', 'ms/env', 'peak RSS MiB', 'files', 'write floor ms', 'floor ratio', 'disk floor ms'], [
      ['environments/prod', fixed(oneMs, 0), fixed(oneEnv.baseMs, 0), fixed(oneEnv.ratio, 2), '', fixed(oneEnv.peakRssMiB, 0), '', '', '', ''],
      ['  from the sources (no bundle)', fixed(fromSources.ms, 0), fixed(fromSources.base, 0), fixed(fromSources.ms / fromSources.base, 2), '', '', '', '', '', ''],
      ...fleet.map((f) => [`fleet of ${f.envs}`, fixed(f.ms, 0), fixed(f.baseMs, 0), fixed(f.ratio, 2), fixed(f.perEnvMs, 2), fixed(f.peakRssMiB, 0),
        String(f.files), fixed(f.writeFloorMs, 0), fixed(f.writeFloorRatio, 2), fixed(f.diskWriteFloorMs, 0)]),
    ]));
    out.push(table(['render prod in memory', 'first ms', 'median ms'], [
      ...(['validate', 'build', 'check', 'yaml'] as const).map((s) => [s, fixed(cold[s]!, 1), fixed(warm[s], 2)]),
      ['whole render', '', fixed(warm.total, 2)],
      ['whole render, a fleet environment', '', fixed(fleetRender, 2)],
    ]));
    out.push(table(['Kubernetes versions', 'value'], [
      ['vendored minor versions', String(versions.count)],
      ['schema sets compiled ahead and loaded at start-up', '1 (the newest)'],
      ['field-version table loaded at start-up, KiB', fixed(versions.tableKiB, 1)],
      [`version check of prod's objects against ${OLDEST_KUBERNETES}, median ms`, fixed(versions.checkMs, 3)],
    ]));
    out.push(table(['apps in one environment', 'render ms', 'ms/app'], growth.map((g) => [String(g.apps), fixed(g.ms, 1), fixed(g.perAppMs, 3)])));
    out.push(table(['target', 'limit', 'measured', ''], checks.map((c) => [c.name, c.limit, c.value, c.met ? 'ok' : 'MISSED'])));
    console.log(out.join('\n\n'));
    log(`load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    if (options.json !== undefined) {
      const figures = {
        date: new Date().toISOString(), node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length,
        runs, baseline, oneEnv, fleet, stages, versions, growth, growthMarginal, targets: checks,
      };
      writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
    }
    const missed = checks.filter((c) => !c.met);
    if (missed.length > 0) console.log(`\n${missed.length} target${missed.length === 1 ? '' : 's'} missed`);
    return missed.length > 0 ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(fleetOut, { recursive: true, force: true });
  }
}

function isDir(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
