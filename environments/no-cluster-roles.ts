// A team's stack in a cluster where it may not create ClusterRoles (rbac.mode namespaced): Roles in its own and two
// application namespaces only; the node and cluster-wide sources are off (lib/config/namespaced-rbac.ts).
import { environment } from '../lib/index.ts';

export default environment({
  name: 'no-cluster-roles',
  clusterName: 'shared-cluster',
  namespace: 'team-a-monitoring',
  rbac: { mode: 'namespaced', namespaces: ['team-a', 'team-a-jobs'] },
  metrics: { autodiscovery: { enabled: true } },
  logs: {
    destinations: [{ name: 'team-loki', url: 'https://loki.team-a.example.com/loki/api/v1/push', auth: { secret: 'team-loki', usernameKey: 'username', passwordKey: 'password' } }],
    events: { enabled: true },
  },
});
