// The pack format on the shipped packs and on broken copies of them: every
// problem located at its line, with what was expected.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packProblems, parsePackYaml, type PackContext, type PackDefinition } from '../../electron/labs/pack';
import { formatProblem, type LabProblem } from '../../electron/labs/problems';

const kernel = readFileSync(new URL('../../labs/kernel.pack.yaml', import.meta.url), 'utf8');
const kube = readFileSync(new URL('../../labs/kubernetes-storage.pack.yaml', import.meta.url), 'utf8');

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function parsed(text: string): { pack: PackDefinition; locate: PackContext['locate'] } {
  const result = parsePackYaml(text, 'kernel.pack.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return { pack: result.value, locate: result.locate };
}

function schemaProblems(text: string): LabProblem[] {
  const result = parsePackYaml(text, 'kernel.pack.yaml');
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const KERNEL_LABS = [
  'uts-namespace', 'pid-namespace', 'ipc-namespace', 'mnt-namespace', 'user-namespace', 'net-namespace', 'container-network-by-hand', 'cgroup-memory-oom',
  'cgroup-cpu-limit', 'cgroup-pids-limit', 'cgroup-weights-and-freezer', 'cgroup-namespace', 'pid-namespace-init', 'overlayfs-copy-on-write', 'docker-under-the-hood', 'mount-propagation',
];

function context(locate: PackContext['locate'], over: Partial<PackContext> = {}): PackContext {
  return {
    file: 'kernel.pack.yaml',
    fileStem: 'kernel',
    labsRoot: 'labs',
    locate,
    labIds: KERNEL_LABS,
    imageOf: (id) => (id === 'docker-under-the-hood' ? 'nslab/box-docker:1' : 'nslab/box:1'),
    ...over,
  };
}

describe('the shipped packs', () => {
  it('kernel: every box lab from beginner to advanced, and both box images', () => {
    const { pack, locate } = parsed(kernel);
    expect(pack).toMatchObject({ id: 'kernel', version: '1.0.0', labs: KERNEL_LABS, images: ['nslab/box:1', 'nslab/box-docker:1'] });
    expect(packProblems(pack, context(locate))).toEqual([]);
  });

  it('kubernetes-storage: every kube lab, and the kind node image', () => {
    const result = parsePackYaml(kube, 'kubernetes-storage.pack.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.labs).toEqual(expect.arrayContaining(['static-pv-binding', 'controller-reconcile', 'dynamic-provisioning',
      'wait-for-first-consumer', 'reclaim-retain-vs-delete', 'access-mode-mismatch', 'data-survives-pod', 'replicaset-ownership', 'claim-and-volume-lifecycle', 'csi-attach-by-hand',
      'rollouts-and-foreground-deletion', 'statefulset-claim-templates', 'write-a-reconcile-loop', 'csi-attach-and-mount',
      'volume-expansion-and-snapshots']));
    expect(result.value.labs).toHaveLength(15);
    expect(result.value.images).toContain('nslab/kind-node:v1.37.2-r3');
  });
});

describe('parsePackYaml', () => {
  it('locates an unknown field and suggests the right one', () => {
    const text = kernel.replace('version: 1.0.0', 'verison: 1.0.0');
    const problems = schemaProblems(text);
    expect(problems).toContainEqual(
      expect.objectContaining({ line: lineOf(text, 'verison'), column: 1, path: 'verison', message: 'unknown field "verison"; did you mean "version"?' }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ path: 'version', message: 'missing required field "version"' }));
  });

  it('says what a version and an image look like', () => {
    const text = kernel.replace('version: 1.0.0', 'version: "1.0"').replace('  - nslab/box-docker:1', '  - nslab/box-docker');
    const problems = schemaProblems(text);
    expect(problems).toContainEqual(expect.objectContaining({ line: lineOf(text, 'version:'), path: 'version', message: 'a version such as "1.0.0"' }));
    expect(problems).toContainEqual(
      expect.objectContaining({ line: lineOf(text, '- nslab/box-docker'), column: 5, path: 'images[1]', message: expect.stringContaining('an image with its tag') }),
    );
  });

  it('accepts registries with ports and digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const text = kernel.replace('  - nslab/box-docker:1', `  - nslab/box-docker:1\n  - registry.local:5000/team/node:v1.2.3\n  - kindest/node:v1.37.0@${digest}`);
    expect(parsed(text).pack.images).toHaveLength(4);
  });

  it('locates YAML syntax errors', () => {
    const text = kernel.replace('  - pid-namespace', '\t- pid-namespace');
    expect(schemaProblems(text)[0]).toMatchObject({ file: 'kernel.pack.yaml', line: lineOf(text, '\t- pid-namespace'), message: expect.stringMatching(/^YAML: /) });
  });
});

describe('packProblems', () => {
  it('names a lab that does not exist, where it is listed, with the closest one', () => {
    const text = kernel.replace('  - pid-namespace', '  - pid-namespaces\n  - replicaset-ownership');
    const { pack, locate } = parsed(text);
    const problems = packProblems(pack, context(locate));
    expect(problems.map(formatProblem)).toEqual([
      `kernel.pack.yaml:${lineOf(text, 'pid-namespaces')}:5: labs[1]: no lab "pid-namespaces" in labs (a lab is a folder pid-namespaces/ with lab.yaml); did you mean "pid-namespace"?`,
      `kernel.pack.yaml:${lineOf(text, 'replicaset-ownership')}:5: labs[2]: no lab "replicaset-ownership" in labs (a lab is a folder replicaset-ownership/ with lab.yaml)`,
    ]);
  });

  it('accepts a lab once it exists', () => {
    const { pack, locate } = parsed(kernel.replace('  - pid-namespace', '  - pid-namespace\n  - replicaset-ownership'));
    const ctx = context(locate, { labIds: [...KERNEL_LABS, 'replicaset-ownership'], imageOf: (id) => (id === 'replicaset-ownership' ? undefined : 'nslab/box:1') });
    expect(packProblems(pack, ctx)).toEqual([]);
  });

  it('finds a lab listed twice, and an id that is not the file name', () => {
    const text = kernel.replace('id: kernel', 'id: kernel-basics').replace('  - mount-propagation', '  - mount-propagation\n  - uts-namespace');
    const { pack, locate } = parsed(text);
    const problems = packProblems(pack, context(locate));
    expect(problems).toContainEqual(expect.objectContaining({ line: lineOf(text, 'id: kernel'), path: 'id', message: 'expected "kernel" (the file name before .pack.yaml), found "kernel-basics"' }));
    expect(problems).toContainEqual(expect.objectContaining({ path: `labs[${KERNEL_LABS.length}]`, message: 'lab "uts-namespace" is listed twice (first at labs[0])' }));
  });

  it('names an image the labs run in that the pack leaves out, once', () => {
    const text = kernel.replace('  - nslab/box:1\n', '');
    const { pack, locate } = parsed(text);
    const problems = packProblems(pack, context(locate));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: lineOf(text, 'images:'), path: 'images', message: expect.stringMatching(/^nslab\/box:1 is missing: uts-namespace, pid-namespace, .*mount-propagation run in it/) });
  });
});
