// KindCluster.create with a FAKE kind: a shell script that replays kind's
// output, because the real kind cannot get as far as a finished cluster here
// (no node image; test/cluster/kind-cluster.test.ts runs the real one up to
// that failure). It shows how nslab calls kind and what it makes of a success
// and of kind's exit-0 "not Ready" warning.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../electron/env/errors';
import { KindCluster, type KindEvent } from '../../electron/env/kind';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-fake-kind-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const success = fileURLToPath(new URL('../fixtures/kind/create-success.reconstructed.stderr', import.meta.url));

/** A fake kind printing `stderrFile` and recording its arguments and KUBECONFIG. */
function fakeKind(stderrFile: string): { kind: string; calls: string } {
  const dir = mkdtempSync(join(scratch, 'kind-'));
  const kind = join(dir, 'kind');
  const calls = join(dir, 'calls');
  writeFileSync(kind, `#!/bin/sh\necho "KUBECONFIG=$KUBECONFIG $*" >> '${calls}'\ncat '${stderrFile}' >&2\n`);
  chmodSync(kind, 0o755);
  return { kind, calls };
}

describe('KindCluster.create (fake kind replaying kind output)', () => {
  it('runs kind with nslab\'s kubeconfig and streams each stage as it comes', async () => {
    const { kind, calls } = fakeKind(success);
    const kubeconfigPath = join(scratch, 'config', 'nslab', 'kind', 'nslab.kubeconfig');
    const cluster = new KindCluster({ kind, kubectl: '/usr/bin/kubectl', searchPath: process.env.PATH ?? '' }, { kubeconfigPath });
    const events: KindEvent[] = [];
    await cluster.create({ onEvent: (e) => events.push(e), image: 'kindest/node:v1.37.0' });

    expect(readFileSync(calls, 'utf8')).toBe(
      `KUBECONFIG=${kubeconfigPath} create cluster --name nslab --kubeconfig ${kubeconfigPath} --wait 5m --image kindest/node:v1.37.0\n`,
    );
    const stages = events.flatMap((e) => (e.type === 'stage' ? [`${e.stage} ${e.state}`] : []));
    expect(stages.slice(0, 4)).toEqual(['node-image running', 'node-image done', 'nodes running', 'nodes done']);
    expect(stages).toHaveLength(14);
    expect(cluster.kubeTarget('alice')).toEqual({ kubeconfig: kubeconfigPath, context: 'kind-nslab', learner: 'alice', kubectlDir: '/usr/bin' });
  });

  it('turns kind\'s exit-0 "Timed out waiting for Ready" into an error that says what to check', async () => {
    const notReady = join(scratch, 'not-ready.stderr');
    // kind's waitforready.go on a timeout: the stage ends failed, a warning follows, exit 0.
    writeFileSync(notReady, readFileSync(success, 'utf8').replace(' ✓ Waiting ≤ 5m0s', ' ✗ Waiting ≤ 5m0s').replace(' • Ready after 21s 💚', ' • WARNING: Timed out waiting for Ready ⚠️'));
    const cluster = new KindCluster({ kind: fakeKind(notReady).kind, kubectl: '/usr/bin/kubectl', searchPath: process.env.PATH ?? '' }, { kubeconfigPath: join(scratch, 'nr.kubeconfig') });
    const failure = await cluster.create().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).message).toBe('The kind cluster nslab was made, but its control plane was not Ready within 5m.');
  });
});
