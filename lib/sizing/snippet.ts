// The proposal of scripts/size.ts as an environment fragment a person pastes into environments/<cluster>.ts.
import { proposeLogs, proposeMetrics } from './rule-of-thumb.ts';

export interface SizingQuestion {
  activeSeries: number;
  scrapeIntervalSeconds: number;
  replicas?: number;
  logBytesPerSecondPerNode?: number;
}

export function sizingSnippet(q: SizingQuestion): string {
  const m = proposeMetrics(q.activeSeries, q.scrapeIntervalSeconds, q.replicas);
  const lines = [
    `  // ${q.activeSeries} active series at ${q.scrapeIntervalSeconds}s: Alloy's rule of thumb (0.4 CPU, 11 GiB per million series),`,
    '  // limits 1.5x the need, a WAL volume for 2h of samples.',
    '  sizing: {',
    `    activeSeries: ${q.activeSeries},`,
    ...(q.logBytesPerSecondPerNode === undefined ? [] : [`    logBytesPerSecondPerNode: ${q.logBytesPerSecondPerNode},`]),
    '  },',
    '  alloyMetrics: {',
    `    replicas: ${m.replicas},`,
    `    resources: { requests: { cpu: '${m.requests.cpu}', memory: '${m.requests.memory}' }, limits: { memory: '${m.limits.memory}' } },`,
    `    storageSize: '${m.storageSize}',`,
    '  },',
  ];
  if (q.logBytesPerSecondPerNode !== undefined) {
    const l = proposeLogs(q.logBytesPerSecondPerNode);
    lines.push(
      `  // ${(q.logBytesPerSecondPerNode / 2 ** 20).toFixed(2)} MiB/s of logs on the busiest node (1 CPU, 120 MiB per MiB/s).`,
      '  alloyLogs: {',
      `    resources: { requests: { cpu: '${l.requests.cpu}', memory: '${l.requests.memory}' }, limits: { memory: '${l.limits.memory}' } },`,
      '  },',
    );
  }
  return `${lines.join('\n')}\n`;
}
