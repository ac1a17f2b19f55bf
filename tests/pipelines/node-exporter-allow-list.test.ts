// Runs a real node-exporter and pushes its real metric names through the cloud filter with Alloy's
// relabel semantics: what crosses to the cloud must be exactly what the allow-list names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cloudFilter, parseAllowList, type CloudFilter } from '../../lib/pipelines/allow-lists.ts';
import { matchesRelabel } from '../../lib/alloy/re2.ts';

const binary = '/usr/bin/prometheus-node-exporter';
const listFile = fileURLToPath(new URL('../../allow-lists/node-exporter.yaml', import.meta.url));
const allowList = parseAllowList('allow-lists/node-exporter.yaml', readFileSync(listFile, 'utf8'));
// The scraper adds these per target; they never appear in the exposition itself.
const scraperSeries = ['up', 'scrape_samples_scraped', 'scrape_duration_seconds', 'scrape_series_added'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function scrape(url: string, child: ChildProcess): Promise<string> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) { // 40 × 200 ms: under 10 s in total
    if (child.exitCode !== null) throw new Error(`prometheus-node-exporter exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return await response.text();
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await sleep(200);
  }
  throw new Error(`node-exporter did not answer on ${url}: ${String(lastError)}`);
}

/** The distinct metric names of every sample in a Prometheus text exposition. */
function sampleNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
    assert.ok(name, `not a sample line: ${line}`);
    names.add(name);
  }
  return names;
}

/** prometheus.relabel order: the keep rule, then the drop rule; a missing rule lets everything through. */
function passes(filter: CloudFilter, name: string): boolean {
  if (filter.keep !== undefined && !matchesRelabel(filter.keep, name)) return false;
  return filter.drop === undefined || !matchesRelabel(filter.drop, name);
}

// One real scrape shared by every test. A rejected promise fails each test with the same message
// (a failing uvu hook would only print "0 / 5" without saying why).
let scrapeOnce: Promise<string[]> | undefined;

function names(): Promise<string[]> {
  scrapeOnce ??= (async () => {
    assert.ok(existsSync(binary), 'prometheus-node-exporter not found: run scripts/install-tools.sh');
    const port = await freePort();
    const child = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    try {
      const scraped = sampleNames(await scrape(`http://127.0.0.1:${port}/metrics`, child));
      for (const name of scraperSeries) scraped.add(name);
      return [...scraped].sort();
    } finally {
      child.kill('SIGTERM');
    }
  })();
  return scrapeOnce;
}

test('the cloud gets exactly the scraped names that some allow-list entry matches in full', async () => {
  const scraped = await names();
  const filter = cloudFilter('node-exporter', undefined, allowList);
  const crossed = scraped.filter((name) => passes(filter, name));
  const expected = scraped.filter((name) =>
    name === 'up' || name === 'scrape_samples_scraped' || allowList.some((entry) => matchesRelabel(entry, name)));
  assert.equal(crossed, expected);
  assert.ok(crossed.length < scraped.length / 4, `${crossed.length} of ${scraped.length} names cross: the list is not selective`);
});

test('well-known node metrics and target health cross to the cloud', async () => {
  const scraped = await names();
  const filter = cloudFilter('node-exporter', undefined, allowList);
  for (const name of ['node_cpu_seconds_total', 'node_memory_MemAvailable_bytes', 'node_filesystem_avail_bytes', 'up', 'scrape_samples_scraped']) {
    assert.ok(scraped.includes(name), `node-exporter did not expose ${name}`);
    assert.ok(passes(filter, name), `${name} should cross`);
  }
});

test('exporter internals and unlisted families stay local', async () => {
  const scraped = await names();
  const filter = cloudFilter('node-exporter', undefined, allowList);
  for (const name of ['go_gc_duration_seconds', 'node_scrape_collector_duration_seconds', 'promhttp_metric_handler_requests_total', 'scrape_duration_seconds']) {
    assert.ok(scraped.includes(name), `node-exporter did not expose ${name}`);
    assert.not.ok(passes(filter, name), `${name} should stay local`);
  }
});

test('excludeMetrics drops after the keep, and include adds to the defaults', async () => {
  const scraped = await names();
  const filter = cloudFilter('node-exporter', { useDefaultAllowList: true, includeMetrics: ['node_load1'], excludeMetrics: ['node_filesystem_.*'] }, allowList);
  assert.ok(passes(filter, 'node_load1'));
  assert.not.ok(passes(filter, 'node_filesystem_avail_bytes'));
  assert.ok(passes(filter, 'node_cpu_seconds_total'));
  assert.not.ok(scraped.some((name) => name.startsWith('node_filesystem_') && passes(filter, name)));
});

test('the local path (no filter) keeps every scraped name', async () => {
  const scraped = await names();
  assert.equal(scraped.filter((name) => passes({}, name)), scraped);
});

test.run();
