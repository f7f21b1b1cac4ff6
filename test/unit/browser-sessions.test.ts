// The browsers' session tokens of a class on Kubernetes: a token names its
// learner, survives a restart of the server, and the file keeps no token.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserSessions } from '../../electron/server/browser-sessions';

describe("a browser's session", () => {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-sessions-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names its learner, is known again after a restart, and is kept only as a digest', async () => {
    const file = join(scratch, 'sessions.json');
    const sessions = await BrowserSessions.open(file);
    const ana = await sessions.issue('Ana');
    const bea = await sessions.issue('Bea');
    expect(ana).not.toBe(bea);
    expect(sessions.learnerOf(ana)).toBe('Ana');
    expect(sessions.learnerOf(bea)).toBe('Bea');
    expect(sessions.learnerOf('forged')).toBeUndefined();
    expect(sessions.learnerOf(null)).toBeUndefined();
    const saved = readFileSync(file, 'utf8');
    expect(saved).not.toContain(ana);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reopened = await BrowserSessions.open(file);
    expect(reopened.learnerOf(ana)).toBe('Ana');
  });

  it('keeps none from a missing or unreadable file', async () => {
    expect((await BrowserSessions.open(join(scratch, 'missing.json'))).learnerOf('x')).toBeUndefined();
  });
});
