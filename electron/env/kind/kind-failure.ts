// Pure: kind's stderr after a failed create or delete -> an EnvironmentError
// that says what went wrong in the learner's terms and what to do next.
import { EnvironmentError } from '../errors';
import { KIND_CLUSTER_LABEL } from './kind-nodes';
import { kindFailure } from './kind-output';

// kind pulls its node image by tag and digest (pkg/apis/config/defaults/image.go);
// a tarball loaded offline keeps the tag only, so `--image` must name the tag.
const PULL_FAILED = /failed to pull image "([^"@]+)(@sha256:[0-9a-f]+)?"/;
const ALREADY_EXISTS = /node\(s\) already exist for a cluster with the name "([^"]+)"/;

export type KindAction = 'create' | 'delete' | 'list' | 'export' | 'load';

export function explainKindFailure(stderr: string, action: KindAction, cluster: string): EnvironmentError {
  const failure = kindFailure(stderr) ?? (stderr.trim().split('\n').pop() || 'kind exited without saying why');
  const cause = failure.split('\n').find((l) => l.startsWith('Command Output: '))?.slice('Command Output: '.length);

  const pull = PULL_FAILED.exec(failure);
  if (pull) {
    const tag = pull[1]!;
    return new EnvironmentError(
      `kind could not get its node image ${tag}: the Docker engine cannot pull it${cause ? ` (${cause})` : ''}.`,
      `\`nslab cluster create\` without --image uses nslab's own node image, which needs no registry. ` +
        `For this one, connect this machine to the internet once, or, on a machine that can pull it, ` +
        `\`docker pull ${tag}\` and \`docker save -o kind-node.tar ${tag}\`; here, \`docker load -i kind-node.tar\` and \`nslab cluster create --image ${tag}\`.`,
    );
  }
  const exists = ALREADY_EXISTS.exec(failure);
  if (exists) {
    return new EnvironmentError(
      `The kind cluster "${exists[1]}" already exists.`,
      'Use it as it is (`nslab cluster status`), or remove it first with `nslab cluster delete`.',
    );
  }
  const fixes: Record<KindAction, string> = {
    create: '`nslab cluster delete` removes whatever the attempt left; then try again.',
    delete: `Remove its node containers by hand: \`docker rm -f $(docker ps -aq --filter label=${KIND_CLUSTER_LABEL}=${cluster})\`.`,
    list: 'Check that the Docker engine answers: `docker ps`.',
    export: 'Check the cluster with `nslab cluster status`; if its nodes are gone, `nslab cluster delete` and create it again.',
    load: 'Check that the image is on this Docker engine (`docker image ls`) and that the cluster runs (`nslab cluster status`).',
  };
  const attempts: Record<KindAction, string> = {
    create: `create the cluster "${cluster}"`,
    delete: `delete the cluster "${cluster}"`,
    list: 'list its clusters',
    export: `export the kubeconfig of "${cluster}"`,
    load: `load an image into "${cluster}"`,
  };
  return new EnvironmentError(`kind could not ${attempts[action]}: ${shortened(failure.split('\n').join(' '))}`, fixes[action]);
}

/** kind passes on the whole output of the command that failed: kubeadm init's --v=6 log runs to hundreds of kB. */
const MAX_FAILURE = 2_000;

/** The start (what failed) and the end (kubeadm's own error) of a long failure. */
function shortened(text: string): string {
  if (text.length <= MAX_FAILURE) return text;
  return `${text.slice(0, 500)} … (${text.length - MAX_FAILURE} characters left out) … ${text.slice(-1_500)}`;
}
