// file.content on a real lab box, against files a learner could leave: the
// check reads at most FILE_CHECK_MAX_BYTES, whatever the file is.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { CheckRound, evaluateCheck } from '../../electron/engine/checks/evaluate';
import { FILE_CHECK_MAX_BYTES } from '../../electron/engine/checks/file-check';
import type { Check } from '../../electron/shared/lab';

let docker: Docker;
let box: LabBox;

beforeAll(async () => {
  docker = await connectDocker();
  box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'file-check-test', hostname: 'nslab-box' });
});
afterAll(async () => {
  await box?.dispose();
});

const fileCheck = (path: string, contains: string): Check => ({ check: 'file.content', path, contains }) as Check;

describe('file.content', () => {
  it('reads a 1.5 GB sparse file only up to its cap, and says so', async () => {
    const made = await box.exec('truncate -s 1500M /lab/big && printf marker | dd of=/lab/big conv=notrunc 2>/dev/null');
    expect(made.exitCode).toBe(0);
    const rssBefore = process.memoryUsage().rss;
    const result = await evaluateCheck(fileCheck('/lab/big', 'marker'), new CheckRound(box));
    const grewBy = process.memoryUsage().rss - rssBefore;
    process.stdout.write(`file.content on a 1.5 GB sparse file: the grader grew by ${(grewBy / 1e6).toFixed(1)} MB\n`);
    expect(result.status).toBe('pass');
    const missing = await evaluateCheck(fileCheck('/lab/big', 'absent'), new CheckRound(box));
    expect(missing.status).toBe('fail');
    expect(missing.found).toContain(`larger than ${FILE_CHECK_MAX_BYTES} bytes, so only its first ${FILE_CHECK_MAX_BYTES} were read`);
    expect(grewBy).toBeLessThan(256 * 1024 * 1024);
  });

  it('takes a path with quotes, $() and a newline as a path, never as shell', async () => {
    const path = "/lab/it's $(touch pwned)\nx";
    const made = await box.exec('printf hello > "$P"', { env: [`P=${path}`] });
    expect(made.stderr).toBe('');
    const result = await evaluateCheck(fileCheck(path, 'hello'), new CheckRound(box));
    expect(result).toMatchObject({ status: 'pass' });
    expect((await box.exec('find / /lab -xdev -name pwned 2>/dev/null')).stdout).toBe('');
  });

  it('reads /dev/zero up to the cap and ends', async () => {
    const result = await evaluateCheck(fileCheck('/dev/zero', 'x'), new CheckRound(box));
    expect(result.status).toBe('fail');
    expect(result.found).toContain('only its first');
  });
});
