// Image build stages, read from real build output (test/fixtures/image-build/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBuildLine } from '../../electron/env/docker/build-progress';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/image-build/${name}`, import.meta.url), 'utf8').split('\n');
const stages = (lines: string[]) => lines.flatMap((line) => parseBuildLine(line) ?? []);

describe('parseBuildLine', () => {
  it('follows a debootstrap build through its three stages', () => {
    expect(stages(fixture('ensure-box-image-offline.txt'))).toEqual([
      { index: 1, total: 3, label: expect.stringMatching(/^debootstrap bookworm for nslab\/capture-offline:1 \(util-linux,/) },
      { index: 2, total: 3, label: 'importing as nslab/capture-offline:1' },
      { index: 3, total: 3, label: 'built nslab/capture-offline:1' },
    ]);
  });

  it("follows the classic builder's steps", () => {
    expect(stages(fixture('classic-docker-build.txt'))).toEqual([
      { index: 1, total: 4, label: 'FROM nslab/box:1' },
      { index: 2, total: 4, label: 'COPY packages.txt /tmp/packages.txt' },
      { index: 3, total: 4, label: 'RUN true' },
      { index: 4, total: 4, label: 'LABEL nslab.image=capture' },
    ]);
  });

  it("follows the kind node image recipe's six stages", () => {
    expect(stages(fixture('kind-node-build.txt')).map((s) => `${s.index}/${s.total} ${s.label.split(' ')[0]}`)).toEqual([
      '1/6 Debian',
      '2/6 binaries:',
      "3/6 kind's",
      '4/6 the',
      '5/6 importing',
      '6/6 writing',
    ]);
  });

  // Not captured here (no buildx on this machine): the plain-progress line format
  // BuildKit prints when stderr is not a terminal, as it appears in public build logs.
  it("follows BuildKit's plain progress (format only, not a capture)", () => {
    expect(parseBuildLine('#6 [2/4] COPY packages.txt /tmp/packages.txt')).toEqual({ index: 2, total: 4, label: 'COPY packages.txt /tmp/packages.txt' });
    expect(parseBuildLine('#9 [build 3/5] RUN make')).toEqual({ index: 3, total: 5, label: 'RUN make' });
    expect(parseBuildLine('#6 CACHED')).toBeUndefined();
  });

  it('ignores everything else', () => {
    expect(stages(['Sending build context to Docker daemon  4.608kB', ' ---> 5cfef9b95060', 'ensure-box-image: nslab/box:1 is missing'])).toEqual([]);
  });
});
