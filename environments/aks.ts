// AKS: the managed control plane is not scraped, except the API server.
import { environment } from '../lib/index.ts';
import prod from './prod.ts';

export default environment(prod, {
  name: 'aks',
  clusterName: 'aks-example',
  platform: 'aks',
});
