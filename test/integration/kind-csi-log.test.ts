// The copy of a kind cluster's CSI call log on this machine, followed through
// the Docker engine as `nslab cluster create` follows it: a container of the
// lab box image stands in for the kind node (the follower only needs `tail`
// in it and the log's path, which the driver's hostPath store gives on a
// real node). Lines appended in the "node" reach the copy; a follower found
// gone is started again and the copy is the whole log again; `stop` leaves
// neither the process nor the copy. Runs on the local engine, no kind.
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../electron/engine/process-alive';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { execInContainer } from '../../electron/env/docker/exec';
import { sessionLabels } from '../../electron/env/docker/labels';
import { csiLogFollower, followCsiLog, kindCsiLogPath, resumeCsiLog, stopCsiLog } from '../../electron/env/kind/kind-csi-log';
import { CSI_NODE_LOG } from '../../electron/env/kube/csi-driver-manifests';
import { processesMentioning, terminate } from '../../electron/env/guest/guest-processes';

const CLUSTER = `csilog${process.pid}`;
const PATH = process.env.PATH ?? '';
const config = mkdtempSync(join(tmpdir(), 'nslab-kind-csi-log-'));
let docker: Docker;
let node: Docker.Container;
let nodeName: string;

/** Polls the copy until it holds `lines` lines (bounded). */
async function copyHas(lines: number, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = existsSync(kindCsiLogPath(CLUSTER)) ? readFileSync(kindCsiLogPath(CLUSTER), 'utf8') : '';
    const got = text.split('\n').filter(Boolean);
    if (got.length >= lines) return got;
    if (Date.now() > deadline) throw new Error(`the copy has ${got.length} lines, not ${lines}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const appendInNode = (line: string) => execInContainer(node, `mkdir -p "$(dirname "$LOG")" && echo "$LINE" >>"$LOG"`, { timeoutMs: 15_000, env: [`LOG=${CSI_NODE_LOG}`, `LINE=${line}`] });

beforeAll(async () => {
  process.env.XDG_CONFIG_HOME = config;
  docker = await connectDocker();
  nodeName = `nslab-csilog-${process.pid}`;
  node = await docker.createContainer({
    name: nodeName,
    Image: DEFAULT_BOX_IMAGE,
    Cmd: ['sleep', 'infinity'],
    Labels: sessionLabels(`csilog-${process.pid}`, 'kind-csi-log'),
    HostConfig: { NetworkMode: 'none' },
  });
  await node.start();
}, 60_000);

afterAll(async () => {
  await stopCsiLog(CLUSTER);
  await node?.remove({ force: true });
  rmSync(config, { recursive: true, force: true });
});

describe("the kind cluster's CSI call log on this machine", () => {
  it('copies what the node appends, resumes a follower that is gone with the whole log, and stops leaving nothing', async () => {
    await appendInNode('{"method":"Probe"}');
    await followCsiLog(CLUSTER, nodeName, PATH);
    expect(await copyHas(1)).toEqual(['{"method":"Probe"}']);
    await appendInNode('{"method":"CreateVolume"}');
    expect(await copyHas(2)).toEqual(['{"method":"Probe"}', '{"method":"CreateVolume"}']);

    // A second follow while one runs starts no other.
    const first = (await csiLogFollower(CLUSTER))!;
    await followCsiLog(CLUSTER, nodeName, PATH);
    expect(await csiLogFollower(CLUSTER)).toBe(first);
    expect(await processesMentioning(kindCsiLogPath(CLUSTER))).toEqual([first]);

    // Gone (a reboot, the guest down): found so, it starts over into a fresh copy of the whole log.
    await terminate([first]);
    expect(await csiLogFollower(CLUSTER)).toBeUndefined();
    await appendInNode('{"method":"DeleteVolume"}');
    await resumeCsiLog(CLUSTER, nodeName, PATH);
    expect(await copyHas(3)).toEqual(['{"method":"Probe"}', '{"method":"CreateVolume"}', '{"method":"DeleteVolume"}']);

    const second = (await csiLogFollower(CLUSTER))!;
    await stopCsiLog(CLUSTER);
    expect(processAlive(second)).toBe(false);
    expect(existsSync(kindCsiLogPath(CLUSTER))).toBe(false);
    expect(await processesMentioning(kindCsiLogPath(CLUSTER))).toEqual([]);
    // with no copy there is nothing to resume: a cluster nslab did not install the driver on
    await resumeCsiLog(CLUSTER, nodeName, PATH);
    expect(await csiLogFollower(CLUSTER)).toBeUndefined();
  }, 90_000);

  it("trusts a pid file only when its process is the follower: another process's pid is neither waited on nor signalled", async () => {
    await appendInNode('{"method":"Probe"}');
    // After a reboot the recorded pid may be some other process's.
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const pidFile = `${kindCsiLogPath(CLUSTER)}.pid`;
      mkdirSync(dirname(pidFile), { recursive: true });
      writeFileSync(kindCsiLogPath(CLUSTER), '');
      writeFileSync(pidFile, `${other.pid}\n`);
      expect(await csiLogFollower(CLUSTER)).toBeUndefined();
      await resumeCsiLog(CLUSTER, nodeName, PATH);
      const follower = (await csiLogFollower(CLUSTER))!;
      expect(follower).not.toBe(other.pid);
      expect(await copyHas(1)).toContain('{"method":"Probe"}');

      writeFileSync(pidFile, `${other.pid}\n`);
      await stopCsiLog(CLUSTER);
      expect(processAlive(other.pid!)).toBe(true);
      expect(existsSync(kindCsiLogPath(CLUSTER))).toBe(false);
    } finally {
      other.kill('SIGKILL');
      // the follower the pid file no longer named, found by what it was started with
      await terminate(await processesMentioning(kindCsiLogPath(CLUSTER)));
    }
  }, 60_000);

  it('starts one follower for two nslab processes resuming at once', async () => {
    await appendInNode('{"method":"Probe"}');
    await Promise.all([followCsiLog(CLUSTER, nodeName, PATH), followCsiLog(CLUSTER, nodeName, PATH)]);
    expect(await processesMentioning(kindCsiLogPath(CLUSTER))).toEqual([await csiLogFollower(CLUSTER)]);
    await stopCsiLog(CLUSTER);
  }, 60_000);

  it('never writes the copy through a symlink planted at its name, and says so when docker cannot be run', async () => {
    const victim = join(config, 'victim');
    writeFileSync(victim, 'keep me\n');
    mkdirSync(dirname(kindCsiLogPath(CLUSTER)), { recursive: true });
    symlinkSync(victim, kindCsiLogPath(CLUSTER));
    await expect(followCsiLog(CLUSTER, nodeName, PATH)).rejects.toThrow(/ELOOP/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    rmSync(kindCsiLogPath(CLUSTER));

    const noDocker = mkdtempSync(join(tmpdir(), 'nslab-no-docker-'));
    await expect(followCsiLog(CLUSTER, nodeName, noDocker)).rejects.toThrow(/docker exec.*ENOENT/);
    expect(await csiLogFollower(CLUSTER)).toBeUndefined();
    expect(existsSync(`${kindCsiLogPath(CLUSTER)}.pid`)).toBe(false);
    rmSync(noDocker, { recursive: true });
    await stopCsiLog(CLUSTER);
  }, 60_000);
});
