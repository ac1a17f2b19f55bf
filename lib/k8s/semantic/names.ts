// Name rules the apiserver enforces, from apimachinery/pkg/util/validation.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `name` is not valid, or undefined. Rules from apimachinery/pkg/util/validation. */
export const nameRules = {
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
    if (prefix !== undefined && nameRules.dnsSubdomain(prefix)) return 'has a prefix that is not a DNS-1123 subdomain';
    return name.length <= 63 && QUALIFIED_NAME.test(name) ? undefined : 'must be [prefix/]name with a name of at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
  },
  labelValue: (v: string) => (v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v)) ? undefined : 'must be empty or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit'),
};

/** The rule for metadata.name of a `kind`. */
export function objectNameRule(kind: string): (v: string) => string | undefined {
  if (kind === 'Namespace') return nameRules.dnsLabel;
  if (kind === 'Service') return nameRules.dns1035Label;
  if (/^(Cluster)?Role(Binding)?$/.test(kind)) return nameRules.pathSegment;
  return nameRules.dnsSubdomain;
}
