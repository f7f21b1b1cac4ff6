// A Kubernetes lab's terminals, submissions and script checks run in a tools box
// with the learner's own credential: a hostile submission graded by the real
// CLI cannot write on the host, cannot read nslab's (admin) kubeconfig or the
// grader's environment, and cannot touch another learner's namespace or
// volumes; the learner's token is held to what learner-access.ts grants.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
import { runCli } from '../helpers/cli';
import { adminKubectl } from './admin-kubectl';
import { startTestCluster, type LabCluster } from './test-cluster';

let cluster: LabCluster;
let env: KubeEnvironment;
const scratch = mkdtempSync(join(tmpdir(), 'nslab-kube-sandbox-'));
const victim = `v${process.pid}`;
const attacker = `a${process.pid}`;

beforeAll(async () => {
  cluster = await startTestCluster('kube sandbox');
  env = await KubeEnvironment.create(cluster.target(`s${process.pid}`));
  // Another learner of the same cluster, with something to lose.
  admin(['create', 'namespace', `nslab-${victim}`]);
  admin(['-n', `nslab-${victim}`, 'create', 'configmap', 'notes', '--from-literal=mine=yes']);
  admin(['-n', `nslab-${victim}`, 'create', 'secret', 'generic', 'secret', '--from-literal=password=hunter2']);
  admin(['apply', '-f', '-'], hostPathVolume(`${victim}-pv`, `/data/${victim}-pv`));
}, 20 * 60_000);
afterAll(async () => {
  await env?.dispose();
  admin(['delete', 'namespace', `nslab-${victim}`, `nslab-${attacker}`, '--ignore-not-found', '--wait=false']);
  admin(['delete', 'pv', `${victim}-pv`, 'stray-pv', `${attacker}-escape`, '--ignore-not-found', '--wait=false']);
  admin(['delete', 'clusterrolebinding', `nslab-learner-storage-${attacker}`, '--ignore-not-found']);
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const admin = (args: string[], input?: string) => adminKubectl(cluster, args, input);

function hostPathVolume(name: string, path: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'none', hostPath: { path } },
  });
}

function csiVolume(name: string, volumeHandle: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': 'csi.nslab.dev' } },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: 'none', persistentVolumeReclaimPolicy: 'Delete', csi: { driver: 'csi.nslab.dev', volumeHandle } },
  });
}

function localVolume(name: string, path: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'none',
      local: { path },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['nowhere'] }] }] } },
    },
  });
}

describe('a hostile submission to a Kubernetes lab, graded by nslab grade', () => {
  it('writes nothing on the host, reads no admin credential or grader environment, and leaves another learner alone', async () => {
    const marker = join(scratch, 'written-by-the-submission');
    const submission = join(scratch, 'hostile.sh');
    writeFileSync(
      submission,
      [
        `echo pwned > ${marker}; touch ${marker}-2`,
        // Whatever it can find, it keeps in its own namespace, where the test looks after.
        `found=$(cat /tmp/nslab-kube-*/kubeconfig /tmp/nslab-cluster-*/kubeconfig ~/.kube/config /root/.kube/config 2>&1; ls -la /tmp /run/nslab 2>&1; id)`,
        `kubectl create configmap loot --from-literal=env="$(env)" --from-literal=kubeconfig="$(cat "$KUBECONFIG")" --from-literal=found="$found"`,
        // The other learner's namespace and volume, then the whole cluster.
        `kubectl -n nslab-${victim} delete configmap notes; kubectl -n nslab-${victim} get secret secret -o yaml`,
        `kubectl delete pv ${victim}-pv; kubectl patch pv ${victim}-pv -p '{"spec":{"claimRef":{"namespace":"nslab-${attacker}","name":"steal"}}}'`,
        `kubectl delete namespace nslab-${victim}; kubectl create clusterrolebinding mine --clusterrole=cluster-admin --serviceaccount=nslab-${attacker}:nslab-learner`,
        // A volume of the node's root, and a privileged pod: the ways from the cluster to the host.
        `kubectl apply -f - <<'EOF'\n${hostPathVolume(`${attacker}-escape`, '/')}\nEOF`,
        `kubectl run root --image=busybox:1.36 --overrides='{"spec":{"containers":[{"name":"root","image":"busybox:1.36","securityContext":{"privileged":true}}]}}'`,
        '',
      ].join('\n'),
    );
    const result = await runCli(['grade', 'labs/static-pv-binding', '--submission', submission, '--keep', ...cluster.cliArgs(attacker), '--format', 'json'], {
      PATH: `${cluster.bin}:${process.env.PATH ?? ''}`,
      NSLAB_TEST_CANARY: `grader-only-${process.pid}`,
    });
    expect(result.stdout.trim().startsWith('{'), result.stderr).toBe(true);

    expect(existsSync(marker)).toBe(false);
    expect(existsSync(`${marker}-2`)).toBe(false);

    // The submission ran, and reached the cluster as the learner: its loot is in its own namespace.
    const loot = JSON.parse(admin(['-n', `nslab-${attacker}`, 'get', 'configmap', 'loot', '-o', 'json'])) as { data: Record<string, string> };
    const adminKubeconfig = readFileSync(cluster.target('admin').kubeconfig, 'utf8');
    expect(loot.data.env).not.toContain(`grader-only-${process.pid}`);
    expect(loot.data.env).toContain(`NSLAB_NAMESPACE=nslab-${attacker}`);
    expect(loot.data.found).toMatch(/uid=1000\(learner\)/);
    for (const text of [loot.data.env, loot.data.kubeconfig, loot.data.found]) {
      expect(text).not.toMatch(/client-key|client-certificate|BEGIN (RSA |EC )?PRIVATE KEY/);
      expect(text).not.toContain(adminKubeconfig.trim().slice(0, 200));
    }
    expect(loot.data.kubeconfig).toContain('"token"');

    // The other learner's things are all there; nothing of the cluster's changed hands.
    expect(admin(['-n', `nslab-${victim}`, 'get', 'configmap', 'notes', '-o', 'name']).trim()).toBe('configmap/notes');
    expect(admin(['get', 'pv', `${victim}-pv`, '-o', 'jsonpath={.spec.claimRef}']).trim()).toBe('');
    expect(admin(['get', 'clusterrolebinding', 'mine', '--ignore-not-found', '-o', 'name']).trim()).toBe('');
    expect(admin(['get', 'pv', `${attacker}-escape`, '--ignore-not-found', '-o', 'name']).trim()).toBe('');
    expect(admin(['-n', `nslab-${attacker}`, 'get', 'pod', 'root', '--ignore-not-found', '-o', 'name']).trim()).toBe('');
  }, 300_000);
});

describe("a Kubernetes lab's tools box", () => {
  it('runs script checks as the learner, with no network, no capability and no host file, and a kubeconfig that is not the learner\'s', async () => {
    const result = await env.exec(
      'id -u; grep CapEff /proc/self/status; cat /proc/net/dev | grep -c : ; ls /run/nslab; touch /usr/x 2>&1; ls /tmp/nslab-* 2>&1; env | grep -c KUBECONFIG=/run/nslab-checks/',
    );
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('1000');
    expect(lines[1]).toMatch(/CapEff:\s+0000000000000000/);
    expect(lines[2]).toBe('1'); // lo only
    expect(lines[3]).toBe('api.sock');
    expect(lines[4]).toMatch(/Read-only file system/);
    expect(lines[5]).toMatch(/No such file/);
    expect(lines[6]).toBe('1');
  });

  it("holds the learner to their namespace and their prefix", async () => {
    const can = async (what: string) => (await env.exec(`kubectl auth can-i ${what}`)).stdout.trim();
    expect(await can('create pods')).toBe('yes');
    expect(await can('create pods/exec')).toBe('yes');
    expect(await can('get secrets')).toBe('no');
    expect(await can('create rolebindings')).toBe('no');
    expect(await can('create serviceaccounts/token')).toBe('no');
    expect(await can(`list pods -n nslab-${victim}`)).toBe('no');
    expect(await can('create persistentvolumes')).toBe('yes');
    expect(await can('delete nodes')).toBe('no');

    const apply = (yaml: string) => env.exec('printf %s "$OBJECT" | kubectl apply -f -', { env: [`OBJECT=${yaml}`] });
    const mine = await apply(hostPathVolume(`${env.prefix}pv`, `/data/${env.prefix}pv`));
    expect(mine.exitCode, mine.stderr).toBe(0);
    const unprefixed = await apply(hostPathVolume('stray-pv', `/data/${env.prefix}pv`));
    expect(unprefixed.stderr).toMatch(/is not yours: name cluster-wide objects with your prefix/);
    const outside = await apply(hostPathVolume(`${env.prefix}root`, '/'));
    expect(outside.stderr).toMatch(/a hostPath volume must be one directory \/data\//);
    // The way through a learner's own volume: a pod of theirs puts `ln -s / root` in
    // /data/<prefix>pv, and a second volume under it would be bind-mounted at the node's /.
    const nested = await apply(hostPathVolume(`${env.prefix}pv-root`, `/data/${env.prefix}pv/root`));
    expect(nested.exitCode).not.toBe(0);
    expect(nested.stderr).toMatch(/a hostPath volume must be one directory \/data\/.* right under \/data \(no deeper path\)/);
    const nestedLocal = await apply(localVolume(`${env.prefix}pv-local-root`, `/data/${env.prefix}pv/root`));
    expect(nestedLocal.stderr).toMatch(/right under \/data \(no deeper path\)/);
    const nestedDevice = await apply(localVolume(`${env.prefix}pv-device`, `/dev/${env.prefix}disk/sda`));
    expect(nestedDevice.stderr).toMatch(/right under \/data \(no deeper path\)/);
    const withSlash = await apply(hostPathVolume(`${env.prefix}pv-slash`, `/data/${env.prefix}pv-slash/`));
    expect(withSlash.exitCode, withSlash.stderr).toBe(0);
    const theirs = await env.exec(`kubectl delete pv ${victim}-pv`);
    expect(theirs.stderr).toMatch(/is not yours/);
    // A CSI volume naming a volume the provisioner made for someone else's claim
    // (pvc-<uid>) would stage their data in the learner's pod, and with reclaim
    // Delete have the driver delete it: the handle must be the learner's too.
    const someoneElses = await apply(csiVolume(`${env.prefix}borrowed`, 'pvc-0b7a3c8e-1111-4222-8333-444455556666'));
    expect(someoneElses.exitCode).not.toBe(0);
    expect(someoneElses.stderr).toMatch(/a CSI volume of yours names a volume handle of yours: one that begins with /);
    const ownHandle = await apply(csiVolume(`${env.prefix}by-hand`, `${env.prefix}vol-1`));
    expect(ownHandle.exitCode, ownHandle.stderr).toBe(0);
  });

  it("runs script checks where the learner cannot point kubectl elsewhere: not their kubeconfig, their cache, their loopback or their processes", async () => {
    // The learner, in their own terminal: a fake apiserver of theirs (busybox httpd answering
    // every path), their kubeconfig pointed at it, kubectl's cache poisoned, the forwarder killed
    // and 127.0.0.1:6443 taken for the fake where they can.
    const attack = [
      'mkdir -p ~/fake/api && echo \'{"kind":"APIVersions","versions":["v1"]}\' > ~/fake/api/index.html',
      'busybox httpd -p 127.0.0.1:8080 -h ~/fake',
      `printf '%s' '{"apiVersion":"v1","kind":"Config","clusters":[{"name":"fake","cluster":{"server":"http://127.0.0.1:8080"}}],"users":[{"name":"u","user":{}}],"contexts":[{"name":"fake","context":{"cluster":"fake","user":"u"}}],"current-context":"fake"}' > ~/.kube/config`,
      'mkdir -p ~/.kube/cache/discovery && echo poisoned > ~/.kube/cache/discovery/servergroups.json',
      'busybox pkill -9 perl; kill -9 1; busybox httpd -p 127.0.0.1:6443 -h ~/fake',
      'echo saved > "$NSLAB_WORK/note"',
      'exit',
      '',
    ].join('\n');
    const terminal = env.shellCommand();
    execFileSync(terminal.file, terminal.args.map((a) => (a === '-it' ? '-i' : a)), { input: attack, encoding: 'utf8', env: { ...process.env, ...terminal.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const learnerView = execFileSync(terminal.file, [...terminal.args.slice(0, -3).map((a) => (a === '-it' ? '-i' : a)), 'sh', '-c', 'kubectl config view -o jsonpath="{.clusters[0].cluster.server}"'], {
      encoding: 'utf8',
      env: { ...process.env, ...terminal.env },
    });
    expect(learnerView.trim()).toBe('http://127.0.0.1:8080'); // the attack took in the learner's box

    const check = await env.exec(
      'kubectl auth whoami -o jsonpath="{.status.userInfo.username}"; echo; kubectl config view -o jsonpath="{.clusters[0].cluster.server}"; echo; cat "$NSLAB_WORK/note"; touch "$NSLAB_WORK/mine" 2>&1; printf "%s\\n" "$(cat "$KUBECONFIG" >/dev/null && echo readable)"; { echo x >> "$KUBECONFIG"; } 2>&1; cat /proc/[0-9]*/comm | sort -u | tr "\\n" " "',
    );
    const lines = check.stdout.split('\n');
    expect(lines[0], check.stderr).toBe(`system:serviceaccount:${env.namespace}:nslab-learner`); // the real apiserver answered
    expect(lines[1]).toBe('https://127.0.0.1:6443');
    expect(lines[2]).toBe('saved'); // the learner's work folder, read
    expect(lines[3]).toMatch(/Read-only file system/); // and never written
    expect(lines[4]).toBe('readable');
    expect(lines[5]).toMatch(/Permission denied/); // the checks' kubeconfig is root's
    expect(lines[6]).not.toMatch(/httpd|bash/); // no process of the learner's
    expect(lines[6]).toMatch(/perl/);
  });
});
