// What every values section is given: a typed reader of the values, the key records, the environment
// draft it writes into and the Secrets it asks the user to create. A section reads only its own keys
// and records each one; the final pass reports whatever no section recorded.
import type { SecretPlan } from './credentials.ts';
import type { EnvironmentDraft } from './draft.ts';
import type { KeyRecords } from './records.ts';
import type { Reader } from './values.ts';

export interface ImportContext {
  read: Reader;
  records: KeyRecords;
  draft: EnvironmentDraft;
  secrets: SecretPlan[];
  /** The stack's namespace: where the environment's Secrets must be. */
  namespace: string;
}

export type Section = (context: ImportContext) => void;
