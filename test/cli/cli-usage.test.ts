// Every command answers --help and -h with its own usage (exit 0), and an
// unknown option with one line naming it, then that usage (exit 2), before it
// touches anything.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands';
import { runCli } from '../helpers/cli';

describe.each(COMMANDS.map((c) => [c.name, c] as const))('nslab %s', (name, command) => {
  it.each(['--help', '-h'])(`%s prints its usage, exit 0`, async (flag) => {
    const { code, stdout, stderr } = await runCli([name, flag]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`usage:\n${command.usage}`);
    expect(stdout).toContain(`nslab ${name}`);
  });

  it('an unknown option: one line naming it, then the usage, exit 2', async () => {
    // cluster's options come after its action; the others take them right away.
    const args = name === 'cluster' ? [name, 'status', '--no-such-option'] : [name, '--no-such-option'];
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`nslab ${name}: unknown option --no-such-option\nusage:\n${command.usage}`);
  });
});

describe('nslab', () => {
  it('--help lists every command, once, from the commands themselves', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout.split(command.usage)).toHaveLength(2);
    expect(stdout).toContain('nslab <command> --help');
  });

  it('`help grade` is `grade --help`; an option after `--` is not a call for help', async () => {
    const grade = COMMANDS.find((c) => c.name === 'grade')!;
    expect((await runCli(['help', 'grade'])).stdout).toBe(`usage:\n${grade.usage}`);
    const { code, stderr } = await runCli(['lint', '--', '--help']);
    expect(code).toBe(1);
    expect(stderr).toContain('--help');
  });
});
