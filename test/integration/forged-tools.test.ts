// A learner is root in the box and may replace any tool there. The checks read
// the box through the probe agent beside it, so a forged cat, ls, readlink,
// mount or findmnt changes no verdict: one real box, each tool replaced in turn
// by a script printing lies that would have fooled a check run with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { CheckRound, defaultTitle, evaluateCheck } from '../../electron/engine/checks/evaluate';
import { CheckSchema, type Check } from '../../electron/shared/lab';

let box: LabBox;

async function run(script: string): Promise<string> {
  const result = await box.exec(script);
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

/** A check as a lab file would say it, and the status it must get. */
const verdict = (check: unknown, status: 'pass' | 'fail'): { check: Check; status: 'pass' | 'fail' } => ({ check: CheckSchema.parse(check), status });

/** The checks, with what each must say whatever the box's tools print. */
const CHECKS = [
  verdict({ check: 'file.content', path: '/lab/real', equals: 'truth' }, 'pass'),
  verdict({ check: 'file.content', path: '/lab/missing', equals: 'lie' }, 'fail'),
  // a symlink to a file the box lacks and the probe's own root has: followed in the box's root, it leads nowhere
  verdict({ check: 'file.content', path: '/lab/escape', contains: '.' }, 'fail'),
  verdict({ check: 'mount.exists', target: '/lab/mnt', fsType: 'tmpfs' }, 'pass'),
  verdict({ check: 'mount.exists', target: '/lab/unmounted' }, 'fail'),
  verdict({ check: 'mount.propagation', target: '/lab/mnt', is: 'shared' }, 'fail'),
  verdict({ check: 'ns.differs', type: 'uts', process: { command: '^sleep 3601$' } }, 'pass'),
  verdict({ check: 'ns.differs', type: 'net', process: { command: '^sleep 3601$' } }, 'fail'),
  verdict({ check: 'uts.hostname', process: { command: '^sleep 3601$' }, equals: 'inner' }, 'pass'),
  verdict({ check: 'process.exists', process: { command: '^sleep 9999$' } }, 'fail'),
  verdict({ check: 'cgroup.limit', cgroup: '/lab-forged', memory: '48M' }, 'pass'),
  verdict({ check: 'cgroup.limit', cgroup: '/lab-forged', memory: '1G' }, 'fail'),
];

/** Each forged tool prints this line, whatever it is asked: what would make the failing checks pass if a check ran it. */
const FORGERIES: Record<string, string> = {
  cat: 'lie',
  ls: 'lrwxrwxrwx 1 root root 0 Jan 1 00:00 uts -> uts:[4026531838]',
  readlink: 'net:[4026531840]',
  mount: 'lie on /lab/unmounted type tmpfs (rw,shared)',
  findmnt: '/lab/unmounted lie tmpfs rw,shared',
};

/** "<title>: <status>" per check, with what was found where a status is not the expected one. */
async function verdicts(): Promise<string[]> {
  const round = new CheckRound(box);
  const results = await Promise.all(CHECKS.map(({ check }) => evaluateCheck(check, round)));
  return results.map((r, i) => `${r.title}: ${r.status}${r.status === CHECKS[i]!.status ? '' : ` (found ${r.found})`}`);
}

const expected = CHECKS.map(({ check, status }) => `${defaultTitle(check)}: ${status}`);

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'forged-itest', hostname: 'nslab-box', writableCgroups: true });
  const cgroup = box.facts.cgroupVersion === 'v2' ? '/sys/fs/cgroup/lab-forged' : '/sys/fs/cgroup/memory/lab-forged';
  const limit = box.facts.cgroupVersion === 'v2' ? 'memory.max' : 'memory.limit_in_bytes';
  await run(`set -e
    printf truth > /lab/real
    mkdir -p /lab/mnt /lab/unmounted /lab/originals
    # an absolute symlink: resolved in the probe's root it would find the probe's own file
    mv /etc/debian_version /lab/originals/ && ln -s /etc/debian_version /lab/escape
    mount -t tmpfs forged-itest /lab/mnt
    mkdir ${cgroup} && echo 48M > ${cgroup}/${limit}
    for tool in ${Object.keys(FORGERIES).join(' ')}; do cp "$(command -v $tool)" /lab/originals/$tool; done`);
  await run(`unshare --uts sh -c 'hostname inner; exec sleep 3601' >/dev/null 2>&1 &`);
});
afterAll(async () => {
  await box?.dispose();
});

describe('verdicts with forged tools in the box', () => {
  it('are as expected with the real tools', async () => {
    expect(await verdicts()).toEqual(expected);
  });

  for (const [tool, lie] of Object.entries(FORGERIES)) {
    it(`do not change when ${tool} is forged`, async () => {
      const path = (await run(`command -v ${tool}`)).trim();
      await run(`printf '#!/bin/sh\\necho "%s"\\n' '${lie}' > ${path} && chmod +x ${path}`);
      try {
        // the forgery is live: the box's own tool lies
        expect((await box.exec(`${tool} /lab/missing`)).stdout).toBe(`${lie}\n`);
        expect(await verdicts()).toEqual(expected);
      } finally {
        await run(`cp /lab/originals/${tool} ${path}`);
      }
    });
  }
});

describe('the probe agent, seen from the box', () => {
  it("cannot be entered, traced or written by the box's root: it is undumpable and the box holds no CAP_SYS_PTRACE", async () => {
    // The agent runs in the box's PID namespace (the probe shares it), as perl.
    await box.state.read();
    const pid = (await run(`for p in /proc/[0-9]*; do case "$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)" in perl*) echo \${p#/proc/};; esac; done | head -1`)).trim();
    expect(pid).toMatch(/^\d+$/);
    const tries = await box.exec(`
      readlink /proc/${pid}/ns/mnt >/dev/null 2>&1 && echo "ns readable"
      head -c 1 /proc/${pid}/mem >/dev/null 2>&1 && echo "mem readable"
      printf x 2>/dev/null > /proc/${pid}/mem && echo "mem writable"
      nsenter -t ${pid} -m true >/dev/null 2>&1 && echo "nsenter worked"
      grep -q '^CapEff:.*' /proc/self/status && grep '^CapEff' /proc/self/status
      true`);
    expect(tries.stdout).not.toMatch(/readable|writable|worked/);
    // CAP_SYS_PTRACE is bit 19 of the box root's effective set: absent.
    const capEff = BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(tries.stdout)![1]}`);
    expect(capEff & (1n << 19n)).toBe(0n);
  });
});
