// nslab's teaching CSI driver, the real program (out/csi/nslab-csi.mjs) in a
// mount namespace of its own, driven over its real sockets through a volume's
// whole life as the sidecars and the kubelet drive it: real directories, real
// bind mounts (read back from the driver's own /proc/<pid>/mountinfo), and the
// call log the CSI panel reads.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsiCallLog } from '../../electron/csi/call-log';
import { parseMountinfo } from '../../electron/probes/mounts/parse';
import { csiClient, type CsiClient } from '../helpers/csi-client';
import { until } from '../helpers/until';

const DRIVER = 'out/csi/nslab-csi.mjs';
let dir: string;
let driver: ChildProcess;
let csi: CsiClient;

const mounts = () => parseMountinfo(readFileSync(`/proc/${driver.pid}/mountinfo`, 'utf8'));
const calls = () => parseCsiCallLog(existsSync(join(dir, 'calls.jsonl')) ? readFileSync(join(dir, 'calls.jsonl'), 'utf8') : '');

beforeAll(async () => {
  if (!existsSync(DRIVER)) throw new Error(`${DRIVER} is missing: run npm run build:csi (npm test builds it)`);
  dir = mkdtempSync(join(tmpdir(), 'nslab-csi-'));
  // unshare: the driver's bind mounts stay in its own mount namespace and go with it.
  driver = spawn('unshare', ['--mount', '--propagation', 'private', process.execPath, DRIVER,
    '--socket', join(dir, 'csi.sock'), '--node-id', 'node-1', '--root', join(dir, 'root'), '--log', join(dir, 'calls.jsonl'),
    '--registry-dir', join(dir, 'plugins_registry')], { stdio: ['ignore', 'ignore', 'pipe'] });
  await until('the registration socket', () => (existsSync(join(dir, 'plugins_registry', 'csi.nslab.dev-reg.sock')) ? true : undefined), 20_000, 50);
  csi = csiClient(join(dir, 'csi.sock'), join(dir, 'plugins_registry', 'csi.nslab.dev-reg.sock'));
});

afterAll(async () => {
  csi?.close();
  if (driver && driver.exitCode === null) {
    const gone = new Promise((r) => driver.once('exit', r));
    driver.kill('SIGTERM');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the kubelet registers the driver', () => {
  it('answers GetInfo with a CSI plugin and its endpoint, and hears the outcome', async () => {
    const info = await csi.call('Registration', 'GetInfo');
    expect(info).toMatchObject({ type: 'CSIPlugin', name: 'csi.nslab.dev', endpoint: join(dir, 'csi.sock'), supported_versions: ['1.0.0'] });
    await csi.call('Registration', 'NotifyRegistrationStatus', { plugin_registered: true });
    expect(await csi.call('Node', 'NodeGetInfo')).toMatchObject({ node_id: 'node-1' });
    expect(await csi.call('Identity', 'GetPluginInfo')).toMatchObject({ name: 'csi.nslab.dev' });
  });
});

describe('a volume from CreateVolume to DeleteVolume', () => {
  const name = 'pvc-0b7a3c8e-1111-4222-8333-444455556666';
  const staging = () => join(dir, 'kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/abc/globalmount');
  const target = () => join(dir, 'kubelet/pods/uid-1/volumes/kubernetes.io~csi', name, 'mount');

  it('creates a directory per volume, idempotently by name', async () => {
    const request = { name, capacity_range: { required_bytes: String(100 * 1024 * 1024) } };
    const first = await csi.call('Controller', 'CreateVolume', request);
    expect(first).toMatchObject({ volume: { volume_id: name, capacity_bytes: String(100 * 1024 * 1024) } });
    expect(await csi.call('Controller', 'CreateVolume', request)).toEqual(first);
    expect(existsSync(join(dir, 'root/volumes', name, 'data'))).toBe(true);
    await expect(csi.call('Controller', 'CreateVolume', { name, capacity_range: { required_bytes: '5' } })).rejects.toThrow(/ALREADY_EXISTS|exists with/);
  });

  it('publishes to a node, then refuses NodePublish before NodeStage', async () => {
    expect(await csi.call('Controller', 'ControllerPublishVolume', { volume_id: name, node_id: 'node-1' })).toMatchObject({
      publish_context: { 'nslab.dev/attached-to': 'node-1' },
    });
    await expect(csi.call('Node', 'NodePublishVolume', { volume_id: name, staging_target_path: staging(), target_path: target() })).rejects.toThrow(
      /NodeStageVolume comes first/,
    );
  });

  it('stages once per node and publishes per pod: two bind mounts with one source', async () => {
    await csi.call('Node', 'NodeStageVolume', { volume_id: name, staging_target_path: staging() });
    await csi.call('Node', 'NodeStageVolume', { volume_id: name, staging_target_path: staging() });
    await csi.call('Node', 'NodePublishVolume', { volume_id: name, staging_target_path: staging(), target_path: target() });
    const table = mounts();
    const [staged, published] = [table.filter((m) => m.mountPoint === staging()), table.filter((m) => m.mountPoint === target())];
    expect(staged).toHaveLength(1);
    expect(published).toHaveLength(1);
    // Same filesystem, same directory of it: the volume's data dir.
    expect(published[0]!.root).toBe(staged[0]!.root);
    expect(staged[0]!.root.endsWith(`/volumes/${name}/data`)).toBe(true);
    // What a pod writes lands in the volume's directory.
    writeFileSync(`/proc/${driver.pid}/root${target()}/msg`, 'hello\n');
    expect(readFileSync(join(dir, 'root/volumes', name, 'data/msg'), 'utf8')).toBe('hello\n');
  });

  it('refuses DeleteVolume while attached, then tears down in reverse', async () => {
    await expect(csi.call('Controller', 'DeleteVolume', { volume_id: name })).rejects.toThrow(/still attached to node-1/);
    await csi.call('Node', 'NodeUnpublishVolume', { volume_id: name, target_path: target() });
    await csi.call('Node', 'NodeUnstageVolume', { volume_id: name, staging_target_path: staging() });
    await csi.call('Controller', 'ControllerUnpublishVolume', { volume_id: name, node_id: 'node-1' });
    await csi.call('Controller', 'DeleteVolume', { volume_id: name });
    await csi.call('Controller', 'DeleteVolume', { volume_id: name });
    expect(mounts().filter((m) => m.mountPoint === staging() || m.mountPoint === target())).toEqual([]);
    expect(existsSync(target())).toBe(false);
    expect(existsSync(join(dir, 'root/volumes', name))).toBe(false);
  });

  it('logs every call, failures included, in the order they came', async () => {
    const log = await until('the DeleteVolume lines', () => (calls().filter((c) => c.method === 'DeleteVolume').length >= 3 ? calls() : undefined), 20_000, 50);
    const lifecycle = log.filter((c) => c.code === 'OK' && c.volumeId === name).map((c) => c.method);
    expect(lifecycle).toEqual([
      'CreateVolume', 'CreateVolume', 'ControllerPublishVolume', 'NodeStageVolume', 'NodeStageVolume', 'NodePublishVolume',
      'NodeUnpublishVolume', 'NodeUnstageVolume', 'ControllerUnpublishVolume', 'DeleteVolume', 'DeleteVolume',
    ]);
    expect(log.find((c) => c.method === 'NodeStageVolume')).toMatchObject({ stagingPath: staging(), service: 'Node' });
    expect(log.find((c) => c.method === 'NodePublishVolume' && c.code === 'OK')).toMatchObject({ targetPath: target() });
    expect(log.find((c) => c.method === 'DeleteVolume' && c.code !== 'OK')).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(log.find((c) => c.method === 'GetInfo')).toMatchObject({ service: 'Registration' });
  });
});

describe('expansion and snapshots', () => {
  it('grows a volume, asks the node too, and restores a snapshot into a new volume', async () => {
    const source = 'pvc-snap-source';
    await csi.call('Controller', 'CreateVolume', { name: source, capacity_range: { required_bytes: '1048576' } });
    writeFileSync(join(dir, 'root/volumes', source, 'data/kept'), 'before the snapshot\n');
    expect(await csi.call('Controller', 'ControllerExpandVolume', { volume_id: source, capacity_range: { required_bytes: '2097152' } })).toMatchObject({
      capacity_bytes: '2097152',
      node_expansion_required: true,
    });
    const snap = await csi.call('Controller', 'CreateSnapshot', { name: 'snapshot-1234', source_volume_id: source });
    expect(snap).toMatchObject({ snapshot: { snapshot_id: 'snap-1234', source_volume_id: source, ready_to_use: true } });
    writeFileSync(join(dir, 'root/volumes', source, 'data/kept'), 'after the snapshot\n');
    await csi.call('Controller', 'CreateVolume', { name: 'pvc-restored', volume_content_source: { snapshot: { snapshot_id: 'snap-1234' } } });
    expect(readFileSync(join(dir, 'root/volumes/pvc-restored/data/kept'), 'utf8')).toBe('before the snapshot\n');
    // The log names the snapshot a volume was restored from: what csi.calls restoredFrom follows.
    expect(calls().findLast((c) => c.method === 'CreateVolume' && c.volumeId === 'pvc-restored')).toMatchObject({ code: 'OK', snapshotId: 'snap-1234' });
    expect(calls().findLast((c) => c.method === 'CreateSnapshot')).toMatchObject({ volumeId: source, snapshotId: 'snap-1234' });
    expect(await csi.call('Controller', 'ListSnapshots', { source_volume_id: source })).toMatchObject({
      entries: [{ snapshot: { snapshot_id: 'snap-1234', source_volume_id: source, size_bytes: '2097152', ready_to_use: true } }],
    });
    // An empty repeated field does not travel: no entries at all.
    expect(await csi.call('Controller', 'ListSnapshots', { snapshot_id: 'snap-none' })).not.toHaveProperty('entries.0');
    await csi.call('Controller', 'DeleteSnapshot', { snapshot_id: 'snap-1234' });
    expect(existsSync(join(dir, 'root/snapshots/snap-1234'))).toBe(false);
    await expect(csi.call('Controller', 'CreateVolume', { name: 'pvc-x', volume_content_source: { snapshot: { snapshot_id: 'snap-none' } } })).rejects.toThrow(/NOT_FOUND|does not exist/);
    await expect(csi.call('Controller', 'ListVolumes')).rejects.toThrow(/UNIMPLEMENTED|not offered/);
  });
});

describe('calls for one volume that arrive together', () => {
  const name = 'pvc-overlap';
  const staging = () => join(dir, 'kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/overlap/globalmount');
  const stagedMounts = () => mounts().filter((m) => m.mountPoint === staging()).length;
  const span = (c: { at: string; ms: number }) => [Date.parse(c.at), Date.parse(c.at) + c.ms] as const;

  // A NodeUnstageVolume the kubelet gave up on still runs when its next call
  // comes: a NodeStageVolume answered OK beside it would be undone by it.
  it('runs one at a time, the other answered ABORTED, and the mounts agree with the last call answered OK', async () => {
    await csi.call('Controller', 'CreateVolume', { name, capacity_range: { required_bytes: '1048576' } });
    const stage = () => csi.call('Node', 'NodeStageVolume', { volume_id: name, staging_target_path: staging() });
    const unstage = () => csi.call('Node', 'NodeUnstageVolume', { volume_id: name, staging_target_path: staging() });
    for (let round = 0; round < 8; round++) {
      await stage();
      const before = calls().length;
      const answers = await Promise.allSettled([unstage(), stage()]);
      for (const refused of answers.filter((a) => a.status === 'rejected')) expect(String(refused.reason)).toMatch(/ABORTED|still in progress/);
      const ok = (await until('both calls in the log', () => (calls().length >= before + 2 ? calls().slice(before) : undefined), 20_000, 20)).filter((c) => c.volumeId === name && c.code === 'OK');
      if (ok.length === 2) {
        const [a, b] = ok.map(span) as [readonly [number, number], readonly [number, number]];
        // 1 ms of slack: `at` is to the millisecond.
        expect(a[1] <= b[0] + 1 || b[1] <= a[0] + 1, `overlapping OK answers: ${JSON.stringify(ok)}`).toBe(true);
      }
      const last = ok.sort((x, y) => span(x)[1] - span(y)[1]).pop()?.method;
      expect(stagedMounts(), `after ${ok.map((c) => c.method).join(', ')} answered OK`).toBe(last === 'NodeUnstageVolume' ? 0 : 1);
    }
    await unstage();
    expect(stagedMounts()).toBe(0);
    await csi.call('Controller', 'DeleteVolume', { volume_id: name });
  });
});
