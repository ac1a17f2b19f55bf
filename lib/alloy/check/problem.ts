// One problem the check found in an Alloy file, and the sentence a person reads: where (file:line:col of a
// parsed file, the file alone for a built one), which component and field, what is wrong, and a hint.
import type { Position } from '../positions.ts';

export interface CheckProblem {
  file: string;
  /** Undefined for built trees, which have no positions. */
  position?: Position;
  /** The component ID (`prometheus.scrape.app`) or block name (`logging`). */
  component?: string;
  /** The argument, with its enclosing blocks and value path (`endpoint 1 basic_auth password`). */
  field?: string;
  /** The full sentence. */
  message: string;
}

export function problemMessage(file: string, position: Position | undefined, component: string | undefined, field: string | undefined, text: string, hint?: string): string {
  const place = position === undefined ? file : `${position.file}:${position.line}:${position.column}`;
  const subject = component === undefined ? '' : field === undefined || field === '' ? `${component}: ` : `${component} ${field}: `;
  return `${place}: ${subject}${text}${hint === undefined ? '' : ` (${hint})`}`;
}
