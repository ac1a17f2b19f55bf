// Name rules the apiserver enforces, from apimachinery/pkg/util/validation.
// Every object repeats the same label keys, values and names, so each rule remembers its verdicts.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

type Rule = (v: string) => string | undefined;

// Bounded: cleared when large, as a long-running process may see endless distinct names.
const cacheLimit = 10_000;

/** The rule, with each distinct name checked once. */
function remembered(rule: Rule): Rule {
  const verdicts = new Map<string, string | null>(); // null: valid
  return (v) => {
    let verdict = verdicts.get(v);
    if (verdict === undefined) {
      if (verdicts.size >= cacheLimit) verdicts.clear();
      verdicts.set(v, (verdict = rule(v) ?? null));
    }
    return verdict ?? undefined;
  };
}

const rules = {
  dnsLabel: (v: string) => (v.length <= 63 && LABEL.test(v) ? undefined : 'must be a DNS-1123 label (at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit)'),
  dnsSubdomain: (v: string) => (v.length <= 253 && SUBDOMAIN.test(v) ? undefined : 'must be a DNS-1123 subdomain (at most 253 lowercase letters, digits, "-" or ".", starting and ending with a letter or digit)'),
  dns1035Label: (v: string) => (v.length <= 63 && DNS1035.test(v) ? undefined : 'must be a DNS-1035 label (at most 63 lowercase letters, digits or "-", starting with a letter, ending with a letter or digit)'),
  // RBAC objects only need to be a URL path segment (system:aggregate-to-view is valid).
  pathSegment: (v: string) => (v !== '.' && v !== '..' && !/[/%]/.test(v) ? undefined : 'must not be "." or ".." or contain "/" or "%"'),
  portName: (v: string) =>
    v.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v) && /[a-z]/.test(v) && !v.includes('--')
      ? undefined
      : 'must be an IANA service name (at most 15 lowercase letters, digits or "-", with a letter, no "--")',
  labelKey: (v: string) => {
    const slash = v.indexOf('/');
    const [prefix, name] = slash < 0 ? [undefined, v] : [v.slice(0, slash), v.slice(slash + 1)];
    if (prefix !== undefined && rules.dnsSubdomain(prefix)) return 'has a prefix that is not a DNS-1123 subdomain';
    return name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : 'must be [prefix/]name with a name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  },
  labelValue: (v: string) => (v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v)) ? undefined : 'must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit'),
} satisfies Record<string, Rule>;

/** Why `name` is not valid, or undefined. Rules from apimachinery/pkg/util/validation. */
export const nameRules = Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, remembered(rule)])) as Record<keyof typeof rules, Rule>;

/** The rule for metadata.name of a `kind`. */
export function objectNameRule(kind: string): Rule {
  if (kind === 'Namespace') return nameRules.dnsLabel;
  if (kind === 'Service') return nameRules.dns1035Label;
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return nameRules.pathSegment;
  return nameRules.dnsSubdomain;
}
