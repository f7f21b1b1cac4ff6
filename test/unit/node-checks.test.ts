// node.path and node.mounts: which node and which paths a check reads (from
// the learner's objects), the node-side output parsed, and the verdicts, on
// output captured from the nslab guest's node (test/fixtures/node/README.md).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeMounts, nodePath, nodeTarget } from '../../electron/engine/checks/node-checks';
import { parseMountinfo } from '../../electron/probes/mounts/parse';
import { fillNodePath, nodePathBase, nodePathPattern, parseNodePaths } from '../../electron/probes/node/parse';
import { NODE_FILE_HEAD_BYTES, NODE_PATH_SCRIPT } from '../../electron/probes/node/script';
import { CheckSchema, type Check } from '../../electron/shared/lab';
import type { StorageSnapshot } from '../../electron/shared/storage-snapshot';

const FIXTURES = join(__dirname, '../fixtures/node');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

type NodePathCheck = Extract<Check, { check: 'node.path' }>;
type NodeMountsCheck = Extract<Check, { check: 'node.mounts' }>;
const pathCheck = (fields: Record<string, unknown>) => CheckSchema.parse({ check: 'node.path', needs: 'kubelet', ...fields }) as NodePathCheck;
const mountsCheck = (fields: Record<string, unknown>) => CheckSchema.parse({ check: 'node.mounts', needs: 'kubelet', ...fields }) as NodeMountsCheck;
const names = { namespace: 'nslab-ada', prefix: 'ada-', learner: 'ada' };

const snapshot = (over: Partial<StorageSnapshot> = {}): StorageSnapshot => ({
  takenAt: '2026-12-05T05:00:00Z',
  namespace: 'nslab-ada',
  classes: [],
  claims: [{ name: 'data', phase: 'Bound', volumeName: 'pvc-1', accessModes: ['ReadWriteOnce'], events: [] }],
  volumes: [
    {
      name: 'pvc-1',
      phase: 'Bound',
      claim: 'nslab-ada/data',
      accessModes: ['ReadWriteOnce'],
      reclaimPolicy: 'Delete',
      nodeAffinityHosts: ['nslab-control-plane'],
      path: '/var/local-path-provisioner/pvc-1_nslab-ada_data',
    },
  ],
  pods: [{ name: 'writer', uid: 'u-1', phase: 'Running', node: 'nslab-control-plane', claims: ['data'], labels: {}, owners: [], deleting: false, finalizers: [] }],
  workloads: [],
  attachments: [],
  nodes: [],
  ...over,
});

describe('the node a check reads and its placeholders', () => {
  it("takes the pod's node and uid, and the claim's volume and directory", () => {
    expect(nodeTarget(pathCheck({ pod: 'writer', claim: 'data', path: '${VOLUME_PATH}/msg' }), snapshot(), names)).toEqual({
      nodes: ['nslab-control-plane'],
      values: { NSLAB_NAMESPACE: 'nslab-ada', NSLAB_PREFIX: 'ada-', NSLAB_LEARNER: 'ada', POD_UID: 'u-1', VOLUME: 'pvc-1', VOLUME_PATH: '/var/local-path-provisioner/pvc-1_nslab-ada_data' },
    });
  });

  it("finds a Released volume by its claimRef once the claim is gone, and reads every node when nothing names one", () => {
    const gone = snapshot({ claims: [], pods: [] });
    expect(nodeTarget(pathCheck({ claim: 'data', path: '${VOLUME_PATH}' }), gone, names)).toMatchObject({ nodes: ['nslab-control-plane'], values: { VOLUME: 'pvc-1' } });
    expect(nodeTarget(pathCheck({ path: '/var/local-path-provisioner/*_${NSLAB_NAMESPACE}_toss', present: false }), gone, names)).toMatchObject({ nodes: undefined });
  });

  it('says what of the learner is missing', () => {
    expect(nodeTarget(pathCheck({ pod: 'reader', path: '/x' }), snapshot(), names)).toEqual({ missing: 'there is no pod reader' });
    const pending = snapshot({ claims: [{ name: 'data', phase: 'Pending', accessModes: [], events: [] }], volumes: [] });
    expect(nodeTarget(pathCheck({ claim: 'data', path: '${VOLUME_PATH}' }), pending, names)).toEqual({ missing: 'claim data is Pending, bound to no volume' });
  });

  it('fills paths, refusing values that would act as patterns or climb out', () => {
    expect(fillNodePath('${VOLUME_PATH}/msg', { VOLUME_PATH: '/data/ada-x' })).toBe('/data/ada-x/msg');
    expect(() => fillNodePath('${VOLUME_PATH}/msg', { VOLUME_PATH: '/data/ada-x/*' })).toThrow(/will not use/);
    expect(() => fillNodePath('${VOLUME_PATH}', { VOLUME_PATH: '/data/ada-x/../../etc' })).toThrow(/will not use/);
    expect(nodePathPattern('/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/*/globalmount').test('/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/ab12/globalmount')).toBe(true);
    expect(nodePathPattern('/a/*/b').test('/a/x/y/b')).toBe(false);
  });
});

describe('node.path', () => {
  const read = parseNodePaths(fixture('guest-local-path.txt'));

  it('parses what the node script printed: type, path and a file head', () => {
    expect(read.map((e) => e.type)).toContain('dir');
    const msg = read.find((e) => e.type === 'file');
    expect(msg).toMatchObject({ type: 'file', text: 'hello\n' });
  });

  it('passes on the file holding the text, and says what a file holds when it does not match', () => {
    const file = read.filter((e) => e.type === 'file');
    const path = file[0]!.path;
    expect(nodePath(pathCheck({ path, content: '^hello$' }), path, [{ node: 'n1', found: file }])).toMatchObject({ pass: true });
    const wrong = nodePath(pathCheck({ path, content: '^bye$' }), path, [{ node: 'n1', found: file }]);
    expect(wrong).toEqual({ pass: false, expected: `${path} on node n1, a file holding text matching /^bye$/`, found: `${path} holds "hello"` });
    expect(nodePath(pathCheck({ path: '/nope', content: 'x' }), '/nope', [{ node: 'n1', found: [] }]).found).toBe('there is no such path on node n1');
  });

  it('with present: false, names what is still there and where', () => {
    const dirs = read.filter((e) => e.type === 'dir');
    const verdict = nodePath(pathCheck({ path: '/var/local-path-provisioner/*', present: false }), '/var/local-path-provisioner/*', [{ node: 'n1', found: dirs }]);
    expect(verdict.pass).toBe(false);
    expect(verdict.found).toMatch(/^\/var\/local-path-provisioner\/pvc-.* on n1$/);
    expect(nodePath(pathCheck({ path: '/x', present: false }), '/x', [{ node: 'n1', found: [] }])).toMatchObject({ pass: true });
  });
});

describe('node.path through a symlink the learner made', () => {
  it('matches under the volume for ${VOLUME_PATH}/…, else under the leading plain directories', () => {
    expect(nodePathBase('${VOLUME_PATH}/msg', { VOLUME_PATH: '/data/ada-x/' })).toBe('/data/ada-x');
    expect(nodePathBase('/var/local-path-provisioner/*_${NSLAB_NAMESPACE}_toss', {})).toBe('/var/local-path-provisioner');
    expect(nodePathBase('/data/${NSLAB_PREFIX}x/msg', { NSLAB_PREFIX: 'ada-' })).toBe('/data');
    expect(nodePathBase('/var/lib/kubelet/pods/${POD_UID}/volumes/*/mount', {})).toBe('/var/lib/kubelet/pods');
    expect(nodePathBase('/*/x', {})).toBe('');
  });

  // The node script itself, run by this machine's sh and perl as nslab runs it on a node (as root there).
  // A bound on each run: a FIFO the script opened would wait for a writer forever.
  const run = (pattern: string, base: string) =>
    parseNodePaths(execFileSync('sh', ['-c', NODE_PATH_SCRIPT], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH, NSLAB_NODE_PATH: pattern, NSLAB_NODE_BASE: base } }));

  it("reads what stays in the volume, and neither reads nor types a match whose real path leaves it", () => {
    const root = mkdtempSync(join(tmpdir(), 'nslab-node-path-'));
    try {
      const volume = join(root, 'volume');
      mkdirSync(join(volume, 'sub'), { recursive: true });
      writeFileSync(join(root, 'secret'), 'the node\'s own\n');
      writeFileSync(join(volume, 'msg'), 'hello\n');
      symlinkSync(volume, join(root, 'alias')); // a symlink above the volume: nslab's, not the learner's
      symlinkSync('sub', join(volume, 'same')); // stays inside: read
      writeFileSync(join(volume, 'sub', 'msg'), 'inner\n');
      symlinkSync(root, join(volume, 'up')); // the learner's way out
      symlinkSync(join(root, 'secret'), join(volume, 'leak'));

      expect(run(`${volume}/msg`, volume)).toEqual([{ type: 'file', path: `${volume}/msg`, text: 'hello\n' }]);
      expect(run(`${volume}/same/msg`, volume)).toEqual([{ type: 'file', path: `${volume}/same/msg`, text: 'inner\n' }]);
      expect(run(`${root}/alias/msg`, `${root}/alias`)).toEqual([{ type: 'file', path: `${root}/alias/msg`, text: 'hello\n' }]);
      expect(run(`${volume}/up/secret`, volume)).toEqual([{ type: 'outside', path: `${volume}/up/secret` }]);
      expect(run(`${volume}/leak`, volume)).toEqual([{ type: 'link', path: `${volume}/leak` }]);
      expect(run(`${volume}/*/secret`, volume)).toEqual([{ type: 'outside', path: `${volume}/up/secret` }]);
      expect(run(`${volume}/nothing`, volume)).toEqual([]);

      // A name with a newline, made to look like a line of the script's own: one entry, by its real name.
      const forged = `x\nentry\tfile\t${Buffer.from('/etc/shadow').toString('base64')}\t${Buffer.from('root::0').toString('base64')}\n`;
      writeFileSync(join(volume, 'sub', forged), 'forged\n');
      writeFileSync(join(volume, 'sub', 'x'), 'plain x\n');
      expect(run(`${volume}/sub/x*`, volume)).toEqual([
        { type: 'file', path: `${volume}/sub/x`, text: 'plain x\n' },
        { type: 'file', path: `${volume}/sub/${forged}`, text: 'forged\n' },
      ]);

      const check = pathCheck({ path: '${VOLUME_PATH}/up/secret', content: 'own' });
      const verdict = nodePath(check, `${volume}/up/secret`, [{ node: 'n1', found: run(`${volume}/up/secret`, volume) }]);
      expect(verdict).toMatchObject({ pass: false, found: `${volume}/up/secret leads through a symlink out of the directory it was looked for in, which nslab does not follow` });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('types a FIFO without waiting on it, a dangling symlink and a directory, and reads a file\'s head only', () => {
    const root = mkdtempSync(join(tmpdir(), 'nslab-node-path-'));
    try {
      execFileSync('mkfifo', [join(root, 'fifo')]);
      symlinkSync(join(root, 'gone'), join(root, 'dangling'));
      mkdirSync(join(root, 'dir'));
      writeFileSync(join(root, 'big'), 'x'.repeat(NODE_FILE_HEAD_BYTES + 10));
      expect(run(`${root}/fifo`, root)).toEqual([{ type: 'other', path: `${root}/fifo` }]);
      expect(run(`${root}/dangling`, root)).toEqual([{ type: 'link', path: `${root}/dangling` }]);
      expect(run(`${root}/dir`, root)).toEqual([{ type: 'dir', path: `${root}/dir` }]);
      expect(run(`${root}/big`, '')).toEqual([{ type: 'file', path: `${root}/big`, text: 'x'.repeat(NODE_FILE_HEAD_BYTES) }]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // The learner's pod swaps a directory of the path for a symlink out, and back,
  // as fast as rename(2) goes, while nslab reads. Whatever moment each read
  // falls on, it reads the file inside or reports the way out; never the node's
  // file (the script that checked with readlink -f and then read by name did,
  // 10 reads in 300 here).
  it("reads nothing outside while a directory of the path is swapped for a symlink out", () => {
    const root = mkdtempSync(join(tmpdir(), 'nslab-node-swap-'));
    const volume = join(root, 'volume');
    mkdirSync(join(volume, 'd'), { recursive: true });
    mkdirSync(join(root, 'node'));
    writeFileSync(join(volume, 'd', 'msg'), 'inside\n');
    writeFileSync(join(root, 'node', 'msg'), 'the node\'s own\n');
    symlinkSync(join(root, 'node'), join(volume, 'l'));
    // Bounded by its count too, should the kill below not be reached.
    const swapper = spawn('perl', ['-e', 'chdir shift; for (1..50_000_000) { rename "d", "t"; rename "l", "d"; rename "d", "l"; rename "t", "d" }', volume], { stdio: 'ignore' });
    try {
      // One path a line is a pattern each: a run reads the path 100 times, in one process.
      const paths = Array.from({ length: 100 }, () => `${volume}/d/msg`).join('\n');
      const seen = new Set<string>();
      for (let i = 0; i < 10; i++) {
        for (const entry of run(paths, volume)) seen.add(entry.type === 'file' ? `file ${entry.text}` : entry.type);
      }
      expect([...seen].filter((s) => s !== 'file inside\n' && s !== 'outside')).toEqual([]);
    } finally {
      swapper.kill();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('node.mounts', () => {
  const mounts = parseMountinfo(fixture('guest-node-mountinfo.txt'));
  const projected = mounts.find((m) => m.mountPoint.includes('kubernetes.io~projected'))!;
  const uid = /\/pods\/([^/]+)\//.exec(projected.mountPoint)![1]!;

  it("finds the kubelet's mounts for a pod in the node's own mount table", () => {
    const target = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/*`;
    expect(nodeMounts(mountsCheck({ targets: [target] }), [target], [{ node: 'n1', found: mounts }])).toMatchObject({ pass: true });
  });

  it('says which target has no mount, and when two mounts show different sources', () => {
    const missing = '/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/*/globalmount';
    expect(nodeMounts(mountsCheck({ targets: [missing] }), [missing], [{ node: 'n1', found: mounts }]).found).toBe(`n1 has no mount at ${missing}`);
    const root = mounts.find((m) => m.mountPoint === '/')!;
    const twoSources = nodeMounts(mountsCheck({ targets: ['/', projected.mountPoint], sameSource: true }), ['/', projected.mountPoint], [{ node: 'n1', found: mounts }]);
    expect(twoSources.pass).toBe(false);
    expect(twoSources.found).toContain(`/ from device ${root.major}:${root.minor} root ${root.root}`);
  });

  it('passes two bind mounts of one directory', () => {
    const bind = (id: number, at: string) => `${id} 1 8:1 /var/lib/nslab-csi/vol-1 ${at} rw,relatime shared:1 - ext4 /dev/vda rw`;
    const table = parseMountinfo([bind(50, '/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/ab/globalmount'), bind(51, '/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~csi/pvc-1/mount')].join('\n'));
    const targets = ['/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/*/globalmount', '/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~csi/pvc-1/mount'];
    expect(nodeMounts(mountsCheck({ targets, sameSource: true }), targets, [{ node: 'n1', found: table }])).toMatchObject({ pass: true });
  });

  it("passes with another learner's volume staged on the node too, and fails when the pod's mount shares no staging mount's source", () => {
    const bind = (id: number, dir: string, at: string) => `${id} 1 8:1 ${dir} ${at} rw,relatime shared:1 - ext4 /dev/vda rw`;
    const staging = (hash: string) => `/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/${hash}/globalmount`;
    const publish = '/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~csi/pvc-1/mount';
    const targets = ['/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/*/globalmount', publish];
    const theirs = bind(60, '/var/lib/nslab-csi/vol-2', staging('cd'));
    const right = parseMountinfo([theirs, bind(50, '/var/lib/nslab-csi/vol-1', staging('ab')), bind(51, '/var/lib/nslab-csi/vol-1', publish)].join('\n'));
    const verdict = nodeMounts(mountsCheck({ targets, sameSource: true }), targets, [{ node: 'n1', found: right }]);
    expect(verdict).toMatchObject({ pass: true, expected: expect.stringContaining('one of each from the same source') });
    expect(verdict.found).toBe(`on n1: ${staging('ab')} from device 8:1 root /var/lib/nslab-csi/vol-1, ${publish} from device 8:1 root /var/lib/nslab-csi/vol-1`);

    const wrong = parseMountinfo([theirs, bind(50, '/var/lib/nslab-csi/vol-1', staging('ab')), bind(51, '/var/lib/nslab-csi/elsewhere', publish)].join('\n'));
    const refused = nodeMounts(mountsCheck({ targets, sameSource: true }), targets, [{ node: 'n1', found: wrong }]);
    expect(refused.pass).toBe(false);
    expect(refused.found).toContain(`${publish} from device 8:1 root /var/lib/nslab-csi/elsewhere`);
  });
});
