// kind's create/delete output -> progress events and learner-facing errors, on
// output captured from the real kind (and two fixtures labelled as not captured
// here: see test/fixtures/kind/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainKindFailure } from '../../electron/env/kind/kind-failure';
import { kindFailure, parseKindLine, parseKindOutput, type KindEvent } from '../../electron/env/kind/kind-output';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/kind/${name}`, import.meta.url), 'utf8');
const stages = (events: KindEvent[]) => events.flatMap((e) => (e.type === 'stage' ? [`${e.state} ${e.stage ?? '?'}: ${e.title}`] : []));

describe('kind create without a node image (captured: kind v0.33.0, no registry)', () => {
  const text = fixture('create-no-node-image.stderr');

  it('sees the node image stage start and fail', () => {
    expect(stages(parseKindOutput(text))).toEqual([
      'running node-image: Ensuring node image (kindest/node:v1.37.0)',
      'failed node-image: Ensuring node image (kindest/node:v1.37.0)',
    ]);
  });

  it("keeps kind's other lines as notes and its error as an error", () => {
    const events = parseKindOutput(text);
    expect(events[0]).toEqual({ type: 'note', text: 'cgroup v1 is deprecated in Kubernetes and will not be supported in a future kind release, please upgrade to cgroup v2' });
    expect(events[1]).toEqual({ type: 'note', text: 'Creating cluster "nslab" ...' });
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
  });

  it('joins the error with the output of the command that failed', () => {
    const failure = kindFailure(text)!;
    expect(failure.split('\n')[0]).toMatch(/^failed to create cluster: failed to pull image "kindest\/node:v1\.37\.0@sha256:a1ed56cf/);
    expect(failure).toContain('Command Output: Error response from daemon: Get "https://registry-1.docker.io/v2/"');
  });

  it('explains it as a missing node image, with the offline way to get one', () => {
    const error = explainKindFailure(text, 'create', 'nslab');
    expect(error.message).toBe(
      'kind could not get its node image kindest/node:v1.37.0: the Docker engine cannot pull it ' +
        '(Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.255.255.53:53: no such host).',
    );
    expect(error.fix).toContain('docker load -i kind-node.tar');
    // The tag, not the digest: a loaded tarball keeps only the tag.
    expect(error.fix).toContain('nslab cluster create --image kindest/node:v1.37.0`');
  });
});

describe('kind create that succeeds (reconstructed from kind v0.33.0 source)', () => {
  const events = parseKindOutput(fixture('create-success.reconstructed.stderr'));

  it('reports every stage running then done, in kind order, without icons', () => {
    const done = events.flatMap((e) => (e.type === 'stage' && e.state === 'done' ? [[e.stage, e.title]] : []));
    expect(done).toEqual([
      ['node-image', 'Ensuring node image (kindest/node:v1.37.0)'],
      ['nodes', 'Preparing nodes'],
      ['configuration', 'Writing configuration'],
      ['control-plane', 'Starting control-plane'],
      ['cni', 'Installing CNI'],
      ['storage-class', 'Installing StorageClass'],
      ['wait-ready', 'Waiting ≤ 5m0s for control-plane = Ready'],
    ]);
    expect(events.filter((e) => e.type === 'stage' && e.state === 'running')).toHaveLength(7);
  });

  it('takes the bullet lines without "..." for notes, not stages', () => {
    expect(events).toContainEqual({ type: 'note', text: 'Ready after 21s' });
    expect(events).toContainEqual({ type: 'note', text: 'Set kubectl context to "kind-nslab"' });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('kind create as a terminal shows it (Kubernetes documentation)', () => {
  it('reads the marks with trailing spaces and icons', () => {
    expect(stages(parseKindOutput(fixture('create-success-terminal.txt')))).toEqual([
      'done node-image: Ensuring node image (kindest/node:v1.37.0)',
      'done nodes: Preparing nodes',
      'done configuration: Writing configuration',
      'done control-plane: Starting control-plane',
      'done cni: Installing CNI',
      'done storage-class: Installing StorageClass',
    ]);
  });

  // Built from status.go's coloured formats and the spinner's carriage return, not captured.
  it('strips colours and spinner redraws from a line', () => {
    expect(parseKindLine('\r ⠊ Installing CNI 🔌 \r \x1b[32m✓\x1b[0m Installing CNI 🔌')).toEqual({ type: 'stage', stage: 'cni', title: 'Installing CNI', state: 'done' });
    expect(parseKindLine(' \x1b[31m✗\x1b[0m Starting control-plane 🕹️')).toMatchObject({ stage: 'control-plane', state: 'failed' });
  });

  it('keeps a stage a newer kind adds, unnamed', () => {
    expect(parseKindLine(' • Configuring the mesh 🕸  ...')).toEqual({ type: 'stage', stage: undefined, title: 'Configuring the mesh', state: 'running' });
  });
});

describe('kind delete (captured)', () => {
  it('is one note, no error', () => {
    expect(parseKindOutput(fixture('delete-absent.stderr'))).toEqual([{ type: 'note', text: 'Deleting cluster "nslab" ...' }]);
    expect(kindFailure(fixture('delete-absent.stderr'))).toBeUndefined();
  });
});

describe('explainKindFailure', () => {
  it('says the cluster already exists and what to do', () => {
    const error = explainKindFailure('ERROR: failed to create cluster: node(s) already exist for a cluster with the name "nslab"\n', 'create', 'nslab');
    expect(error.message).toBe('The kind cluster "nslab" already exists.');
    expect(error.fix).toContain('nslab cluster delete');
  });

  // Shaped like the failure captured on the guest (kubeadm init's --v=6 log, 318 kB, then its error).
  it("keeps the start and the end of a long failure: kubeadm's error, not its whole log", () => {
    const log = Array.from({ length: 3000 }, (_, i) => `I1205 03:17:${i} round_trippers.go:632] "Response" verb="POST"`).join(' ');
    const stderr = `ERROR: failed to create cluster: failed to init node with kubeadm: command "docker exec --privileged nslab-control-plane kubeadm init" failed with error: exit status 1\nCommand Output: ${log} error: error execution phase wait-control-plane: cannot obtain client without bootstrap\n`;
    const error = explainKindFailure(stderr, 'create', 'nslab');
    expect(error.message.length).toBeLessThan(2_200);
    expect(error.message).toMatch(/^kind could not create the cluster "nslab": failed to create cluster: failed to init node with kubeadm: .* characters left out\) … .*error execution phase wait-control-plane: cannot obtain client without bootstrap$/);
  });

  // Captured: `kind get clusters` with DOCKER_HOST pointing at no engine.
  it("passes anything else on in kind's words", () => {
    const stderr =
      'ERROR: failed to list clusters: command "docker ps -a --filter label=io.x-k8s.kind.cluster --format \'{{.Label "io.x-k8s.kind.cluster"}}\'" failed with error: exit status 1\n\nCommand Output: Cannot connect to the Docker daemon at unix:///tmp/none.sock. Is the docker daemon running?\n';
    const error = explainKindFailure(stderr, 'list', 'nslab');
    expect(error.message).toMatch(/^kind could not list its clusters: failed to list clusters: .* Command Output: Cannot connect to the Docker daemon/);
    expect(error.fix).toContain('docker ps');
  });
});
