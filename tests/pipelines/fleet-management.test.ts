// Fleet Management: one remotecfg block per Alloy workload that runs, credentials from the Secret only, collectors
// named per pod and described by attributes; refused without a URL or with an auth remotecfg cannot do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { environment, type EnvironmentInput } from '../../lib/config/environment.ts';
import { isUserError } from '../../lib/errors.ts';
import { render } from '../../lib/render.ts';

const file = 'environments/test.ts';
const fleet: EnvironmentInput['fleetManagement'] = {
  enabled: true, url: 'https://fleet-management-prod-011.grafana.net',
  auth: { secret: 'fm', usernameKey: 'id', passwordKey: 'token' }, attributes: { team: 'a' },
};
const base: EnvironmentInput = { name: 'test', clusterName: 'c1', fleetManagement: fleet };
const configMaps = (spec: EnvironmentInput) =>
  render({ spec: environment(spec), file, allowLists: {} }).objects.filter((o) => o.kind === 'ConfigMap') as unknown as { metadata: { name: string }; data: Record<string, string> }[];

test('each running Alloy workload polls Fleet Management with its own attributes', () => {
  const withRemote = configMaps(base).filter((c) => 'remotecfg.alloy' in c.data);
  assert.equal(withRemote.map((c) => c.metadata.name), ['alloy-stack-alloy-metrics'], 'logs are off without a destination: no workload only for Fleet Management');
  const text = withRemote[0]!.data['remotecfg.alloy']!;
  assert.match(text, /id\s+= "c1-monitoring-" \+ constants\.hostname/);
  assert.match(text, /workload\s+= "alloy-metrics"/);
  assert.match(text, /team\s+= "a"/);
  assert.match(text, /password = sys\.env\("FLEET_MANAGEMENT_PASSWORD"\)/);
  assert.not.ok(JSON.stringify(configMaps(base)).includes('token"'), 'no credential value in the output');
});

test('through a proxy when one is set', () => {
  const text = configMaps({ ...base, fleetManagement: { ...fleet, proxy: { url: 'http://proxy.internal:3128', noProxy: ['.svc'] } } })[0]!.data['remotecfg.alloy']!;
  assert.match(text, /proxy_url\s+= "http:\/\/proxy\.internal:3128"/);
  assert.match(text, /no_proxy\s+= "\.svc"/);
});

test('off by default: no remotecfg anywhere', () => {
  assert.not.ok(configMaps({ name: 'test', clusterName: 'c1' }).some((c) => 'remotecfg.alloy' in c.data));
});

test('without a URL, or with sigv4, the export refuses naming the field', () => {
  const refused = (spec: EnvironmentInput) => {
    try {
      render({ spec: environment(spec), file, allowLists: {} });
    } catch (error) {
      assert.ok(isUserError(error));
      return error.problems.join('\n');
    }
    return '';
  };
  assert.match(refused({ ...base, fleetManagement: { enabled: true } }), /fleetManagement\.url: enabled is true/);
  assert.match(refused({ ...base, fleetManagement: { ...fleet, auth: { type: 'sigv4', region: 'eu-west-1' } } }), /fleetManagement\.auth\.type: remotecfg has no sigv4/);
});

test.run();
