// OpenShift: UIDs from the namespace's range (restricted-v2), node agents bound to the SCCs they need.
import { environment } from '../lib/index.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'openshift',
  clusterName: 'openshift-example',
  platform: 'openshift',
});
