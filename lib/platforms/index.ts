// The platforms an environment may name (`platform`); generic is the absence of a preset.
import { aks } from './aks.ts';
import { eksFargate } from './eks-fargate.ts';
import { gkeAutopilot } from './gke-autopilot.ts';
import { openshift } from './openshift.ts';
import type { Platform } from './platform.ts';

export type { Platform } from './platform.ts';

export const platforms: Readonly<Record<string, Platform>> = {
  'eks-fargate': eksFargate,
  'gke-autopilot': gkeAutopilot,
  openshift,
  aks,
};

/** The preset of a platform name, or undefined for generic (and for a name the schema will refuse). */
export const platformOf = (name: unknown): Platform | undefined => (typeof name === 'string' && Object.hasOwn(platforms, name) ? platforms[name] : undefined);
