// Pure: the kubeconfig a learner's tools box gets, made from nslab's own
// (`kubectl config view --raw --minify --flatten -o json`): the same cluster and
// its CA, but the server is the box's own end of the relay (127.0.0.1 inside
// the box, which has no network) and the only credential is the learner's
// token. The admin's certificates, keys, tokens and exec plugins never reach it.
import { arr, obj, str } from '../../shared/json-fields';

/** Where the box's forwarder listens, inside the box's own network namespace. */
export const BOX_API_PORT = 6443;

export interface ApiserverAddress {
  host: string;
  port: number;
}

export interface LearnerKubeconfig {
  /** JSON, which kubectl reads as YAML */
  text: string;
  /** where the host's relay connects: the apiserver, and only it */
  apiserver: ApiserverAddress;
}

export function learnerKubeconfig(adminView: unknown, token: string, namespace: string): LearnerKubeconfig {
  const view = obj(adminView);
  const cluster = obj(obj(arr(view.clusters)[0]).cluster);
  const server = str(cluster.server);
  if (!server) throw new Error('the kubeconfig names no server');
  const url = new URL(server);
  if (url.protocol !== 'https:') throw new Error(`the apiserver ${server} is not served over https`);
  // URL keeps IPv6 hosts in brackets; a socket connects to the bare address.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 443);
  const ca = str(cluster['certificate-authority-data']);
  const boxCluster: Record<string, unknown> = {
    server: `https://127.0.0.1:${BOX_API_PORT}${url.pathname === '/' ? '' : url.pathname}`,
    // The certificate names the real host, not the box's 127.0.0.1.
    'tls-server-name': str(cluster['tls-server-name']) ?? host,
    ...(ca ? { 'certificate-authority-data': ca } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { 'insecure-skip-tls-verify': true } : {}),
  };
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'nslab', cluster: boxCluster }],
    users: [{ name: 'learner', user: { token } }],
    contexts: [{ name: 'nslab', context: { cluster: 'nslab', user: 'learner', namespace } }],
    'current-context': 'nslab',
  };
  return { text: `${JSON.stringify(config, null, 2)}\n`, apiserver: { host, port } };
}
