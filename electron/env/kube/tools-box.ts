// Where a Kubernetes lab's terminals, its submissions and its `script` checks
// run: containers of nslab/kube-tools (the lab box's Debian plus kubectl), not
// a shell on the host. Each has no network, no capability at all, the lab box's
// seccomp profile, a read-only root and no host file but one unix socket: the
// host's end of the relay to the apiserver (api-relay.ts). Inside, a forwarder
// (its first process, user nobody) listens on 127.0.0.1:6443 and carries each
// connection to that socket. The learner (user `learner`, uid 1000) holds a
// kubeconfig with their own token only (learner-kubeconfig.ts), bound by RBAC
// to what the labs need (learner-access.ts). None of the grader's environment
// enters a box.
//
// Two boxes, not one: the learner's (terminals, submissions) and the checks'
// (the lab's script checks). In the learner's box everything of kubectl's is
// the learner's to change: their kubeconfig, its cache, the loopback where a
// server of theirs could listen. A check run there could be pointed at a fake
// apiserver and pass. The checks' box shares with the learner's only the relay
// and the work folder ($NSLAB_WORK, a tmpfs volume), which it mounts read-only;
// its kubeconfig is root's and its server is its own forwarder.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { ExecOptions, ExecResult } from '../../engine/environment';
import type { TerminalCommand } from '../../terminals/terminal-process';
import { execInContainer, type ExecIdentity } from '../docker/exec';
import { KUBE_TOOLS_IMAGE, missingImageFix } from '../docker/engine';
import { imagePresent } from '../docker/images';
import { LABEL_ROLE, sessionLabels } from '../docker/labels';
import { nslabSeccompProfile } from '../docker/seccomp-profile';
import { EnvironmentError } from '../errors';
import { BOX_API_PORT } from './learner-kubeconfig';

export const TOOLS_ROLE = 'kube-tools';
const HOME = '/home/learner';
/** the folder of the lab's own for files the steps write ($NSLAB_WORK) */
export const TOOLS_WORK = `${HOME}/work`;
const KUBECONFIG = `${HOME}/.kube/config`;
const BOX_SOCKET = '/run/nslab/api.sock';
const LEARNER: ExecIdentity = { user: '1000:1000', workingDir: HOME };
/** The box the lab's script checks run in, beside the learner's. */
export const CHECKS_ROLE = 'kube-checks';
const CHECKS_DIR = '/run/nslab-checks';
const CHECKS_KUBECONFIG = `${CHECKS_DIR}/kubeconfig`;
/** Only to write the checks' kubeconfig: root of a box with no capability, owner of CHECKS_DIR and nothing else. */
const ROOT: ExecIdentity = { user: '0:0', workingDir: '/' };

/**
 * The forwarder: 127.0.0.1:6443 in the box to the relay's socket, one process
 * per connection, bytes both ways until either side ends. perl-base is in every
 * Debian system, as for the probe agent: no new package.
 */
const FORWARDER = String.raw`
use strict; use IO::Socket::INET; use IO::Socket::UNIX; use IO::Select;
$SIG{CHLD} = 'IGNORE';
my ($path, $port) = @ARGV;
my $listen = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $port, Listen => 128, ReuseAddr => 1) or die "listen: $!\n";
while (1) {
  my $client = $listen->accept or next;
  my $pid = fork;
  if (!defined $pid || $pid) { close $client; next; }
  close $listen;
  my $api = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $path) or exit 1;
  my %peer = ($client => $api, $api => $client);
  my $select = IO::Select->new($client, $api);
  LOOP: while (my @ready = $select->can_read) {
    for my $from (@ready) {
      my $n = sysread($from, my $buffer, 65536);
      last LOOP unless $n;
      for (my $off = 0; $off < $n;) {
        my $written = syswrite($peer{$from}, $buffer, $n - $off, $off);
        last LOOP unless defined $written;
        $off += $written;
      }
    }
  }
  exit 0;
}`;

/** Waits until the forwarder listens (state 0A in /proc/net/tcp). */
const FORWARDER_READY = `port=$(printf '%04X' ${BOX_API_PORT})
i=0; until grep -q "0100007F:$port 00000000:0000 0A" /proc/net/tcp; do
  i=$((i + 1)); [ $i -lt 100 ] || { echo "the forwarder did not start" >&2; exit 1; }; sleep 0.05
done`;

/** The learner's box: their kubeconfig, theirs to read and change as kubectl's own is. */
const LEARNER_READY = `${FORWARDER_READY}
mkdir -p "$HOME/.kube" && umask 077 && printf '%s' "$NSLAB_KUBECONFIG_TEXT" > "$KUBECONFIG"`;

/** The checks' box: the kubeconfig is root's, in root's folder; the checks (user learner) read it and nothing writes it again. */
const CHECKS_READY = `${FORWARDER_READY}
umask 022 && printf '%s' "$NSLAB_KUBECONFIG_TEXT" > "$KUBECONFIG.new" && mv -f "$KUBECONFIG.new" "$KUBECONFIG"`;

export interface ToolsBoxSpec {
  learner: string;
  namespace: string;
  prefix: string;
  /** the host's end of the relay, bind-mounted into the box */
  socketPath: string;
  kubeconfigText: string;
}

/** DOCKER_HOST for the docker CLI to reach the engine `docker` talks to over a unix socket; undefined for any other (DOCKER_HOST's own). */
function engineHostOf(docker: Docker): string | undefined {
  const socketPath = (docker.modem as { socketPath?: unknown }).socketPath;
  return typeof socketPath === 'string' ? `unix://${socketPath}` : undefined;
}

/** What the learner's box and the checks' box differ in. */
interface BoxPart {
  name: string;
  role: string;
  kubeconfig: string;
  /** the work folder: the learner's to write, the checks' to read */
  workReadOnly: boolean;
  /** root's folder for the checks' kubeconfig */
  tmpfs?: Record<string, string>;
}

/**
 * One container of nslab/kube-tools: no network, no capability, read-only root,
 * the relay's socket and its forwarder (user nobody), the lab's names in its
 * environment and nothing of the host's.
 */
function createBox(docker: Docker, spec: ToolsBoxSpec, sessionId: string, work: string, part: BoxPart): Promise<Docker.Container> {
  return docker.createContainer({
    name: part.name,
    Image: KUBE_TOOLS_IMAGE,
    Cmd: ['perl', '-e', FORWARDER, BOX_SOCKET, String(BOX_API_PORT)],
    User: '65534:65534',
    Hostname: spec.namespace,
    Labels: { ...sessionLabels(sessionId, spec.namespace), [LABEL_ROLE]: part.role },
    // What every shell and script of the lab sees: a kubeconfig of the learner's token and names, nothing of the host's.
    Env: [
      `KUBECONFIG=${part.kubeconfig}`,
      `HOME=${HOME}`,
      `NSLAB_NAMESPACE=${spec.namespace}`,
      `NSLAB_PREFIX=${spec.prefix}`,
      `NSLAB_LEARNER=${spec.learner}`,
      `NSLAB_WORK=${TOOLS_WORK}`,
    ],
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: [`seccomp=${JSON.stringify(nslabSeccompProfile())}`, 'no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { [HOME]: 'uid=1000,gid=1000,mode=0700,size=64m', '/tmp': 'mode=1777,size=64m', ...part.tmpfs },
      Mounts: [
        { Type: 'bind', Source: spec.socketPath, Target: BOX_SOCKET, ReadOnly: true },
        { Type: 'volume', Source: work, Target: TOOLS_WORK, ReadOnly: part.workReadOnly },
      ],
      Devices: [],
      PidsLimit: 512,
      Memory: 512 * 1024 * 1024,
    },
  });
}

export class ToolsBox {
  private constructor(
    /** the learner's: their terminals and submissions */
    private readonly container: Docker.Container,
    /** the lab's script checks: no learner process, no file the learner can write but the work folder, which it reads */
    private readonly checks: Docker.Container,
    private readonly work: Docker.Volume,
    readonly sessionId: string,
    /** the engine it runs on, for the docker CLI: DOCKER_HOST may name another (the guest's, env/guest/host-engine.ts) */
    private readonly engineHost: string | undefined,
  ) {}

  static async create(docker: Docker, spec: ToolsBoxSpec): Promise<ToolsBox> {
    if (!(await imagePresent(docker, KUBE_TOOLS_IMAGE))) {
      throw new EnvironmentError(`The Kubernetes labs' tools image ${KUBE_TOOLS_IMAGE} is not on this engine.`, missingImageFix(KUBE_TOOLS_IMAGE));
    }
    const sessionId = `kube-${spec.learner}-${randomBytes(3).toString('hex')}`;
    // The work folder both boxes mount: a tmpfs the engine keeps while either box uses it.
    const workName = `nslab-work-${sessionId}`;
    await docker.createVolume({
      Name: workName,
      Driver: 'local',
      DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'uid=1000,gid=1000,mode=0700,size=64m' },
      Labels: sessionLabels(sessionId, spec.namespace),
    });
    const work = docker.getVolume(workName);
    let learnerBox: Docker.Container | undefined;
    let checksBox: Docker.Container | undefined;
    try {
      learnerBox = await createBox(docker, spec, sessionId, workName, { name: `nslab-tools-${sessionId}`, role: TOOLS_ROLE, kubeconfig: KUBECONFIG, workReadOnly: false });
      checksBox = await createBox(docker, spec, sessionId, workName, {
        name: `nslab-checks-${sessionId}`,
        role: CHECKS_ROLE,
        kubeconfig: CHECKS_KUBECONFIG,
        workReadOnly: true,
        tmpfs: { [CHECKS_DIR]: 'mode=0755,size=1m' },
      });
    } catch (error) {
      if (learnerBox) await removeContainer(learnerBox);
      await removeVolume(work);
      throw error;
    }
    const box = new ToolsBox(learnerBox, checksBox, work, sessionId, engineHostOf(docker));
    try {
      await Promise.all([learnerBox.start(), checksBox.start()]);
      await box.configure(spec.kubeconfigText);
      return box;
    } catch (error) {
      await box.dispose();
      throw error;
    }
  }

  get id(): string {
    return this.container.id;
  }

  /** (Re)writes both kubeconfigs, once the forwarders listen: a reset gives a new token. */
  async configure(kubeconfigText: string): Promise<void> {
    const env = [`NSLAB_KUBECONFIG_TEXT=${kubeconfigText}`];
    const results = await Promise.all([
      execInContainer(this.container, LEARNER_READY, { timeoutMs: 15_000, env }, LEARNER),
      execInContainer(this.checks, CHECKS_READY, { timeoutMs: 15_000, env }, ROOT),
    ]);
    for (const result of results) {
      if (result.exitCode !== 0) throw new Error(`the tools box did not start: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
    }
  }

  /**
   * A lab's script check, as the learner but in the checks' box: whatever the
   * learner did to their own box (their kubeconfig rewritten, a server of their
   * own on 127.0.0.1, kubectl's cache) cannot answer for the cluster here.
   */
  exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    return execInContainer(this.checks, script, options, LEARNER);
  }

  /** Empties the lab's own folder: a reset leaves nothing of the last try. */
  async clearWork(): Promise<void> {
    await execInContainer(this.container, 'find "$NSLAB_WORK" -mindepth 1 -delete', { timeoutMs: 15_000 }, LEARNER);
  }

  /** A bash as the learner on a pseudo-terminal, through the docker CLI (which relays size changes). */
  shellCommand(prompt: string): TerminalCommand {
    return {
      file: 'docker',
      args: ['exec', '-it', '-u', LEARNER.user, '-w', HOME, '-e', 'TERM=xterm-256color', '-e', `PS1=${prompt}`, this.container.id, 'bash', '--norc', '-i'],
      ...(this.engineHost ? { env: { DOCKER_HOST: this.engineHost } } : {}),
    };
  }

  async dispose(): Promise<void> {
    await Promise.all([removeContainer(this.container), removeContainer(this.checks)]);
    await removeVolume(this.work);
  }
}

function ignoreGone(error: { statusCode?: number }): void {
  if (error.statusCode !== 404) throw error;
}

async function removeContainer(container: Docker.Container): Promise<void> {
  await container.remove({ force: true }).catch(ignoreGone);
}

async function removeVolume(volume: Docker.Volume): Promise<void> {
  await volume.remove().catch(ignoreGone);
}
