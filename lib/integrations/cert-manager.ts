// cert-manager's controller; its Helm chart serves metrics on 9402 (the port name changed across
// chart versions, so the number is the stable choice).
import type { Integration } from './types.ts';
import { instance } from './types.ts';

export const certManager: Integration = {
  name: 'cert-manager',
  collects: 'certificate expiry and readiness, ACME client requests, controller sync (cert-manager mixin)',
  jobName: 'integrations/cert-manager',
  defaultInstances: [instance('cert-manager', { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' }, { number: 9402 })],
};
