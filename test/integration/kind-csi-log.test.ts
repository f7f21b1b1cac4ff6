// The copy of a kind cluster's CSI call log on this machine, followed through
// the Docker engine as `nslab cluster create` follows it: a container of the
// lab box image stands in for the kind node (the follower only needs `tail`
// in it and the log's path, which the driver's hostPath store gives on a
// real node). Lines appended in the "node" reach the copy; a follower found
// gone is started again and the copy is the whole log again; `stop` leaves
// neither the process nor the copy. Runs on the local engine, no kind.
import type Docker from 'dockerode';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../electron/engine/process-alive';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { execInContainer } from '../../electron/env/docker/exec';
import { sessionLabels } from '../../electron/env/docker/labels';
import { csiLogFollower, followCsiLog, kindCsiLogPath, resumeCsiLog, stopCsiLog } from '../../electron/env/kind/kind-csi-log';
import { CSI_NODE_LOG } from '../../electron/env/kube/csi-driver-manifests';
import { processesMentioning, terminate } from '../../electron/env/guest/guest-processes';

const CLUSTER = `csilog${process.pid}`;
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
    followCsiLog(CLUSTER, nodeName, process.env.PATH ?? '');
    expect(await copyHas(1)).toEqual(['{"method":"Probe"}']);
    await appendInNode('{"method":"CreateVolume"}');
    expect(await copyHas(2)).toEqual(['{"method":"Probe"}', '{"method":"CreateVolume"}']);

    // A second follow while one runs starts no other.
    const first = csiLogFollower(CLUSTER)!;
    followCsiLog(CLUSTER, nodeName, process.env.PATH ?? '');
    expect(csiLogFollower(CLUSTER)).toBe(first);
    expect(await processesMentioning(kindCsiLogPath(CLUSTER))).toEqual([first]);

    // Gone (a reboot, the guest down): found so, it starts over into a fresh copy of the whole log.
    await terminate([first]);
    expect(csiLogFollower(CLUSTER)).toBeUndefined();
    await appendInNode('{"method":"DeleteVolume"}');
    resumeCsiLog(CLUSTER, nodeName, process.env.PATH ?? '');
    expect(await copyHas(3)).toEqual(['{"method":"Probe"}', '{"method":"CreateVolume"}', '{"method":"DeleteVolume"}']);

    const second = csiLogFollower(CLUSTER)!;
    await stopCsiLog(CLUSTER);
    expect(processAlive(second)).toBe(false);
    expect(existsSync(kindCsiLogPath(CLUSTER))).toBe(false);
    expect(await processesMentioning(kindCsiLogPath(CLUSTER))).toEqual([]);
    // with no copy there is nothing to resume: a cluster nslab did not install the driver on
    resumeCsiLog(CLUSTER, nodeName, process.env.PATH ?? '');
    expect(csiLogFollower(CLUSTER)).toBeUndefined();
  }, 90_000);
});
