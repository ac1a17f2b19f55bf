// A `pyroscope` destination: a profiles.destinations entry (pyroscope.write), with its URL, tenant,
// extra headers and basic or bearer auth from a Secret. The chart sends it every profile, as here.
import type { ImportContext } from '../context.ts';
import type { DraftValue } from '../draft.ts';
import { formatPath, type ValuePath } from '../values.ts';
import { common, destinationAuth, headers } from './destinations.ts';

const destinationName = /^[a-z][a-z0-9_-]*$/;
const httpUrl = /^https?:\/\/[^\s"\\@]+$/;

export function pyroscopeDestination(context: ImportContext, at: ValuePath, name: string, taken: Set<string>): DraftValue | undefined {
  const { read, records, draft } = context;
  const fail = (path: ValuePath, why: string) => {
    records.unsupported(path, why, ['profiles']);
    // The destination's other keys belong to it: reported once, at the reason above.
    records.ignored(at, 'belongs to the unsupported Pyroscope destination');
    return undefined;
  };
  const url = read.string([...at, 'url']);
  if (url === undefined) return fail(at, 'a Pyroscope destination without url (urlFrom has no field here)');
  if (!httpUrl.test(url)) return fail([...at, 'url'], `"${url}" is not an http(s) URL (credentials in the URL are never copied)`);
  const authType = read.string([...at, 'auth', 'type']) ?? 'none';
  if (authType !== 'none' && authType !== 'basic' && authType !== 'bearerToken') return fail([...at, 'auth'], `${authType} is not offered for Pyroscope destinations here (basic or bearer)`);
  records.mapped([...at, 'url'], 'profiles.destinations[].url');

  let local = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '').slice(0, 40);
  if (local === '') local = 'pyroscope';
  while (!destinationName.test(local) || taken.has(local)) local = `${local.slice(0, 38)}-2`;
  taken.add(local);
  common(context, at);
  const entry: Record<string, DraftValue> = { name: local, url };
  const auth = destinationAuth(context, at, name, 'profiles');
  if (authType !== 'none' && auth === undefined) {
    records.ignored(at, 'belongs to the Pyroscope destination whose auth is unsupported');
    return undefined;
  }
  if (auth !== undefined) entry.auth = auth;
  // YAML reads `tenantId: 1` as a number; the chart sends it as text.
  const rawTenant = read.raw([...at, 'tenantId']);
  const tenant = typeof rawTenant === 'number' ? String(rawTenant) : read.string([...at, 'tenantId']);
  if (tenant !== undefined) {
    entry.tenantId = tenant;
    records.mapped([...at, 'tenantId'], 'profiles.destinations[].tenantId');
  }
  const extra = headers(context, at, 'profiles.destinations[]', false);
  if (extra !== undefined) entry.headers = extra;
  draft.from(['profiles', 'destinations'], `${formatPath(at)} (pyroscope "${name}")`);
  return entry;
}
