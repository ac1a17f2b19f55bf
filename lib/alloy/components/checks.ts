// Argument checks shared by the constructors. Each one looks only at literal values: an expression
// is Alloy's to evaluate, so it passes unchecked.
import type { Report } from '../component.ts';
import { checkDuration, parseDuration } from './duration.ts';
import { literalNumber, literalString } from './values.ts';

export function duration(report: Report, name: string, value: unknown): void {
  const text = literalString(value);
  if (text === undefined) return;
  const problem = checkDuration(text);
  if (problem !== undefined) report(`${name}: ${problem}`);
}

export function oneOf(report: Report, name: string, value: unknown, allowed: readonly string[]): void {
  const text = literalString(value);
  if (text !== undefined && !allowed.includes(text)) {
    report(`${name} ${JSON.stringify(text)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }
}

export function nonEmpty(report: Report, name: string, value: unknown): void {
  if (literalString(value) === '') report(`${name} must not be empty`);
}

/** For settings where several ways to say the same thing would conflict (auth, file vs PEM). */
export function atMostOne(report: Report, what: string, fields: Readonly<Record<string, unknown>>): void {
  const set = Object.keys(fields).filter((name) => fields[name] !== undefined);
  if (set.length > 1) report(`sets ${set.join(' and ')}: only one ${what} is allowed`);
}

/** The first duration must not be longer than the second (when both are literal). */
export function notLonger(report: Report, shortName: string, short: unknown, longName: string, long: unknown): void {
  const a = literalString(short);
  const b = literalString(long);
  if (a === undefined || b === undefined) return;
  const an = parseDuration(a);
  const bn = parseDuration(b);
  if (an !== undefined && bn !== undefined && an > bn) {
    report(`${shortName} ${JSON.stringify(a)} is longer than ${longName} ${JSON.stringify(b)}`);
  }
}

export function notGreater(report: Report, smallName: string, small: unknown, bigName: string, big: unknown): void {
  const a = literalNumber(small);
  const b = literalNumber(big);
  if (a !== undefined && b !== undefined && a > b) report(`${smallName} ${a} is greater than ${bigName} ${b}`);
}

export function positiveInteger(report: Report, name: string, value: unknown, allowZero = false): void {
  const n = literalNumber(value);
  if (n === undefined) return;
  if (!Number.isInteger(n) || n < 0 || (!allowZero && n === 0)) {
    report(`${name} ${n} must be a whole number ${allowZero ? '>= 0' : '> 0'}`);
  }
}

/** An empty forward_to silently drops everything the component produces. */
export function forwardsSomewhere(report: Report, forwardTo: readonly unknown[]): void {
  if (forwardTo.length === 0) report('forward_to is empty: everything this component produces would be dropped');
}

/** Literal values of a list of endpoint names must be unique (Alloy keys queues and metrics by name). */
export function uniqueNames(report: Report, block: string, names: readonly unknown[]): void {
  const seen = new Set<string>();
  for (const value of names) {
    const name = literalString(value);
    if (name === undefined) continue;
    if (seen.has(name)) report(`has two ${block} blocks named ${JSON.stringify(name)}`);
    seen.add(name);
  }
}
