// The probe container: nslab's own, beside each lab box, from which the probe
// agent reads the box's state. It shares only the box's PID namespace, so it
// sees the box's processes and, through /proc/<pid>/..., their namespaces,
// mounts, cgroups and files; nothing of it is in the box's mount namespace, so
// the learner (root in the box) can replace no tool it runs. Read-only root, no
// network, and of all capabilities only the two the agent's reads need (see
// probes/agent/agent-program.ts). Labelled like the box, plus nslab.role=probe:
// reset, dispose and `nslab cleanup` find it by the session label.
import type Docker from 'dockerode';
import { PassThrough, type Duplex } from 'node:stream';
import { AGENT_PROGRAM, PROBE_JOURNAL_DIR } from '../../probes/agent/agent-program';
import { agentsOfNewBox, BoxProbe, type AgentConnection } from '../../probes/agent/box-probe';
import { DEFAULT_BOX_IMAGE, ensureImage } from './engine';
import { LABEL_ROLE, LABEL_SESSION, PROBE_ROLE, sessionLabels } from './labels';

/** The box image holds every tool the agent needs (perl-base); its own copy of it, read-only. */
export const PROBE_IMAGE = DEFAULT_BOX_IMAGE;

async function createProbeContainer(
  docker: Docker,
  box: Docker.Container,
  name: string,
  labels: Record<string, string>,
): Promise<Docker.Container> {
  await ensureImage(docker, PROBE_IMAGE);
  const container = await docker.createContainer({
    name,
    Image: PROBE_IMAGE,
    // The box image's tini reaps; sleep only holds the container open for the agent's exec.
    Cmd: ['sleep', 'infinity'],
    Labels: { ...labels, [LABEL_ROLE]: PROBE_ROLE },
    HostConfig: {
      PidMode: `container:${box.id}`,
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      // The agents' journal of exits (agent-program.ts): a volume of the probe's
      // own, so it outlives each agent and a restart of this container (a learner's
      // kill -9 -1 stops its sleep too); the box's root cannot reach it. Anonymous
      // (no Source): removed with the container (remove v); labelled as the
      // container is, so `nslab cleanup` finds it even if that container went
      // without it.
      Mounts: [{ Type: 'volume', Source: '', Target: PROBE_JOURNAL_DIR, VolumeOptions: { Labels: labels, NoCopy: false, DriverConfig: { Name: 'local', Options: {} } } }],
      CapDrop: ['ALL'],
      CapAdd: ['SYS_PTRACE', 'SYS_ADMIN'],
      // On an AppArmor host (Debian, Ubuntu) the engine's docker-default profile
      // allows ptrace only among its own peers, and the box runs unconfined (its
      // mounts need it): under that profile the agent could read none of the box's
      // processes (seen on the nslab guest: apparmor="DENIED" operation="ptrace").
      SecurityOpt: ['no-new-privileges', 'apparmor=unconfined'],
    },
  });
  try {
    await container.start();
  } catch (error) {
    await container.remove({ force: true, v: true }).catch(() => undefined);
    throw error;
  }
  return container;
}

/**
 * Starts the agent in the probe container (restarting the container if the
 * learner, who sees and may kill its processes, stopped it).
 */
export async function openAgent(container: Docker.Container, boxIsNew = false): Promise<AgentConnection> {
  const info = await container.inspect();
  if (!info.State.Running) await container.start();
  // PID 1 of the shared PID namespace is the box's init (tini).
  const args = boxIsNew ? ['1', 'new'] : [];
  const exec = await container.exec({ Cmd: ['perl', '-e', AGENT_PROGRAM, ...args], AttachStdin: true, AttachStdout: true, AttachStderr: true });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex & { unref?: () => void };
  // An open agent never keeps nslab running (grade --attach leaves the box and its
  // probe as they are): when nslab exits, the agent reads end of input and exits too.
  stream.unref?.();
  const stdout = new PassThrough();
  const stderr: Buffer[] = [];
  const stderrSink = new PassThrough().on('data', (chunk: Buffer) => stderr.push(chunk));
  container.modem.demuxStream(stream, stdout, stderrSink);
  const closed = new Promise<string>((resolve) => {
    const done = () => resolve(Buffer.concat(stderr).toString('utf8'));
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
  return {
    write: (line) => void (stream.writable && stream.write(line)),
    onData: (listener) => void stdout.on('data', listener),
    closed,
    close: () => (stream.end(), stream.destroy()),
  };
}

export interface ProbeBeside {
  readonly state: BoxProbe;
  dispose(): Promise<void>;
}

/** The probe of a session's box: the one already running (attach), or a new one. */
export async function probeBeside(docker: Docker, box: Docker.Container, sessionId: string, labId: string): Promise<ProbeBeside> {
  const filters = { label: [`${LABEL_SESSION}=${sessionId}`, `${LABEL_ROLE}=${PROBE_ROLE}`] };
  const [found] = await docker.listContainers({ all: true, filters });
  const container = found
    ? docker.getContainer(found.Id)
    : await createProbeContainer(docker, box, `nslab-probe-${labId}-${sessionId}`, sessionLabels(sessionId, labId));
  const state = new BoxProbe(found ? () => openAgent(container) : agentsOfNewBox((boxIsNew) => openAgent(container, boxIsNew)));
  // A new box: an agent before the box is handed out, so the exits it records
  // cover the box from its start (a journal begun after the learner's first
  // namespaces says it began late). Beside the box's own setup, so it costs
  // little; an agent that cannot start now is started again by the first read.
  if (!found) await state.read().catch(() => undefined);
  return {
    state,
    async dispose() {
      await state.dispose();
      await container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });
    },
  };
}
