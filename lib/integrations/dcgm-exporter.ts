// NVIDIA's DCGM exporter: the GPUs of each node (utilisation, memory, temperature, power, errors). The NVIDIA GPU
// Operator runs it as a DaemonSet labelled app: nvidia-dcgm-exporter with its port named `metrics` (9400), which
// is also what Grafana's k8s-monitoring chart selects by default.
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const dcgmExporter: Integration = {
  name: 'dcgm-exporter',
  collects: 'GPU utilisation, framebuffer memory, temperature, power and energy, clocks, XID errors (NVIDIA\'s DCGM dashboard)',
  jobName: 'integrations/dcgm-exporter',
  defaultInstances: [instance('dcgm-exporter', { app: 'nvidia-dcgm-exporter' }, { name: 'metrics' })],
};
