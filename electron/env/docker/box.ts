// The lab box: one labelled container per lab session, in which kernel labs run
// so they never touch the learner's host.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { EnvironmentError } from '../errors';
import { ensureImage } from './engine';
import type { ExecOptions, ExecResult, LabEnvironment } from '../../engine/environment';
import { execInContainer } from './exec';
import { LABEL_LAB, LABEL_SESSION, labelFilter, sessionLabels } from './labels';
import { BoxShell, type ShellOptions } from './shell';

/**
 * How the box gets its powers. `privileged` is what learners' engines normally
 * allow. Where the engine's own capability set lacks one (seen: CAP_SYS_RESOURCE,
 * "unable to apply caps"), `capabilities` grants everything else with seccomp,
 * AppArmor and masked /proc paths lifted: enough for unshare, mount, veth, cgroups.
 */
export type BoxSecurityMode = 'privileged' | 'capabilities';

const SECURITY: Record<BoxSecurityMode, Docker.HostConfig> = {
  privileged: { Privileged: true },
  capabilities: {
    CapAdd: ['ALL'],
    CapDrop: ['SYS_RESOURCE'],
    SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
    // The API form of `--security-opt systempaths=unconfined`: no masked or read-only /proc paths.
    MaskedPaths: [],
    ReadonlyPaths: [],
  },
};

export interface BoxSpec {
  image: string;
  labId: string;
  hostname: string;
  /** reuse a session id (reset); a new one is made when absent */
  sessionId?: string;
}

export class LabBox implements LabEnvironment {
  /** Learned once per process: the engine will not change its mind. */
  private static preferredMode: BoxSecurityMode | undefined;

  private constructor(
    readonly container: Docker.Container,
    readonly sessionId: string,
    readonly labId: string,
    readonly securityMode: BoxSecurityMode,
    private readonly docker: Docker,
    private readonly spec: BoxSpec,
  ) {}

  static newSessionId(): string {
    return randomBytes(4).toString('hex');
  }

  static async create(docker: Docker, spec: BoxSpec): Promise<LabBox> {
    await ensureImage(docker, spec.image);
    const sessionId = spec.sessionId ?? LabBox.newSessionId();
    const modes: BoxSecurityMode[] = LabBox.preferredMode ? [LabBox.preferredMode] : ['privileged', 'capabilities'];
    let lastError: unknown;
    for (const mode of modes) {
      const container = await docker.createContainer({
        name: `nslab-${spec.labId}-${sessionId}`,
        Image: spec.image,
        Hostname: spec.hostname,
        Labels: sessionLabels(sessionId, spec.labId),
        HostConfig: {
          ...SECURITY[mode],
          // No traffic leaves the box: its labs build their own networks inside.
          NetworkMode: 'none',
          // A tmpfs workspace: overlayfs cannot stack its upper dir on the box's overlay root.
          Tmpfs: { '/lab': 'rw,exec,mode=1777' },
        },
      });
      try {
        await container.start();
        LabBox.preferredMode = mode;
        return new LabBox(container, sessionId, spec.labId, mode, docker, { ...spec, sessionId });
      } catch (error) {
        lastError = error;
        await container.remove({ force: true, v: true }).catch(() => undefined);
        if (!isCapabilityRefusal(error)) break;
      }
    }
    throw new EnvironmentError(
      `The lab box could not start: ${(lastError as Error).message.trim()}`,
      'Kernel labs need a rootful Docker engine that allows privileged containers or added capabilities (rootless Docker cannot).',
    );
  }

  /** Finds a running session's box, e.g. for `nslab grade --attach`. */
  static async attach(docker: Docker, sessionId: string): Promise<LabBox> {
    const [info] = await docker.listContainers({ filters: labelFilter(sessionId) });
    if (!info) {
      throw new EnvironmentError(
        `No running lab box has session id "${sessionId}".`,
        'List the running ones with `docker ps --filter label=nslab.session`.',
      );
    }
    const container = docker.getContainer(info.Id);
    const inspected = await container.inspect();
    const mode: BoxSecurityMode = inspected.HostConfig.Privileged ? 'privileged' : 'capabilities';
    const labId = info.Labels[LABEL_LAB] ?? '';
    const spec: BoxSpec = { image: info.Image, labId, hostname: inspected.Config.Hostname, sessionId };
    return new LabBox(container, info.Labels[LABEL_SESSION] ?? sessionId, labId, mode, docker, spec);
  }

  get description(): string {
    return `docker lab box ${this.container.id.slice(0, 12)} (${this.securityMode})`;
  }

  exec(script: string, options?: ExecOptions): Promise<ExecResult> {
    return execInContainer(this.container, script, options);
  }

  openShell(options?: ShellOptions): Promise<BoxShell> {
    return BoxShell.open(this.container, options);
  }

  /** A clean box for the same session: everything the learner did is gone. */
  async reset(): Promise<LabBox> {
    await this.dispose();
    return LabBox.create(this.docker, this.spec);
  }

  async dispose(): Promise<void> {
    await this.container.remove({ force: true, v: true }).catch((error: { statusCode?: number }) => {
      if (error.statusCode !== 404) throw error;
    });
  }
}

function isCapabilityRefusal(error: unknown): boolean {
  return /apply caps|operation not permitted/i.test(String((error as Error)?.message ?? error));
}
