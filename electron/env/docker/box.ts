// The lab box: one labelled container per lab session, in which kernel labs run
// confined (box-security.ts), not on the learner's host.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors';
import { ensureImage } from './engine';
import type { Box, BoxBackend, BoxSpec } from '../box-backend';
import type { BoxState, EnvironmentFacts, ExecOptions, ExecResult } from '../../engine/environment';
import { BOX_SETUP_SCRIPT, BOX_THAW_SCRIPT, boxSetupExec, parseBoxSetup } from './box-setup';
import { removeLeftovers } from './cleanup';
import { execInContainer } from './exec';
import { LABEL_LAB, LABEL_ROLE, LABEL_SESSION, labelFilter, sessionLabels } from './labels';
import { probeBeside, type ProbeBeside } from './probe-container';
import { BoxShell, boxShellCommand, type ShellOptions } from './shell';
import { spawnPty, type TerminalProcess } from '../../terminals/terminal-process';
import { BOX_LIMITS, type BoxSecurityMode, securityHostConfig, securityModeOf } from './box-security';
import { planBoxModes } from './isolation';

export type { BoxSecurityMode } from './box-security';

export class LabBox implements Box {
  /** Modes the engine refused once; it will not change its mind in this process. */
  private static readonly refusedModes = new Set<BoxSecurityMode>();

  private constructor(
    readonly container: Docker.Container,
    readonly sessionId: string,
    readonly labId: string,
    readonly securityMode: BoxSecurityMode,
    readonly facts: EnvironmentFacts,
    private readonly docker: Docker,
    private readonly spec: BoxSpec,
    private readonly probe: ProbeBeside,
  ) {}

  /** read by the probe beside the box, never by the box's own tools */
  get state(): BoxState {
    return this.probe.state;
  }

  static newSessionId(): string {
    return randomBytes(4).toString('hex');
  }

  static async create(docker: Docker, spec: BoxSpec): Promise<LabBox> {
    await ensureImage(docker, spec.image);
    const sessionId = spec.sessionId ?? LabBox.newSessionId();
    const plan = await planBoxModes(docker, spec.privileged);
    const untried = plan.modes.filter((m) => !LabBox.refusedModes.has(m));
    const modes = untried.length > 0 ? untried : plan.modes.slice(-1);
    let lastError: unknown;
    for (const [index, mode] of modes.entries()) {
      const hostConfig: Docker.HostConfig & { CgroupnsMode: 'private' } = {
        ...securityHostConfig(mode, { dockerd: spec.dockerd }),
        ...BOX_LIMITS,
        // No traffic leaves the box: its labs build their own networks inside.
        NetworkMode: 'none',
        // A tmpfs workspace: overlayfs cannot stack its upper dir on the box's overlay root.
        Tmpfs: { '/lab': 'rw,exec,mode=1777' },
        // The box sees its own cgroup as "/", and what it creates stays below it
        // (the API knows it since 1.41; @types/dockerode does not yet).
        CgroupnsMode: 'private',
      };
      const container = await docker.createContainer({
        name: `nslab-${spec.labId}-${sessionId}`,
        Image: spec.image,
        Hostname: spec.hostname,
        Labels: sessionLabels(sessionId, spec.labId),
        HostConfig: hostConfig,
      });
      try {
        await container.start();
      } catch (error) {
        lastError = error;
        await container.remove({ force: true, v: true }).catch(() => undefined);
        // A stronger mode the engine cannot start (a sysbox that is installed but broken) falls back to the next.
        if (index < modes.length - 1) LabBox.refusedModes.add(mode);
        continue;
      }
      const ready = await Promise.all([setUp(container, spec), probeBeside(docker, container, sessionId, spec.labId)]).catch(async (error: unknown) => {
        await removeLeftovers(docker, sessionId).catch(() => undefined);
        throw error;
      });
      return new LabBox(container, sessionId, spec.labId, mode, ready[0], docker, { ...spec, sessionId }, ready[1]);
    }
    throw new EnvironmentError(
      `The lab box could not start (${modes.join(', then ')}; ${plan.why}): ${(lastError as Error).message.trim()}`,
      spec.privileged
        ? 'This lab asks for a privileged box, which this engine refuses; run it on an engine that allows --privileged.'
        : 'Kernel labs need a rootful Docker engine with seccomp that lets a container have CAP_SYS_ADMIN (rootless Docker cannot); `nslab doctor` says what this one allows.',
    );
  }

  /** Finds a running session's box, e.g. for `nslab grade --attach`. */
  static async attach(docker: Docker, sessionId: string): Promise<LabBox> {
    const info = (await docker.listContainers({ filters: labelFilter(sessionId) })).find((c) => !c.Labels[LABEL_ROLE]);
    if (!info) {
      throw new EnvironmentError(
        `No running lab box has session id "${sessionId}".`,
        'List the running ones with `docker ps --filter label=nslab.session`.',
      );
    }
    const container = docker.getContainer(info.Id);
    const inspected = await container.inspect();
    const mode = securityModeOf(inspected.HostConfig);
    const labId = info.Labels[LABEL_LAB] ?? '';
    const spec: BoxSpec = { image: info.Image, labId, hostname: inspected.Config.Hostname, sessionId };
    const facts = await setUp(container, {});
    const probe = await probeBeside(docker, container, sessionId, labId);
    return new LabBox(container, info.Labels[LABEL_SESSION] ?? sessionId, labId, mode, facts, docker, spec, probe);
  }

  get description(): string {
    return `docker lab box ${this.container.id.slice(0, 12)} (${this.securityMode}, cgroup ${this.facts.cgroupVersion})`;
  }

  exec(script: string, options?: ExecOptions): Promise<ExecResult> {
    return execInContainer(this.container, script, options);
  }

  openShell(options?: ShellOptions): Promise<BoxShell> {
    return BoxShell.open(this.container, options);
  }

  openTerminal(cols: number, rows: number): TerminalProcess {
    return spawnPty(boxShellCommand(this.container.id, cols, rows), cols, rows);
  }

  /** A clean box for the same session: everything the learner did is gone. */
  async reset(): Promise<LabBox> {
    await this.dispose();
    return LabBox.create(this.docker, this.spec);
  }

  async dispose(): Promise<void> {
    if (this.spec.writableCgroups) await execInContainer(this.container, BOX_THAW_SCRIPT, { timeoutMs: 5_000 }).catch(() => undefined);
    await this.probe.dispose();
    await this.container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
}

/** Boxes on a Docker engine: the local one, or the guest's. */
export function dockerBoxes(connect: () => Promise<Docker>): BoxBackend {
  return { create: async (spec) => LabBox.create(await connect(), spec) };
}

async function setUp(container: Docker.Container, spec: Pick<BoxSpec, 'writableCgroups' | 'dockerd'>): Promise<EnvironmentFacts> {
  const result = await execInContainer(container, BOX_SETUP_SCRIPT, boxSetupExec(spec));
  if (result.exitCode !== 0) {
    throw new EnvironmentError(
      `The lab box could not be set up: ${result.stderr.trim() || `exit ${result.exitCode}`}`,
      'Labs that create cgroups need a rootful engine; please report this output with `docker info`.',
    );
  }
  return parseBoxSetup(result.stdout);
}
