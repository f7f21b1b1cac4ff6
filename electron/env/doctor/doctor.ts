// `nslab doctor`: what this machine offers and what each lab needs, gathered
// by trying things (a real box, a throwaway privileged container, kubectl
// against the cluster, QEMU) rather than by reading versions, each missing
// piece with the exact fix. The app's "This machine" panel shows the same report.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { constants } from 'node:fs';
import { promisify } from 'node:util';
import type { RequirementStatus } from '../../shared/api';
import type { DoctorFacts, DoctorReport, DoctorSection } from '../../shared/doctor';
import type { LabDefinition } from '../../shared/lab';
import { connectDocker, LAB_IMAGES } from '../docker/engine';
import { presentLabImages } from '../docker/images';
import type { IsolationFacts } from '../docker/isolation';
import { EnvironmentError } from '../errors';
import { accelVerdictFile, GuestVm, readAccelVerdict } from '../guest';
import { detectKindTools, findOnPath } from '../kind/kind-tools';
import { NSLAB_CLUSTER, nslabKubeconfigPath } from '../kind/kind-cluster';
import type { KubeTarget } from '../kube/kube-environment';
import { probeEngine, refusalReason, type EngineProbe } from './engine-probe';
import { labReadiness } from './lab-readiness';

const run = promisify(execFile);

export interface DoctorOptions {
  labs: Pick<LabDefinition, 'id' | 'title' | 'requires' | 'environment' | 'steps'>[];
  /** a cluster named with --kubeconfig; else the kind cluster nslab */
  cluster?: KubeTarget;
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const engineAddress = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const docker = await connectDocker().catch((error: unknown) => (error instanceof EnvironmentError ? error : Promise.reject(error)));
  const images = docker instanceof EnvironmentError ? new Set<string>() : await presentLabImages(docker);
  const probe = docker instanceof EnvironmentError ? undefined : await probeEngine(docker, images);
  const guest = new GuestVm();
  const [kube, guestSection, guestStatus] = await Promise.all([kubernetesSection(options.cluster), guestVmSection(), guest.status()]);
  const facts: DoctorFacts = {
    engineAddress,
    engineReachable: probe !== undefined,
    engineIsGuest: guestStatus.state !== undefined && engineAddress === guestStatus.state.dockerHost,
    privilegedAllowed: probe?.isolation ? probe.isolation.modes.privileged.trial === 'starts' : undefined,
    boxMode: probe?.isolation?.uses,
    cgroupVersion: probe?.controllers?.version ?? probe?.cgroupVersion,
    cgroupControllers: probe?.controllers?.controllers,
    kvm: guestSection.kvm,
    guestRunning: guestStatus.running,
    clusterReachable: kube.reachable,
  };
  const sections: DoctorSection[] = [
    { title: 'Docker engine', findings: docker instanceof EnvironmentError ? [unreachable(engineAddress, docker)] : engineFindings(engineAddress, probe!, images, facts) },
    { title: 'cgroups', findings: probe ? cgroupFindings(probe) : [] },
    { title: 'Kubernetes', findings: kube.findings },
    { title: 'Guest VM (nslab guest)', findings: [...guestSection.findings, guestRunningFinding(guestStatus.running, guestStatus.state?.dockerHost, facts.engineIsGuest)] },
  ];
  return { sections, labs: options.labs.map((lab) => labReadiness(lab, { facts, images })), facts };
}

function unreachable(address: string, error: EnvironmentError): RequirementStatus {
  return { requirement: 'engine', met: false, detail: `no engine answers at ${address}: ${error.message}`, fix: error.fix };
}

function engineFindings(address: string, probe: EngineProbe, images: Set<string>, facts: DoctorFacts): RequirementStatus[] {
  const { isolation } = probe;
  const findings: RequirementStatus[] = [
    { requirement: 'engine', met: true, detail: `Docker ${probe.version} at ${address}${facts.engineIsGuest ? ' (the nslab guest)' : ''}; cgroup driver ${probe.cgroupDriver ?? '?'}` },
  ];
  if (!isolation) {
    findings.push({ requirement: 'box mode', met: false, detail: 'not tried: the box image is missing', fix: '`nslab prepare` (builds it from Debian packages)' });
  } else {
    const trial = (mode: keyof IsolationFacts['modes']) => {
      const m = isolation.modes[mode];
      return m.trial === 'refused' ? `refused (${refusalReason(m.detail ?? '')})` : m.trial === 'starts' ? 'starts' : `${m.trial}${m.detail ? ` (${m.detail})` : ''}`;
    };
    findings.push(
      isolation.uses
        ? { requirement: 'box mode', met: true, detail: `${isolation.uses}: ${isolation.why}` }
        : { requirement: 'box mode', met: false, detail: isolation.why, fix: 'Kernel labs need a rootful engine; `nslab guest up` gives one.' },
      { requirement: 'modes', met: true, detail: `confined ${trial('confined')}; privileged ${trial('privileged')}; sysbox ${trial('sysbox')}` },
      {
        requirement: 'isolation',
        met: true,
        detail: [
          `seccomp ${isolation.seccompSupported ? 'yes' : 'no'}`,
          `userns-remap ${isolation.usernsRemap ? 'yes' : 'no'}`,
          `rootless ${isolation.rootless ? 'yes' : 'no'}`,
          `runtimes ${isolation.runtimes.join(', ') || '?'}`,
          isolation.boxRootIsHostRoot ? "root in a box is root on this engine's host: grade untrusted work on the guest (nslab guest up)" : "root in a box is not the host's root",
        ].join('; '),
      },
    );
  }
  for (const tag of Object.values(LAB_IMAGES)) {
    findings.push(images.has(tag) ? { requirement: tag, met: true, detail: 'present' } : { requirement: tag, met: false, detail: 'missing', fix: '`nslab prepare` (builds it from Debian packages)' });
  }
  return findings;
}

function cgroupFindings({ cgroupVersion, controllers }: EngineProbe): RequirementStatus[] {
  if (!controllers) return [{ requirement: 'cgroup', met: true, detail: `cgroup v${cgroupVersion ?? '?'} (controllers not read: the box image is missing)` }];
  const wanted = ['cpu', 'memory', 'pids'];
  const lacking = wanted.filter((c) => !controllers.controllers.includes(c));
  return [
    {
      requirement: 'cgroup',
      met: lacking.length === 0,
      detail: `cgroup v${controllers.version}; a box can use: ${controllers.controllers.join(' ')}`,
      ...(lacking.length > 0 ? { fix: `the cgroup labs need ${lacking.join(', ')}; \`nslab guest up\` gives an engine with all of them` } : {}),
    },
  ];
}

async function kubernetesSection(given: KubeTarget | undefined): Promise<{ findings: RequirementStatus[]; reachable: boolean }> {
  const tools = await detectKindTools();
  const kubectl = tools.checks.find((c) => c.requirement === 'kubectl');
  const target = given ?? { kubeconfig: nslabKubeconfigPath(), context: `kind-${NSLAB_CLUSTER}` };
  const cluster = kubectl?.met ? await reachCluster(kubectl.path ?? 'kubectl', target) : { met: false, detail: 'needs kubectl' };
  const finding: RequirementStatus = {
    requirement: 'cluster',
    ...cluster,
    ...(cluster.met ? {} : { fix: given ? 'Check the kubeconfig and context, and that the cluster answers.' : '`nslab cluster create` (kind), or `--kubeconfig FILE` for a cluster of your own' }),
  };
  return { findings: [...tools.checks.map(({ requirement, met, detail, fix }) => ({ requirement, met, detail, ...(fix ? { fix } : {}) })), finding], reachable: cluster.met };
}

async function reachCluster(kubectl: string, target: Pick<KubeTarget, 'kubeconfig' | 'context'>): Promise<{ met: boolean; detail: string }> {
  const args = ['--kubeconfig', target.kubeconfig, ...(target.context ? ['--context', target.context] : []), 'version', '-o', 'json', '--request-timeout=5s'];
  try {
    const { stdout } = await run(kubectl, args, { timeout: 10_000 });
    const server = (JSON.parse(stdout) as { serverVersion?: { gitVersion?: string } }).serverVersion?.gitVersion;
    return { met: true, detail: `Kubernetes ${server ?? '?'} answers (${target.context ?? 'current context'} in ${target.kubeconfig})` };
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr ?? '').trim().split('\n').pop() || (error as Error).message;
    return { met: false, detail: `no cluster answers through ${target.kubeconfig}: ${reason}` };
  }
}

async function guestVmSection(): Promise<{ findings: RequirementStatus[]; kvm: DoctorFacts['kvm'] }> {
  const path = process.env.PATH ?? '';
  const qemu = findOnPath('qemu-system-x86_64', path);
  const qemuImg = findOnPath('qemu-img', path);
  const kvm = await kvmFact();
  const install = 'On Debian or Ubuntu: `sudo apt-get install qemu-system-x86 qemu-utils`; on macOS: `brew install qemu`.';
  const findings: RequirementStatus[] = [
    qemu && qemuImg ? { requirement: 'qemu', met: true, detail: `${qemu}` } : { requirement: 'qemu', met: false, detail: 'QEMU is not on PATH: no guest VM can boot', fix: install },
    {
      requirement: 'accelerator',
      met: true,
      detail: {
        boots: 'KVM boots a guest here: fast',
        'does-not-boot': '/dev/kvm is there but cannot boot an ordinary kernel; the guest runs under TCG (emulation: slower, about a minute to boot)',
        untested: '/dev/kvm is there; `nslab guest up` tries it first and falls back to TCG',
        absent: 'no usable /dev/kvm: the guest runs under TCG (emulation: slower, about a minute to boot)',
      }[kvm],
    },
  ];
  const debootstrap = findOnPath('debootstrap', path);
  if (!debootstrap) findings.push({ requirement: 'debootstrap', met: true, detail: 'not on PATH: needed once, to build the guest image (`sudo apt-get install debootstrap`)' });
  return { findings, kvm };
}

async function kvmFact(): Promise<NonNullable<DoctorFacts['kvm']>> {
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return 'absent';
  }
  const verdict = (await readAccelVerdict(accelVerdictFile()))?.accel;
  return verdict === 'kvm' ? 'boots' : verdict === 'tcg' ? 'does-not-boot' : 'untested';
}

function guestRunningFinding(running: boolean, dockerHost: string | undefined, inUse: boolean | undefined): RequirementStatus {
  if (!running) return { requirement: 'guest', met: true, detail: 'not running (`nslab guest up` boots one: a cgroup-v2 engine that allows --privileged)' };
  return { requirement: 'guest', met: true, detail: `running, its engine at ${dockerHost}${inUse ? ' (in use now)' : `; use it: export DOCKER_HOST=${dockerHost}`}` };
}
