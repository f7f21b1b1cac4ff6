// Evaluates one declarative check against the live environment: reads the
// snapshot it needs (shared by the checks of one round), then judges.
import type { Check } from '../../shared/lab';
import type { CheckResult } from '../../shared/grade';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import type { BoxReading, BoxState, ClusterAccess, ExecResult, LabEnvironment } from '../environment';
import type { CgroupSnapshot } from '../../shared/cgroup-snapshot';
import type { MountSnapshot } from '../../shared/mount-snapshot';
import { readOverlay } from '../../probes/overlay/read';
import { readStorage } from '../../probes/storage/read';
import type { StorageSnapshot } from '../../shared/storage-snapshot';
import { fillNodePath, nodePathBase } from '../../probes/node/parse';
import { readNodeMounts, readNodePaths } from '../../probes/node/read';
import { nodeMounts, nodePath, nodeTarget } from './node-checks';
import { k8sVolumeAttachment } from './attach-checks';
import { csiCalls } from './csi-checks';
import { readCsiCalls } from '../../probes/csi/read';
import { k8sClaim, k8sPods, k8sVolume } from './k8s-checks';
import { k8sObject, objectName, substitute, type LearnerNames } from './object-check';
import { readObjects } from '../../probes/objects/read';
import { unmetNeed } from './needs';
import { boxElapsedMs, cgroupCounter, cgroupLimit, cgroupMember, cpuRate, resolveCgroup, type StepBaseline } from './cgroup-checks';
import { mountExists, mountPeers, mountPropagation, overlayEntry, overlayLayers, tableOf } from './mount-checks';
import { nsRelation, processExists, userMap, utsHostname, type Verdict } from './namespace-checks';
import { describeSelector } from './selectors';
import { processExited } from './process-exit-checks';
import { processStatus } from './process-checks';
import { netAddress, netBridge, netPing, netRoute } from './net-checks';
import type { NetSnapshot } from '../../shared/net-snapshot';
import { cgroupDevices, cgroupFreezer, ratioExpected, ratioPair, usageRatio, weightRatio } from './cgroup-state-checks';
import { fileContent } from './file-check';
import { describeExpectation, quote } from './text';

/**
 * One round of checks reads the box once: namespaces, mounts and cgroups come
 * from one reading of the probe beside the box, the one the panels show.
 */
export class CheckRound {
  private boxReading: Promise<BoxReading> | undefined;
  private storageSnapshot: Promise<{ snapshot: StorageSnapshot; prefix: string }> | undefined;

  /** @param baseline what `since: step-start` counters count from */
  constructor(
    readonly env: LabEnvironment,
    readonly baseline?: StepBaseline,
  ) {}

  /** the probe beside the box: box checks in a lab without a box cannot run */
  boxState(): BoxState {
    if (!this.env.state) throw new Error("this check reads the lab box's state: it belongs in a kernel lab");
    return this.env.state;
  }

  private reading(): Promise<BoxReading> {
    this.boxReading ??= Promise.resolve().then(() => this.boxState().read());
    return this.boxReading;
  }

  namespaces(): Promise<NamespaceSnapshot> {
    return this.reading().then((r) => r.namespaces);
  }

  cgroups(): Promise<CgroupSnapshot> {
    return this.reading().then((r) => r.cgroups);
  }

  storage(): Promise<{ snapshot: StorageSnapshot; prefix: string }> {
    this.storageSnapshot ??= Promise.resolve()
      .then(() => this.kube().env)
      .then(async (env) => ({ snapshot: await readStorage(env), prefix: env.prefix }));
    return this.storageSnapshot;
  }

  /** The environment of a Kubernetes lab, and the learner's own names in it. */
  kube(): { env: ClusterAccess; names: LearnerNames } {
    const env = this.env.kube;
    if (!env) throw new Error('this check reads Kubernetes state: it belongs in a Kubernetes lab');
    return { env, names: { prefix: env.prefix, namespace: env.namespace, learner: env.learner } };
  }

  mounts(): Promise<MountSnapshot> {
    return this.reading().then((r) => r.mounts);
  }

  net(): Promise<NetSnapshot> {
    return this.reading().then((r) => r.net);
  }
}

export async function evaluateCheck(check: Check, round: CheckRound): Promise<CheckResult> {
  const title = check.title ?? defaultTitle(check);
  const unmet = unmetNeed(check.needs, round.env.facts);
  if (unmet !== undefined) {
    return { kind: check.check, title, status: 'skipped', expected: `a cluster that can show this (needs ${check.needs})`, found: unmet, message: `Skipped: ${unmet}.` };
  }
  try {
    const verdict = await judge(check, round);
    return {
      kind: check.check,
      title,
      status: verdict.pass ? 'pass' : 'fail',
      expected: verdict.expected,
      found: verdict.found,
      message: verdict.pass ? 'OK' : failureMessage(verdict, verdict.unknown ? undefined : check.hint),
      ...(verdict.pass || verdict.unknown || !check.hint ? {} : { hint: check.hint }),
    };
  } catch (error) {
    const reason = (error as Error).message;
    return { kind: check.check, title, status: 'error', expected: '', found: reason, message: `The check could not run: ${reason}` };
  }
}

async function judge(check: Check, round: CheckRound): Promise<Verdict> {
  switch (check.check) {
    case 'ns.differs':
    case 'ns.same':
      return nsRelation(check, await round.namespaces());
    case 'process.exists':
      return processExists(check, await round.namespaces());
    case 'process.status': {
      const namespaces = await round.namespaces();
      if (check.cgroup === undefined) return processStatus(check, namespaces);
      const found = resolveCgroup({ cgroup: check.cgroup }, await round.cgroups(), namespaces);
      return processStatus(check, namespaces, 'missing' in found ? found : { pids: found.node.procs, label: found.label });
    }
    case 'process.exited':
      return processExited(check, await round.namespaces());
    case 'uts.hostname':
      return utsHostname(check, await round.namespaces());
    case 'file.content':
      return fileContent(check, round.boxState());
    case 'script': {
      const result = await round.env.exec(check.run, { timeoutMs: check.timeoutSeconds * 1000 });
      return scriptVerdict(check, result);
    }
    case 'user.map':
      return userMap(check, await round.namespaces());
    case 'k8s.pvc': {
      const { snapshot, prefix } = await round.storage();
      return k8sClaim(check, snapshot, prefix);
    }
    case 'k8s.pv': {
      const { snapshot, prefix } = await round.storage();
      return k8sVolume(check, snapshot, prefix);
    }
    case 'k8s.pods':
      return k8sPods(check, (await round.storage()).snapshot);
    case 'k8s.object': {
      const { env, names } = round.kube();
      const reading = await readObjects(env, { resource: substitute(check.resource, names), name: objectName(check, names), labels: check.labels });
      return k8sObject(check, reading, names);
    }
    case 'k8s.volumeattachment':
      return k8sVolumeAttachment(check, (await round.storage()).snapshot);
    case 'node.path': {
      const { env, names } = round.kube();
      const target = nodeTarget(check, (await round.storage()).snapshot, names);
      if ('missing' in target) return { pass: false, expected: `${check.path} on the node`, found: target.missing };
      const path = fillNodePath(check.path, target.values);
      return nodePath(check, path, await readNodePaths(env, target.nodes, path, nodePathBase(check.path, target.values)));
    }
    case 'node.mounts': {
      const { env, names } = round.kube();
      const target = nodeTarget(check, (await round.storage()).snapshot, names);
      if ('missing' in target) return { pass: false, expected: `mounts at ${check.targets.join(' and ')} on the node`, found: target.missing };
      const targets = check.targets.map((t) => fillNodePath(t, target.values));
      return nodeMounts(check, targets, await readNodeMounts(env, target.nodes));
    }
    case 'csi.calls': {
      const { env } = round.kube();
      return csiCalls(check, await readCsiCalls(env.csiLog), env.namespace);
    }
    case 'cgroup.limit':
      return cgroupLimit(check, await round.cgroups(), await round.namespaces());
    case 'cgroup.counter':
      return cgroupCounter(check, await round.cgroups(), await round.namespaces(), round.baseline);
    case 'cgroup.member':
      return cgroupMember(check, await round.cgroups(), await round.namespaces());
    case 'cgroup.cpu-usage':
      return cpuUsage(check, round);
    case 'cgroup.cpu-ratio':
      return check.measure === 'weight' ? weightRatio(check, await round.cgroups(), await round.namespaces()) : cpuRatio(check, round);
    case 'cgroup.freezer':
      return cgroupFreezer(check, await round.cgroups(), await round.namespaces());
    case 'cgroup.devices':
      return cgroupDevices(check, await round.cgroups(), await round.namespaces());
    case 'net.address':
      return netAddress(check, await round.namespaces(), await round.net());
    case 'net.route':
      return netRoute(check, await round.namespaces(), await round.net());
    case 'net.ping':
      return netPing(check, await round.namespaces(), await round.net());
    case 'net.bridge':
      return netBridge(check, await round.net());
    case 'mount.exists':
      return mountExists(check, await round.namespaces(), await round.mounts());
    case 'mount.propagation':
      return mountPropagation(check, await round.namespaces(), await round.mounts());
    case 'mount.peers':
      return mountPeers(check, await round.namespaces(), await round.mounts());
    case 'overlay.layers':
      return overlayLayers(check, await round.namespaces(), await round.mounts());
    case 'overlay.entry': {
      const located = tableOf(check.in, await round.namespaces(), await round.mounts());
      const overlay = 'missing' in located ? undefined : await readOverlay(round.boxState(), located.table, check.target);
      return overlayEntry(check, overlay);
    }
  }
}

/**
 * CPU use is a rate: two reads of the cgroup, a window apart, divided by the
 * time between them on the box kernel's clock. The host's clock around the two
 * reads would add the exec's own latency, which on a slow engine (a VM under
 * emulation, Docker Desktop on a laptop) is a large part of the window.
 */
async function cpuUsage(check: Extract<Check, { check: 'cgroup.cpu-usage' }>, round: CheckRound): Promise<Verdict> {
  const expected = `${check.cgroup ?? 'the cgroup'} to use between ${check.min} and ${check.max} CPUs`;
  const namespaces = await round.namespaces();
  const start = Date.now();
  const cgroups = await round.cgroups();
  // v1 accounts CPU time in the cpuacct hierarchy, v2 in cpu.stat.
  const first = resolveCgroup(check, cgroups, namespaces, cgroups.version === 'v2' ? 'cpu' : 'cpuacct');
  if ('missing' in first) return { pass: false, expected, found: first.missing };
  await new Promise((resolve) => setTimeout(resolve, check.windowMs));
  const later = (await round.boxState().read()).cgroups;
  const after = later.cgroups.find((c) => c.path === first.node.path && c.usage.cpuUsageUs !== undefined);
  const elapsedMs = boxElapsedMs(cgroups, later) ?? Date.now() - start;
  const rate = after ? cpuRate(first.node, after, elapsedMs) : undefined;
  if (rate === undefined) return { pass: false, expected, found: `${first.label} reports no CPU usage (on cgroup v1 it needs the cpuacct controller too)` };
  return { pass: rate >= check.min && rate <= check.max, expected, found: `${first.label} used ${rate.toFixed(2)} CPUs over ${Math.round(elapsedMs)} ms` };
}

/** Two cgroups' CPU time over one window, read together: the weights' effect, which no file a learner writes can fake. */
async function cpuRatio(check: Extract<Check, { check: 'cgroup.cpu-ratio' }>, round: CheckRound): Promise<Verdict> {
  const namespaces = await round.namespaces();
  const cgroups = await round.cgroups();
  const before = ratioPair(check, cgroups, namespaces);
  if ('missing' in before) return { pass: false, expected: ratioExpected(check), found: before.missing };
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, check.windowMs));
  const later = (await round.boxState().read()).cgroups;
  const after = ratioPair(check, later, namespaces);
  if ('missing' in after) return { pass: false, expected: ratioExpected(check), found: after.missing };
  return usageRatio(check, before, after, boxElapsedMs(cgroups, later) ?? Date.now() - start);
}

function scriptVerdict(check: Extract<Check, { check: 'script' }>, result: ExecResult): Verdict {
  const expected = `exit code ${check.exitCode}${check.stdout ? ` and output matching /${check.stdout}/` : ''}`;
  if (result.timedOut) return { pass: false, expected, found: `the script did not finish within ${check.timeoutSeconds} s` };
  const codeOk = result.exitCode === check.exitCode;
  const outputOk = check.stdout === undefined || new RegExp(check.stdout, 'm').test(result.stdout);
  const output = result.stdout.trim() || result.stderr.trim();
  return { pass: codeOk && outputOk, expected, found: `exit code ${result.exitCode}${output ? `, output ${quote(output)}` : ''}` };
}

function failureMessage(verdict: Verdict, hint: string | undefined): string {
  const message = `Expected ${verdict.expected}, but ${verdict.found}.`;
  return hint ? `${message} ${hint}` : message;
}

export function defaultTitle(check: Check): string {
  switch (check.check) {
    case 'ns.differs':
      return `${describeSelector(check.process)} has its own ${check.type} namespace`;
    case 'ns.same':
      return `${describeSelector(check.process)} shares the ${check.type} namespace of ${describeSelector(check.as)}`;
    case 'process.exists':
      return `${describeSelector(check.process)} is running`;
    case 'process.status':
      return `${describeSelector(check.process)} has the expected status`;
    case 'process.exited':
      return `${describeSelector(check.process)} died${check.tookWith ? ' and took its PID namespace with it' : ''}`;
    case 'uts.hostname':
      return `${describeSelector(check.process)} sees hostname ${describeExpectation(check)}`;
    case 'file.content':
      return `${check.path} contains ${describeExpectation(check)}`;
    case 'script':
      return `script: ${check.run.split('\n')[0]}`;
    case 'user.map':
      return `${describeSelector(check.process)} has the expected ID maps`;
    case 'k8s.pvc':
      return `claim ${check.name}${check.present ? (check.phase ? ` is ${check.phase}` : '') : ' is gone'}`;
    case 'k8s.pv':
      return `volume ${check.name ?? `of ${check.claim}`}${check.present ? (check.phase ? ` is ${check.phase}` : '') : ' is gone'}`;
    case 'k8s.object':
      return `${check.resource} ${check.name ?? Object.entries(check.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}`.trim();
    case 'k8s.pods':
      return `${check.count} pod(s) ${check.name ?? Object.entries(check.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}`;
    case 'node.path':
      return `${check.path} ${check.present ? 'is' : 'is not'} on the node`;
    case 'node.mounts':
      return `the node has mounts at ${check.targets.join(' and ')}`;
    case 'csi.calls':
      return `the CSI driver answered ${check.sequence.join(' → ')} for claim ${check.claim}`;
    case 'k8s.volumeattachment':
      return `the VolumeAttachment of claim ${check.claim}${check.present ? (check.attached !== undefined ? (check.attached ? ' is attached' : ' is not attached yet') : '') : ' is gone'}`;
    case 'cgroup.limit':
      return `${check.cgroup ?? 'the cgroup'} is limited`;
    case 'cgroup.counter':
      return `${check.counter} of ${check.cgroup ?? 'the cgroup'}`;
    case 'cgroup.cpu-usage':
      return `${check.cgroup ?? 'the cgroup'} uses ${check.min}–${check.max} CPUs`;
    case 'cgroup.member':
      return `${describeSelector(check.process)} is in ${check.cgroup}`;
    case 'cgroup.cpu-ratio':
      return `${check.cgroup} gets ${check.min}–${check.max} times the CPU ${check.measure} of ${check.over}`;
    case 'cgroup.freezer':
      return `${check.cgroup ?? 'the cgroup'} is ${check.state}`;
    case 'cgroup.devices':
      return `${check.cgroup ?? 'the cgroup'} denies ${check.denied} on ${check.device}`;
    case 'net.address':
      return `${describeSelector(check.in)} has ${check.address} on ${check.link}`;
    case 'net.route':
      return `${describeSelector(check.in)} routes by default via ${check.defaultVia}`;
    case 'net.ping':
      return `${describeSelector(check.in)} reached ${check.reached}`;
    case 'net.bridge':
      return `bridge ${check.name} is up`;
    case 'mount.exists':
      return check.present ? `${check.target} is mounted` : `${check.target} is not mounted`;
    case 'mount.propagation':
      return `${check.target} is ${check.is}`;
    case 'mount.peers':
      return `${check.target} is ${check.relation} ${check.with.target}`;
    case 'overlay.layers':
      return `${check.target} is an overlay of ${check.lowerDirs.join(':')}`;
    case 'overlay.entry':
      return `${check.path} is ${check.state} in ${check.target}`;
  }
}
