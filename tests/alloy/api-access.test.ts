// The API access of user Alloy: each component that reads the Kubernetes API is granted what it reads, a role only
// known at run time is refused, and a rendered environment's ClusterRole carries the snippet's needs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiAccess } from '../../lib/alloy/api-access.ts';
import { parse } from '../../lib/alloy/parse.ts';
import { environment } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';

const access = (text: string) => apiAccess([{ name: 'extra.alloy', file: parse(text, 'extra.alloy') }]);

test('discovery.kubernetes: its role, and the watches attach_metadata adds', () => {
  const a = access('discovery.kubernetes "x" {\n\trole = "endpointslice"\n\n\tattach_metadata {\n\t\tnode = true\n\t}\n}\n');
  assert.equal(a.rules.map((r) => ('resources' in r ? r.resources.join(',') : '')), ['endpointslices', 'services,pods', 'nodes']);
  assert.equal(a.problems, []);
});

test('a role from an expression cannot be granted exactly: refused, naming the component', () => {
  const a = access('discovery.kubernetes "x" {\n\trole = sys.env("ROLE")\n}\n');
  assert.match(a.problems.join(), /extra\.alloy: discovery\.kubernetes "x": role must be a literal/);
});

test('operator objects, pod logs through the API, events; Secrets by name only', () => {
  const a = access([
    'prometheus.operator.servicemonitors "s" {\n\tforward_to      = []\n\tkubernetes_role = "endpointslice"\n}\n',
    'loki.source.kubernetes "l" {\n\ttargets    = []\n\tforward_to = []\n}\n',
    'remote.kubernetes.secret "c" {\n\tnamespace = "vault"\n\tname      = "creds"\n}\n',
  ].join('\n'));
  const resources = a.rules.flatMap((r) => ('resources' in r ? r.resources : []));
  assert.ok(resources.includes('servicemonitors') && resources.includes('endpointslices') && !resources.includes('endpoints'));
  assert.ok(resources.includes('pods/log'));
  assert.not.ok(resources.includes('secrets'), 'no Secret list');
  assert.equal(a.secretReads, [{ namespace: 'vault', name: 'creds' }]);
});

test('components that read nothing from the API add nothing', () => {
  assert.equal(access('prometheus.exporter.unix "u" { }\n').rules, []);
});

test('rendered: a snippet\'s discovery shows up in its workload\'s ClusterRole; a dynamic role fails the export', () => {
  const snippet = 'discovery.kubernetes "ingresses" {\n\trole = "ingress"\n}\n\nprometheus.scrape "ingresses" {\n\ttargets    = discovery.kubernetes.ingresses.targets\n\tforward_to = [prometheus.remote_write.local.receiver]\n}\n';
  const { objects } = render({ spec: environment({ name: 't', clusterName: 't', alloyMetrics: { extraConfig: { 'ingresses.alloy': snippet } } }), file: 'environments/t.ts', allowLists: {} });
  const role = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'monitoring-alloy-stack-alloy-metrics') as unknown as { rules: { resources?: string[] }[] };
  assert.ok(role.rules.some((r) => r.resources?.includes('ingresses')));
  try {
    render({ spec: environment({ name: 't', clusterName: 't', alloyMetrics: { extraConfig: { 'x.alloy': snippet.replace('"ingress"', 'sys.env("R")') } } }), file: 'environments/t.ts', allowLists: {} });
    assert.unreachable('expected a refusal');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.problems.join('\n'), /alloyMetrics\.extraConfig: x\.alloy: discovery\.kubernetes "ingresses": role must be a literal/);
  }
});

test.run();
