// Where a Kubernetes lab's terminals, its submissions and its `script` checks
// run: a container of nslab/kube-tools (the lab box's Debian plus kubectl), not
// a shell on the host. It has no network, no capability at all, the lab box's
// seccomp profile, a read-only root and no host file but one unix socket: the
// host's end of the relay to the apiserver (api-relay.ts). Inside, a forwarder
// (its first process, user nobody) listens on 127.0.0.1:6443 and carries each
// connection to that socket; the learner (user `learner`, uid 1000, who cannot
// signal or trace nobody's processes) holds a kubeconfig with their own token
// only (learner-kubeconfig.ts), bound by RBAC to what the labs need
// (learner-access.ts). None of the grader's environment enters the box.
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

/** Ready when the forwarder listens (state 0A in /proc/net/tcp), then the kubeconfig is written. */
const READY_SCRIPT = `port=$(printf '%04X' ${BOX_API_PORT})
i=0; until grep -q "0100007F:$port 00000000:0000 0A" /proc/net/tcp; do
  i=$((i + 1)); [ $i -lt 100 ] || { echo "the forwarder did not start" >&2; exit 1; }; sleep 0.05
done
mkdir -p "$HOME/.kube" "$NSLAB_WORK" && umask 077 && printf '%s' "$NSLAB_KUBECONFIG_TEXT" > "$KUBECONFIG"`;

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

export class ToolsBox {
  private constructor(
    private readonly container: Docker.Container,
    readonly sessionId: string,
    /** the engine it runs on, for the docker CLI: DOCKER_HOST may name another (the guest's, env/guest/host-engine.ts) */
    private readonly engineHost: string | undefined,
  ) {}

  static async create(docker: Docker, spec: ToolsBoxSpec): Promise<ToolsBox> {
    if (!(await imagePresent(docker, KUBE_TOOLS_IMAGE))) {
      throw new EnvironmentError(`The Kubernetes labs' tools image ${KUBE_TOOLS_IMAGE} is not on this engine.`, missingImageFix(KUBE_TOOLS_IMAGE));
    }
    const sessionId = `kube-${spec.learner}-${randomBytes(3).toString('hex')}`;
    const container = await docker.createContainer({
      name: `nslab-tools-${sessionId}`,
      Image: KUBE_TOOLS_IMAGE,
      Cmd: ['perl', '-e', FORWARDER, BOX_SOCKET, String(BOX_API_PORT)],
      User: '65534:65534',
      Hostname: spec.namespace,
      Labels: { ...sessionLabels(sessionId, spec.namespace), [LABEL_ROLE]: TOOLS_ROLE },
      // What every shell and script of the lab sees: the learner's kubeconfig and names, nothing of the host's.
      Env: [
        `KUBECONFIG=${KUBECONFIG}`,
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
        Tmpfs: { [HOME]: 'uid=1000,gid=1000,mode=0700,size=64m', '/tmp': 'mode=1777,size=64m' },
        Mounts: [{ Type: 'bind', Source: spec.socketPath, Target: BOX_SOCKET, ReadOnly: true }],
        Devices: [],
        PidsLimit: 512,
        Memory: 512 * 1024 * 1024,
      },
    });
    const box = new ToolsBox(container, sessionId, engineHostOf(docker));
    try {
      await container.start();
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

  /** (Re)writes the learner's kubeconfig, once the forwarder listens: a reset gives a new token. */
  async configure(kubeconfigText: string): Promise<void> {
    const result = await execInContainer(this.container, READY_SCRIPT, { timeoutMs: 15_000, env: [`NSLAB_KUBECONFIG_TEXT=${kubeconfigText}`] }, LEARNER);
    if (result.exitCode !== 0) throw new Error(`the tools box did not start: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
  }

  /** A script as the learner: a lab's script check, nslab's own reads of the learner's view. */
  exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    return execInContainer(this.container, script, options, LEARNER);
  }

  /** Empties the lab's own folder: a reset leaves nothing of the last try. */
  async clearWork(): Promise<void> {
    await this.exec('find "$NSLAB_WORK" -mindepth 1 -delete', { timeoutMs: 15_000 });
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
    await this.container.remove({ force: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
}
