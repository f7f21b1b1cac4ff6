// Which lab cards say "ready": kernel labs by the engine and images, Kubernetes labs by their cluster.
import { describe, expect, it } from 'vitest';
import { labReady } from '../../renderer/src/lab-readiness';

const engine = { requirement: 'docker', met: true, detail: 'Docker 28' };
const image = { requirement: 'nslab/box:1', met: true, detail: 'image present' };
const noCluster = { requirement: 'kind', met: false, detail: 'There is no kind cluster nslab yet.' };

describe('labReady', () => {
  it('readies a kernel lab on the engine and images, whatever the cluster', () => {
    expect(labReady({ requires: ['docker'] }, [engine, image, noCluster])).toBe(true);
    expect(labReady({ requires: ['docker'] }, [engine, { ...image, met: false }, noCluster])).toBe(false);
  });

  it('readies a Kubernetes lab on its cluster alone', () => {
    expect(labReady({ requires: ['kind'] }, [{ ...engine, met: false }, noCluster])).toBe(false);
    expect(labReady({ requires: ['kind'] }, [{ ...engine, met: false }, { ...noCluster, met: true }])).toBe(true);
  });

  it('readies nothing before the status arrived', () => {
    expect(labReady({ requires: ['docker'] }, [])).toBe(false);
  });
});
