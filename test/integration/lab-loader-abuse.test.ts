// Lab folders as a hostile pack would ship them: every odd file a lab can name
// is a located problem, read never, and the good lab beside it still loads.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../electron/app/catalog-service';
import { MAX_LAB_YAML_BYTES } from '../../electron/labs/lab-files';
import { lintLabs } from '../../electron/labs/lint';
import { loadLabs } from '../../electron/labs/loader';
import { formatProblem } from '../../electron/labs/problems';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-loader-abuse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GOOD = 'uts-namespace';
const STEP = 'steps/01-look-around.md';

/** A labs folder with the good lab and a copy of it under `id`, changed by `spoil`. */
function labsWith(id: string, spoil: (labDir: string) => void): { root: string; labFile: string } {
  const root = join(scratch, id);
  cpSync(join(REPO_ROOT, 'labs', GOOD), join(root, GOOD), { recursive: true });
  const labDir = join(root, id);
  cpSync(join(REPO_ROOT, 'labs', GOOD), labDir, { recursive: true });
  const labFile = join(labDir, 'lab.yaml');
  writeFileSync(labFile, readFileSync(labFile, 'utf8').replace(/^id: .*$/m, `id: ${id}`));
  spoil(labDir);
  return { root, labFile };
}

/** The line of lab.yaml naming the first step's text, where its problem must point. */
function stepTextLine(labFile: string): number {
  return readFileSync(labFile, 'utf8').split('\n').findIndex((l) => l.includes(STEP)) + 1;
}

/** The one lab problem the spoiled lab gets; the good lab loads beside it. */
async function onlyProblem(root: string): Promise<string> {
  const { labs, problems } = await loadLabs(root);
  expect(labs.map((l) => l.id)).toEqual([GOOD]);
  expect(problems).toHaveLength(1);
  return formatProblem(problems[0]!);
}

function replaceStep(labDir: string, make: (path: string) => void): void {
  rmSync(join(labDir, STEP));
  make(join(labDir, STEP));
}

describe('files a lab names', () => {
  it('a step text that is a symlink to /etc/passwd is refused, located, never read', async () => {
    const { root, labFile } = labsWith('symlinked', (dir) => replaceStep(dir, (p) => symlinkSync('/etc/passwd', p)));
    const problem = await onlyProblem(root);
    expect(problem).toBe(
      `${labFile}:${stepTextLine(labFile)}:5: steps[0].text: ${STEP} is outside the lab folder (it resolves to /etc/passwd); a lab reads only its own files (relative to lab.yaml)`,
    );
  });

  it('`../../secret.md` is refused although the file exists', async () => {
    const { root, labFile } = labsWith('escape', (dir) => {
      writeFileSync(join(dir, '..', '..', 'secret.md'), 'secret');
      writeFileSync(join(dir, 'lab.yaml'), readFileSync(join(dir, 'lab.yaml'), 'utf8').replace(STEP, '../../secret.md'));
    });
    const problem = await onlyProblem(root);
    expect(problem).toMatch(new RegExp(`^${labFile}:\\d+:5: steps\\[0\\]\\.text: \\.\\./\\.\\./secret\\.md is outside the lab folder`));
    expect(problem).not.toContain('secret (');
  });

  it('a FIFO as a step text does not hang the loader (nobody ever writes to it)', async () => {
    const { root, labFile } = labsWith('fifo', (dir) => replaceStep(dir, (p) => execFileSync('mkfifo', [p])));
    expect(await onlyProblem(root)).toBe(`${labFile}:${stepTextLine(labFile)}:5: steps[0].text: ${STEP} is a FIFO; only regular files are read (relative to lab.yaml)`);
  }, 10_000);

  it('/dev/zero as a step text, by symlink or as a device node in the folder, is refused', async () => {
    const linked = labsWith('dev-zero-link', (dir) => replaceStep(dir, (p) => symlinkSync('/dev/zero', p)));
    expect(await onlyProblem(linked.root)).toContain(`${STEP} is outside the lab folder (it resolves to /dev/zero)`);
    // mknod needs root, which CI has: the same character device (1, 5) inside the lab folder.
    const node = labsWith('dev-zero-node', (dir) => replaceStep(dir, (p) => execFileSync('mknod', [p, 'c', '1', '5'])));
    expect(await onlyProblem(node.root)).toContain(`${STEP} is a device; only regular files are read`);
  }, 10_000);

  it('a lab.yaml of 54 MB is refused from its size, without being read', async () => {
    const { root, labFile } = labsWith('huge', (dir) => truncateSync(join(dir, 'lab.yaml'), 54 * 1024 * 1024));
    expect(await onlyProblem(root)).toBe(`${labFile}:1:1: lab.yaml is too large (${54 * 1024 * 1024} bytes; a lab file may hold at most ${MAX_LAB_YAML_BYTES} bytes)`);
  }, 10_000);

  it.each([100, 50_000])('a lab.yaml nested %i levels deep is a located YAML problem, not a stack overflow', async (depth) => {
    const { root, labFile } = labsWith(`deep-${depth}`, (dir) => writeFileSync(join(dir, 'lab.yaml'), `id: deep\nsteps: ${'['.repeat(depth)}${']'.repeat(depth)}\n`));
    expect(await onlyProblem(root)).toMatch(new RegExp(`^${labFile}:2:\\d+: YAML: nested more than 64 levels deep$`));
  }, 20_000);

  it('a step text that is not UTF-8 is named', async () => {
    const { root } = labsWith('binary', (dir) => writeFileSync(join(dir, STEP), Buffer.from([0xff, 0xfe, 0x00, 0xc3])));
    expect(await onlyProblem(root)).toContain(`${STEP} is not UTF-8 text`);
  });
});

describe('one broken lab beside a good one', () => {
  it('the catalog lists the good lab and shows the broken one as a problem; lint lints both', async () => {
    const { root, labFile } = labsWith('broken', (dir) => {
      replaceStep(dir, (p) => execFileSync('mkfifo', [p]));
      mkdirSync(join(dir, 'steps', 'more'));
    });
    const catalog = await new CatalogService(root).listLabs();
    expect(catalog.labs.map((l) => l.id)).toEqual([GOOD]);
    expect(catalog.problems.map((p) => p.file)).toEqual([labFile]);

    const lint = await lintLabs(root);
    expect(lint.labIds).toEqual([GOOD]);
    expect(lint.problems.map(formatProblem)).toEqual([`${labFile}:${stepTextLine(labFile)}:5: steps[0].text: ${STEP} is a FIFO; only regular files are read (relative to lab.yaml)`]);
  }, 10_000);
});
